// SMS relay benchmark (README "Performance", issue 18): N reminder SMS relayed by the REAL worker process through its
// SMPP bind to a local SMPP server (the `smpp` package's), against the raw floor: the same library binding the same way
// and submitting the same PDUs in a bare loop with the same window.
//
//   npm run build:server && node bench/messages.mjs --n 50000 [--backend postgres|redis] [--window 10] [--paced-n 10000]
//
// Phases against one worker:
//   burst — all N due at the same instant: messages/s from fire time to the last 'sent', ratio to the floor's rate;
//   paced — --paced-n messages due evenly at --paced-ratio (0.5) × the floor rate: lateness (sent_at − fire_at) p50/p99.
// The rows are written as MessagingService.enqueue leaves them (queued, text sealed with the worker's data keys), for
// 1,000 returnees with a phone and contact consent; timings come from the database. The bench database is dropped after.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import smpp from 'smpp';
import { adminQuery, deleteRedisPrefix, int, log, parseArgs, ROOT, round, stopProcess, WORKER_MAIN } from './common.mjs';

const require = createRequire(import.meta.url);

const DIST = join(ROOT, 'dist/apps/worker');

const args = parseArgs(process.argv.slice(2));
const N = int(args.n, 50_000);
const WINDOW = int(args.window, 10);
const BACKEND = args.backend === 'redis' ? 'redis' : 'postgres';
const PACED_N = int(args['paced-n'], Math.min(N, 10_000));
const PACED_RATIO = Number(args['paced-ratio'] ?? 0.5);
// --paced-rate: an absolute offered load (messages/s) instead of a share of the floor, e.g. one the relay sustains
const PACED_RATE = args['paced-rate'] === undefined ? null : Number(args['paced-rate']);
const PG_SERVER = args.pg ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = `${args.redis ?? process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'}/${int(args['redis-db'], 7)}`;
const TIMEOUT_S = int(args.timeout, 900);
// one UCS-2 segment, as most reminders in Kyrgyz: what the operator bills once
const TEXT = 'Эскертүү: эртең саат 10:00 жолугушууңуз бар. Жери: Токтогула 12.';

if (!existsSync(WORKER_MAIN)) {
  console.error(`No ${WORKER_MAIN}: run \`npm run build:server\` first.`);
  process.exit(1);
}
const { runMigrations } = require(join(DIST, 'libs/shared/src/db/data-source.js'));
const { AAD, FieldCipher, parseDataKeys } = require(join(DIST, 'libs/shared/src/crypto/field-cipher.js'));
const { planSms } = require(join(DIST, 'libs/messaging/src/channels/segments.js'));

const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const db = `kaytuu_bench_msg_${run}`;
const dbUrl = `${PG_SERVER}/${db}`;
const prefix = `kt_bench_msg_${run}`;
let worker = null;
const server = startSmsc();

