// Reminder delivery benchmark (README "Reminder delivery"): N due reminders through the REAL worker process vs the same N jobs
// through a raw BullMQ no-op worker (the floor), per queue backend, in one run.
//
//   npm run build:server && npm run bench:reminders -- --n 100000 --backend redis|postgres|both
//
// Flags: --n (100000) --backend redis|postgres|both (both) --n-postgres (= n) --paced-n (min(n, 20000)) --paced-ratio (0.5)
//        --paced-rate reminders/s (overrides --paced-ratio)
//        --out file (bench/results-reminders.json) --lead seconds before the first fire time (auto: enough for the relay to queue N first) --phases burst,paced --redis-db (7) --timeout s (900)
// Per backend: a fresh database on the machine's Postgres, migrated with dist's runMigrations; the floor (raw
// Queue.addBulk + Worker, no-op processor, the real reminders worker's concurrency); then the reminder rows exactly as
// ReminderService writes them (one 'at_due' in_app reminder per scheduled follow-up, status pending), inserted server-side
// in a few multi-row INSERT … SELECT statements, and the real worker (`node dist/.../main.js`) spawned to relay and
// deliver them. Two phases against the same worker:
//   burst — all N fire at the same instant (now + --lead s): throughput (seconds from fire time to the last
//           notification, deliveries/s, ratio to the floor). Lateness here is mostly queueing: the last one waits N/rate.
//   paced — N fire_at spread evenly at --paced-ratio × the measured floor rate (default 0.5, the goal rate):
//           due→delivered lateness p50/p99 when the offered load is the goal load (goal p99 ≤ 1 s).
// Timings come from the database (notification.created_at − reminder.fire_at), not from polling.
// Cleanup: the bench databases are dropped, only the bench's Redis DB index is flushed, the worker is stopped.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { int, log, parseArgs, round } from './common.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist/apps/worker');
const WORKER_MAIN = join(DIST, 'apps/worker/src/main.js');
const RESULTS = join(ROOT, 'bench/results-reminders.json');

const args = parseArgs(process.argv.slice(2));
const N = int(args.n, 100_000);
const BACKENDS = args.backend === 'redis' || args.backend === 'postgres' ? [args.backend] : ['redis', 'postgres'];
// --n-postgres: a smaller N for the PG backend (≈1,000 jobs/s floor here) while redis runs the full N
const N_PG = int(args['n-postgres'], N);
const PG_SERVER = args.pg ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_BASE = args.redis ?? process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_DB = int(args['redis-db'], 7);
// Default lead: time to write the rows (~10 s per 100k here) plus twice the time the relay needs to queue them at the
// floor's addBulk rate, so the burst measures delivery, as the floor measures its drain, not the relay racing the clock.
const LEAD_ARG = args.lead !== undefined ? Number(args.lead) : null;
const leadFor = (n, addPerSec) => LEAD_ARG ?? Math.ceil(10 + n / 10_000 + (2 * n) / Math.max(1, addPerSec));
const PACED_RATIO = Number(args['paced-ratio'] ?? 0.5);
// --paced-rate: an absolute offered load (reminders/s) instead of a share of the floor, e.g. one the product sustains
const PACED_RATE = args['paced-rate'] === undefined ? null : Number(args['paced-rate']);
// the paced phase measures lateness at a given load, not capacity: a smaller N is enough and keeps the run short
const PACED_N_ARG = args['paced-n'] === undefined ? null : int(args['paced-n'], 0);
const PHASES = (args.phases ?? 'burst,paced').split(',');
const TIMEOUT_S = int(args.timeout, 900);