try {
  await server.ready;
  const port = server.address().port;
  log(`run ${run}: N=${N}, window ${WINDOW}, ${BACKEND} backend, ${cpus().length} cores, SMSC on port ${port}`);
  const floor = await rawFloor(port, N);
  log(`floor: ${N} submit_sm in ${floor.seconds} s = ${floor.perSec.toFixed(0)} messages/s`);

  await adminQuery(PG_SERVER, `CREATE DATABASE ${db}`);
  await runMigrations(dbUrl);
  const keys = { DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`, DATA_HMAC_KEY: randomBytes(32).toString('base64') };
  const cipher = new FieldCipher(parseDataKeys(keys));
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const officeId = await seedPeople(c, cipher);
  const body = cipher.encrypt(TEXT, AAD.messageBody);

  worker = spawn(process.execPath, [WORKER_MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      JWT_SECRET: randomBytes(24).toString('hex'),
      ...keys,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'info',
      RELAY_INTERVAL_MS: '200',
      RELAY_HORIZON_SECONDS: '300',
      STALE_ENQUEUED_SECONDS: '120',
      SMPP_URL: `smpp://127.0.0.1:${port}`,
      SMPP_SYSTEM_ID: 'bench',
      SMPP_PASSWORD: 'bench',
      SMPP_WINDOW: String(WINDOW),
      ...(BACKEND === 'redis' ? { REDIS_URL } : {}),
    },
  });
  let out = '';
  worker.stdout.on('data', (d) => (out = (out + d).slice(-20_000)));
  worker.stderr.on('data', (d) => (out = (out + d).slice(-20_000)));
  await waitUntil(
    () => out.includes('SMPP bound as transceiver'),
    60_000,
    () => `worker not bound:\n${out}`,
  );

  // burst: everything due a few seconds from now (time for the relay to hand the rows to the queue is part of it)
  const burstAt = new Date(Date.now() + 5_000);
  await seedMessages(c, officeId, body, 'burst', N, burstAt, 0);
  const burst = await measure(c, 'burst', N);
  log(
    `burst: ${N} sent in ${burst.seconds} s after fire time = ${burst.perSec.toFixed(0)} messages/s (${((burst.perSec / floor.perSec) * 100).toFixed(0)}% of the floor)`,
  );

  const rate = PACED_RATE ?? floor.perSec * PACED_RATIO;
  const spreadMs = (PACED_N / rate) * 1000;
  const pacedAt = new Date(Date.now() + 5_000);
  await seedMessages(c, officeId, body, 'paced', PACED_N, pacedAt, spreadMs);
  const paced = await measure(c, 'paced', PACED_N);
  log(`paced: ${PACED_N} at ${rate.toFixed(0)}/s offered: lateness p50 ${paced.p50} s, p99 ${paced.p99} s`);

  const segments = (await c.query(`SELECT sum(segments)::int AS s, count(*) FILTER (WHERE encoding = 'ucs2')::int AS u FROM message`)).rows[0];
  console.log(
    JSON.stringify(
      {
        n: N,
        window: WINDOW,
        backend: BACKEND,
        floorPerSec: round(floor.perSec, 0),
        burstPerSec: round(burst.perSec, 0),
        ratio: round(burst.perSec / floor.perSec, 2),
        pacedN: PACED_N,
        pacedOfferedPerSec: round(rate, 0),
        latenessP50s: paced.p50,
        latenessP99s: paced.p99,
        smscReceived: server.received,
        segmentsRecorded: segments.s,
        ucs2: segments.u,
      },
      null,
      2,
    ),
  );
  await c.end();
  await cleanup(0);
} catch (err) {
  console.error(err);
  await cleanup(1);
}

// A minimal SMSC: accepts any bind, answers every submit_sm with a message id, counts them.
function startSmsc() {
  const s = smpp.createServer({}, (session) => {
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu) => session.send(pdu.response({ system_id: 'bench-smsc' })));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu) => {
      s.received++;
      session.send(pdu.response({ message_id: `b${s.received.toString(16)}` }));
    });
  });
  s.received = 0;
  s.ready = new Promise((r) => s.listen(0, '127.0.0.1', r));
  return s;
}

// The floor: one transceiver bind, the same submit_sm the channel sends (UCS-2 payload, receipt asked), at most WINDOW
// unanswered, in a bare loop.
async function rawFloor(port, n) {
  const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
  await new Promise((resolve, reject) =>
    session.on('connect', () =>
      session.bind_transceiver({ system_id: 'floor', password: 'floor' }, (p) => (p.command_status ? reject(new Error('bind')) : resolve())),
    ),
  );
  const plan = planSms(TEXT);
  const before = server.received;
  const t0 = performance.now();
  let sent = 0;
  let done = 0;
  await new Promise((resolve) => {
    const pump = () => {
      while (sent < n && sent - done < WINDOW) {
        sent++;
        session.submit_sm(
          {
            source_addr_ton: 5,
            source_addr: 'Kaytuu',
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: `99670${String(sent % 1000).padStart(7, '0')}`,
            registered_delivery: 1,
            data_coding: plan.dataCoding,
            short_message: plan.parts[0],
          },
          () => {
            done++;
            if (done === n) resolve();
            else pump();
          },
        );
      }
    };
    pump();
  });
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => session.unbind(() => r()));
  session.close();
  if (server.received - before !== n) throw new Error('floor: the SMSC did not receive every submit');
  return { seconds: round(seconds, 2), perSec: n / seconds };
}