if (!existsSync(WORKER_MAIN)) {
  console.error(`No ${WORKER_MAIN}: run \`npm run build:server\` first.`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { runMigrations } = require(join(DIST, 'libs/shared/src/db/data-source.js'));
const { createQueue, createWorker } = require(join(DIST, 'libs/shared/src/queue/queue-backend.js'));
const { QUEUE_NAMES } = require(join(DIST, 'libs/shared/src/queue/queues.service.js'));
const { REMINDER_CONCURRENCY } = require(join(DIST, 'apps/worker/src/processors/reminders.processor.js'));

const children = new Set();
let shuttingDown = false;
const cleanups = [];
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const results = [];
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
};
log(
  `run ${run}: N=${N}${N_PG !== N ? ` (postgres ${N_PG})` : ''}, backends ${BACKENDS.join('+')}, concurrency redis ${REMINDER_CONCURRENCY.redis} / postgres ${REMINDER_CONCURRENCY.postgres}, ${machine.cpus} cores`,
);

try {
  for (const backend of BACKENDS) results.push(await benchBackend(backend, backend === 'postgres' ? N_PG : N));
  printTable(results);
  const params = { n: N, nPostgres: N_PG, lead: LEAD_ARG ?? 'auto', pacedRatio: PACED_RATIO, pacedRate: PACED_RATE, pacedN: PACED_N_ARG, phases: PHASES };
  writeFileSync(args.out ?? RESULTS, JSON.stringify({ run, machine, args: params, results }, null, 2) + '\n');
  log(`wrote ${args.out ?? RESULTS}`);
  await shutdown(0);
} catch (err) {
  console.error(err);
  await shutdown(1);
}

async function benchBackend(backend, n) {
  const db = `kaytuu_bench_${run}_${backend === 'redis' ? 'r' : 'p'}`;
  const dbUrl = `${PG_SERVER}/${db}`;
  const redisUrl = `${REDIS_BASE}/${REDIS_DB}`;
  const prefix = `kt_bench_${run}`;
  log(`[${backend}] creating database ${db}`);
  await admin(`CREATE DATABASE ${db}`);
  cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  if (backend === 'redis') cleanups.push(() => flushRedisDb(redisUrl));
  await runMigrations(dbUrl);

  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const settings =
      backend === 'redis'
        ? { kind: 'redis', url: redisUrl, prefix: `${prefix}_floor`, schema: 'bullmq' }
        : { kind: 'postgres', url: dbUrl, prefix: `${prefix}_floor`, schema: 'bullmq' };
    const floor = await runFloor(settings, n);
    log(`[${backend}] floor: ${floor.jobsPerSec.toFixed(0)} jobs/s (addBulk ${floor.addPerSec.toFixed(0)}/s)`);

    const fixture = await seedFixture(client);
    const workerEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      JWT_SECRET: randomBytes(24).toString('hex'),
      // this benchmark reads no personal data; the worker's config still requires data keys
      DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      DATA_HMAC_KEY: randomBytes(32).toString('base64'),
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      RELAY_INTERVAL_MS: String(int(args['relay-interval-ms'], 1000)),
      RELAY_HORIZON_SECONDS: '300',
      STALE_ENQUEUED_SECONDS: '30',
      ...(backend === 'redis' ? { REDIS_URL: redisUrl } : {}),
    };

    const out = { backend, n, floor };
    let worker = null;
    if (PHASES.includes('burst')) {
      const fireAt = new Date(Date.now() + leadFor(n, floor.addPerSec) * 1000);
      const t = Date.now();
      await seedReminders(client, fixture, 'burst', n, fireAt, 0);
      log(`[${backend}] burst: ${n} follow-ups + reminders written in ${((Date.now() - t) / 1000).toFixed(1)} s, all due at ${fireAt.toISOString()}`);
      worker = await startWorker(workerEnv, backend);
      out.burst = await measurePhase(client, 'burst', n, worker);
      log(`[${backend}] burst: ${fmt(out.burst)}`);
    }
    if (PHASES.includes('paced')) {
      const pn = PACED_N_ARG ?? Math.min(n, 20_000);
      const rate = Math.max(1, PACED_RATE ?? floor.jobsPerSec * PACED_RATIO);
      const spreadMs = (pn / rate) * 1000;
      const fireAt = new Date(Date.now() + leadFor(pn, floor.addPerSec) * 1000);
      await seedReminders(client, fixture, 'paced', pn, fireAt, spreadMs);
      log(`[${backend}] paced: ${pn} reminders due from ${fireAt.toISOString()} over ${(spreadMs / 1000).toFixed(1)} s (${rate.toFixed(0)}/s offered)`);
      worker ??= await startWorker(workerEnv, backend);
      out.paced = { n: pn, offeredPerSec: rate, ...(await measurePhase(client, 'paced', pn, worker)) };
      log(`[${backend}] paced: ${fmt(out.paced)}`);
    }
    if (worker) {
      out.workerRssPeakMb = readPeakRssMb(worker.pid);
      await stopWorker(worker);
    }
    out.ratio = out.burst ? out.burst.deliveriesPerSec / floor.jobsPerSec : null;
    return out;
  } finally {
    await client.end();
  }
}

// The raw floor: the same backend settings and default job options as the app (createQueue/createWorker), a no-op
// processor at the reminders worker's concurrency. Jobs are added first, then the worker drains them; only the drain
// is the floor rate (the product's relay also adds ahead of fire time).
async function runFloor(settings, n) {
  const name = `floor_${QUEUE_NAMES.reminders}`;
  const queue = createQueue(name, settings);
  await queue.waitUntilReady();
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1000) {
    const count = Math.min(1000, n - i);
    await queue.addBulk(Array.from({ length: count }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { jobId: `f${i + k}` } })));
  }
  const addS = (performance.now() - t0) / 1000;
  let done = 0;
  let failed = 0;
  let resolveAll;
  const all = new Promise((r) => (resolveAll = r));
  const t1 = performance.now();
  const worker = createWorker(name, async () => null, settings, { concurrency: REMINDER_CONCURRENCY[settings.kind] });
  worker.on('completed', () => ++done >= n && resolveAll());
  worker.on('failed', () => ++failed);
  await Promise.race([
    all,
    sleep(TIMEOUT_S * 1000).then(() => {
      throw new Error(`floor: only ${done}/${n} jobs done after ${TIMEOUT_S} s`);
    }),
  ]);
  const drainS = (performance.now() - t1) / 1000;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return { jobs: n, seconds: round(drainS, 2), jobsPerSec: n / drainS, addSeconds: round(addS, 2), addPerSec: n / addS, failed };
}

// 10 caseworkers in one office, 1,000 returnees each with an in_progress case; follow-ups spread over the cases.
async function seedFixture(c) {
  const {
    rows: [office],
  } = await c.query(`INSERT INTO office (name, oblast, district) VALUES ('Bench office', 'chuy', 'alamudun') RETURNING id`);
  const { rows: users } = await c.query(
    `INSERT INTO app_user (email, full_name, role, office_id, password_hash)
     SELECT 'bench.cw' || g || '@kaytuu.test', 'Bench Caseworker ' || g, 'caseworker', $1, 'x' FROM generate_series(1, 10) g RETURNING id`,
    [office.id],
  );
  await c.query(
    `INSERT INTO returnee (code, last_name, first_name, sex, birth_date, oblast, district, office_id, search_text)
     SELECT 'KT-2026-' || lpad(g::text, 6, '0'), 'Асанов' || g, 'Бакыт', 'male', date '1990-01-01' + g, 'chuy', 'alamudun', $1, 'асанов бакыт'
       FROM generate_series(1, 1000) g`,
    [office.id],
  );
  await c.query(
    `INSERT INTO case_file (code, returnee_id, type, status, assignee_id, office_id, title, details)
     SELECT 'KT-C-2026-' || lpad(row_number() OVER (ORDER BY r.id)::text, 6, '0'), r.id, 'job_placement', 'in_progress',
            ($2::uuid[])[1 + (row_number() OVER (ORDER BY r.id)) % 10], $1, 'Bench case', '{}'::jsonb
       FROM returnee r`,
    [office.id, users.map((u) => u.id)],
  );
  return { officeId: office.id };
}

// As FollowUpService.create + ReminderRepository.insertPlanned would leave them: a scheduled follow-up due at fire time
// and its 'at_due' in_app reminder (pending). The phase is tagged in follow_up.notes so the phases are measured apart.
async function seedReminders(c, fixture, phase, n, firstFireAt, spreadMs) {
  const step = n > 1 ? spreadMs / (n - 1) : 0;
  for (let i = 0; i < n; i += 20_000) {
    const count = Math.min(20_000, n - i);
    await c.query(
      `WITH cases AS (SELECT id, returnee_id, assignee_id, row_number() OVER (ORDER BY id) - 1 AS k FROM case_file),
            fu AS (
              INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, due_at, notes)
              SELECT cs.id, cs.returnee_id, $1, cs.assignee_id, 'call', $2::timestamptz + (g * $3::float8) * interval '1 millisecond', $4
                FROM generate_series($5::int, $6::int) g JOIN cases cs ON cs.k = g % 1000
              RETURNING id, assignee_id, due_at)
       INSERT INTO reminder (follow_up_id, user_id, kind, channel, fire_at, status)
       SELECT id, assignee_id, 'at_due', 'in_app', due_at, 'pending' FROM fu`,
      [fixture.officeId, firstFireAt, step, `bench:${phase}`, i, i + count - 1],
    );
  }
  await c.query('ANALYZE follow_up; ANALYZE reminder');
}