async function seedPeople(c, cipher) {
  const {
    rows: [office],
  } = await c.query(`INSERT INTO office (name, oblast, district) VALUES ('Bench office', 'chuy', 'alamudun') RETURNING id`);
  const phones = Array.from({ length: 1000 }, (_, i) => `+99670${String(i).padStart(7, '0')}`);
  await c.query(
    `INSERT INTO returnee (code, last_name, first_name, sex, birth_date, oblast, district, office_id, search_text, languages, phone_enc, phone_hmac)
     SELECT 'KT-2026-' || lpad(g::text, 6, '0'), 'Асанов' || g, 'Бакыт', 'male', date '1990-01-01' + g, 'chuy', 'alamudun', $1, 'асанов бакыт', '{ky}',
            ($2::text[])[g], ($3::text[])[g]
       FROM generate_series(1, 1000) g`,
    [office.id, phones.map((p) => cipher.encrypt(p, AAD.returneePhone)), phones.map((p) => cipher.phoneHmac(p))],
  );
  await c.query(`INSERT INTO consent (returnee_id, scope, given_at) SELECT id, '{data_processing,contact_by_phone}', now() - interval '1 day' FROM returnee`);
  return office.id;
}

// As MessagingService.enqueue leaves them: queued appointment reminders, text sealed, Kyrgyz, one per returnee in turn;
// the phase is tagged in dedupe_key so the phases are measured apart.
async function seedMessages(c, officeId, body, phase, n, firstAt, spreadMs) {
  const people = (await c.query(`SELECT id FROM returnee ORDER BY id`)).rows.map((r) => r.id);
  const step = n > 1 ? spreadMs / (n - 1) : 0;
  for (let i = 0; i < n; i += 10_000) {
    const count = Math.min(10_000, n - i);
    await c.query(
      `INSERT INTO message (returnee_id, office_id, channel, direction, kind, template_key, language, body_enc, status, fire_at, dedupe_key)
       SELECT ($8::uuid[])[1 + g % cardinality($8::uuid[])], $1, 'sms', 'out', 'appointment_reminder', 'appointment_reminder.evening', 'ky', $2, 'queued',
              $3::timestamptz + ((g - 1) * $4::double precision) * interval '1 millisecond', $5 || g
         FROM generate_series($6::int, $7::int) g`,
      [officeId, body, firstAt, step, `${phase}:`, i + 1, i + count, people],
    );
  }
}

async function measure(c, phase, n) {
  const deadline = Date.now() + TIMEOUT_S * 1000;
  for (;;) {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM message WHERE dedupe_key LIKE $1 AND status = 'sent'`, [`${phase}:%`]);
    if (rows[0].n >= n) break;
    if (Date.now() > deadline) throw new Error(`${phase}: only ${rows[0].n}/${n} sent after ${TIMEOUT_S} s`);
    await sleep(500);
  }
  const { rows } = await c.query(
    `SELECT extract(epoch FROM max(sent_at) - min(fire_at))::float AS span,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - fire_at))::float AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - fire_at))::float AS p99
       FROM message WHERE dedupe_key LIKE $1`,
    [`${phase}:%`],
  );
  return { seconds: round(rows[0].span, 2), perSec: n / rows[0].span, p50: round(rows[0].p50, 3), p99: round(rows[0].p99, 3) };
}

async function waitUntil(cond, ms, what) {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(what());
    await sleep(100);
  }
}

async function cleanup(code) {
  await stopProcess(worker);
  server.close();
  for (const s of server.sessions ?? []) s.destroy();
  await adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch((e) => console.error(`cleanup: ${e.message}`));
  if (BACKEND === 'redis') await deleteRedisPrefix(REDIS_URL, prefix).catch(() => undefined);
  process.exit(code);
}