// Waits until every reminder of the phase is sent, then reads the timings from the rows themselves.
async function measurePhase(c, phase, n, worker) {
  const deadline = Date.now() + TIMEOUT_S * 1000;
  let last = -1;
  let lastLog = 0;
  for (;;) {
    const {
      rows: [r],
    } = await c.query(
      `SELECT count(*) FILTER (WHERE r.status = 'sent')::int AS sent, count(*) FILTER (WHERE r.status IN ('failed','superseded'))::int AS bad
         FROM reminder r JOIN follow_up f ON f.id = r.follow_up_id WHERE f.notes = $1`,
      [`bench:${phase}`],
    );
    if (r.sent + r.bad >= n) break;
    if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode} (${r.sent}/${n} sent)\n${worker.stderrTail()}`);
    if (Date.now() > deadline) throw new Error(`${phase}: only ${r.sent}/${n} sent after ${TIMEOUT_S} s`);
    if (Date.now() - lastLog > 10_000 && r.sent !== last) {
      log(`  ${phase}: ${r.sent}/${n} sent`);
      lastLog = Date.now();
      last = r.sent;
    }
    await sleep(1000);
  }
  const {
    rows: [m],
  } = await c.query(
    `SELECT count(*)::int AS reminders,
            count(*) FILTER (WHERE r.status = 'sent')::int AS sent,
            count(nt.id)::int AS notifications,
            EXTRACT(EPOCH FROM max(nt.created_at) - min(r.fire_at))::float8 AS seconds,
            EXTRACT(EPOCH FROM max(r.fire_at) - min(r.fire_at))::float8 AS spread,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM nt.created_at - r.fire_at))::float8 AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM nt.created_at - r.fire_at))::float8 AS p99,
            max(EXTRACT(EPOCH FROM nt.created_at - r.fire_at))::float8 AS max,
            EXTRACT(EPOCH FROM max(r.enqueued_at) - min(r.fire_at))::float8 AS last_enqueued_after_fire,
            max(r.attempts)::int AS max_attempts
       FROM reminder r JOIN follow_up f ON f.id = r.follow_up_id
       LEFT JOIN notification nt ON nt.dedupe_key = 'reminder:' || r.id
      WHERE f.notes = $1`,
    [`bench:${phase}`],
  );
  if (m.sent !== n || m.notifications !== n) throw new Error(`${phase}: ${m.sent} sent, ${m.notifications} notifications for ${n} reminders`);
  return {
    seconds: round(m.seconds, 2),
    deliveriesPerSec: n / m.seconds,
    latenessP50: round(m.p50, 3),
    latenessP99: round(m.p99, 3),
    latenessMax: round(m.max, 3),
    fireSpreadSeconds: round(m.spread, 2),
    lastEnqueuedAfterFirstFire: round(m.last_enqueued_after_fire, 2),
    maxAttempts: m.max_attempts,
  };
}

async function startWorker(env, backend) {
  // e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the worker (written when it stops)
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, WORKER_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  const keep = (d) => {
    tail = (tail + d.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.stderrTail = () => tail;
  child.on('exit', () => children.delete(child));
  log(`[${backend}] worker pid ${child.pid} started`);
  return child;
}

async function stopWorker(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const exited = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), sleep(25_000).then(() => false)]);
  if (!exited) child.kill('SIGKILL');
}

// VmHWM is the kernel's peak resident set of the process: no sampling needed.
function readPeakRssMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 0) : null;
  } catch {
    return null;
  }
}

async function flushRedisDb(url) {
  const { default: Redis } = await import('ioredis');
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await r.connect();
    await r.flushdb();
  } finally {
    r.disconnect();
  }
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.all([...children].map((ch) => stopWorker(ch)));
  for (const fn of cleanups.reverse()) await fn().catch((err) => console.error(`cleanup: ${err.message}`));
  process.exit(code);
}

function printTable(rows) {
  const head = ['backend', 'N', 'seconds', 'deliveries/s', 'p50 s', 'p99 s', 'floor jobs/s', 'ratio', 'paced N@/s', 'paced p50', 'paced p99', 'RSS MB'];
  const body = rows.map((r) =>
    [
      r.backend,
      r.n,
      r.burst?.seconds ?? '-',
      r.burst ? r.burst.deliveriesPerSec.toFixed(0) : '-',
      r.burst?.latenessP50 ?? '-',
      r.burst?.latenessP99 ?? '-',
      r.floor.jobsPerSec.toFixed(0),
      r.ratio === null ? '-' : `${(r.ratio * 100).toFixed(0)}%`,
      r.paced ? `${r.paced.n}@${r.paced.offeredPerSec.toFixed(0)}` : '-',
      r.paced?.latenessP50 ?? '-',
      r.paced?.latenessP99 ?? '-',
      r.workerRssPeakMb ?? '-',
    ].map(String),
  );
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padStart(w[i])).join(' | ')} |`;
  console.log(['', line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...body.map(line), ''].join('\n'));
}

function fmt(p) {
  return `${p.seconds} s, ${p.deliveriesPerSec.toFixed(0)}/s, lateness p50 ${p.latenessP50} s p99 ${p.latenessP99} s (last enqueued ${p.lastEnqueuedAfterFirstFire} s after first fire)`;
}
