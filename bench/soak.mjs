// Soak run (README "Soak run"): mixed role traffic against the production API for --minutes while the
// worker is killed (SIGKILL) and restarted every minute and Redis is restarted once; afterwards zero 5xx, zero lost or
// duplicated reminders and an intact audit chain are required. Not part of `npm test`.
//
//   npm run bench:soak                        # 10 minutes on the machine's Redis (127.0.0.1:6379): it is RESTARTED once
//   npm run bench:soak -- --minutes 2 --redis-port 6390     # a short run on a Redis of your own
//
// Flags: --minutes (10) --redis-port (6379) --redis-host (127.0.0.1) --pg postgres://… (BENCH_PG_URL or
//        postgres://postgres@127.0.0.1:5432) --caseworkers (4) --kill-every s (60) --redis-restart-at s (middle of the
//        run, between two worker kills) --redis-down s (5: how long it stays down) --due-min/--due-max s (70/130: follow-ups fall due that long after they are
//        scheduled) --drain s (180: how long after the traffic the reminders due by then may take) --out file
//        (bench/soak-results.json) --no-build --keep (keep the database)
//
// Redis is restarted the way a crash without persistence looks: `redis-cli shutdown nosave`, then
// `redis-server --daemonize yes --bind <host> --port <port> --save "" --appendonly no` — every queued job is lost and the
// reminder outbox (libs/follow-ups, the worker's relay and its stale-enqueued re-queue) must bring them back. Never run
// it on a Redis that tests or other services are using at the same time.
//
// The database is a fresh one on the local Postgres (migrated with dist's runMigrations, dropped at the end); the API
// and the worker are the production builds (node dist/…/main.js, NODE_ENV=production) on that database and the Redis,
// with REMINDER_OFFSETS_MINUTES=1,0 so each follow-up's two reminders (1 min before and at due) fire within the run.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  adminQuery,
  deleteRedisPrefix,
  ensureServerBuilt,
  freePort,
  int,
  loadAverage,
  log,
  login,
  machineInfo,
  parseArgs,
  q,
  ROOT,
  round,
  stopProcess,
} from './common.mjs';

// The run uses a copy of the build (under dist/, so node_modules still resolve): a rebuild while it runs would
// otherwise start the restarted workers from another (or a half-written) build.
const RUN_DIST = (name) => join(ROOT, 'dist', `soak-${run}`, name);

const args = parseArgs(process.argv.slice(2), ['keep']);
const MINUTES = Number(args.minutes ?? 10);
if (!(MINUTES > 0)) throw new Error('--minutes must be a positive number');
const DURATION_MS = Math.round(MINUTES * 60_000);
const PG_SERVER = (args.pg ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const REDIS_HOST = args['redis-host'] ?? '127.0.0.1';
const REDIS_PORT = int(args['redis-port'], 6379);
const CASEWORKERS = int(args.caseworkers, 4);
const KILL_EVERY_MS = int(args['kill-every'], 60) * 1000;
// between two worker kills, near the middle: the relay must recover both kinds of loss separately
const REDIS_RESTART_AT_MS =
  args['redis-restart-at'] !== undefined
    ? int(args['redis-restart-at'], 0) * 1000
    : DURATION_MS >= 2 * KILL_EVERY_MS
      ? Math.floor(DURATION_MS / 2 / KILL_EVERY_MS) * KILL_EVERY_MS + KILL_EVERY_MS / 2
      : Math.floor(DURATION_MS / 2);
// how long Redis stays down before it is started again (jobs are lost either way; the API keeps answering meanwhile)
const REDIS_DOWN_MS = int(args['redis-down'], 5) * 1000;
const DUE_MIN_S = int(args['due-min'], 70);
const DUE_MAX_S = int(args['due-max'], 130);
const DRAIN_MS = int(args.drain, 180) * 1000;
const OUT = args.out ?? join(ROOT, 'bench/soak-results.json');
const PASSWORD = 'kaytuu-soak-2026';
const ADMIN_EMAIL = 'soak.admin@kaytuu.kg';

const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const DB = `kaytuu_soak_${run}`;
const DB_URL = `${PG_SERVER}/${DB}`;
const PREFIX = `kt_soak_${run}`;
const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;
const LOAD_AT_START = loadAverage();

const children = new Set();
const cleanups = [];
let shuttingDown = false;
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

// ---- traffic accounting ----
const stats = { total: 0, byStatus: {}, byRole: {}, byRoute: {}, serverErrors: [], connectionErrors: [], unexpected4xx: [] };
const latencies = [];
const events = [];
const t0 = { at: 0 };
const since = () => Math.round((Date.now() - t0.at) / 100) / 10;

try {
  await main();
  await shutdown(0);
} catch (err) {
  console.error(err instanceof Error ? err.stack : err);
  await shutdown(1);
}

async function main() {
  if (args['no-build'] !== 'true') ensureServerBuilt({ keepOldBuild: true });
  await redisPing(5_000).then((ok) => {
    if (!ok) {
      throw new Error(
        `no Redis answers on ${REDIS_HOST}:${REDIS_PORT} (start one: redis-server --port ${REDIS_PORT} --daemonize yes --save "" --appendonly no)`,
      );
    }
  });
  cpSync(join(ROOT, 'dist/apps/api'), RUN_DIST('api'), { recursive: true });
  cpSync(join(ROOT, 'dist/apps/worker'), RUN_DIST('worker'), { recursive: true });
  cleanups.push(async () => rmSync(join(ROOT, 'dist', `soak-${run}`), { recursive: true, force: true }));
  const require = createRequire(import.meta.url);
  const { runMigrations } = require(join(RUN_DIST('api'), 'libs/shared/src/db/data-source.js'));
  const { hashPassword } = require(join(RUN_DIST('api'), 'libs/access/src/password.js'));

  log(
    `run ${run}: ${MINUTES} min, ${CASEWORKERS} caseworkers, Redis ${REDIS_HOST}:${REDIS_PORT} (restart at ${Math.round(REDIS_RESTART_AT_MS / 1000)} s), worker killed every ${KILL_EVERY_MS / 1000} s; database ${DB}`,
  );
  await adminQuery(PG_SERVER, `CREATE DATABASE ${DB}`);
  if (args.keep !== 'true') cleanups.push(() => adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`));
  cleanups.push(() => deleteRedisPrefix(REDIS_URL, PREFIX));
  await runMigrations(DB_URL);
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  cleanups.push(() => db.end());
  const users = await seedUsers(db, await hashPassword(PASSWORD));

  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: DB_URL,
    JWT_SECRET: randomBytes(24).toString('hex'),
    DATA_KEYS: `soak:${randomBytes(32).toString('base64')}`,
    DATA_HMAC_KEY: randomBytes(32).toString('base64'),
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    SEED: 'false',
    ADMIN_EMAIL,
    ADMIN_PASSWORD: PASSWORD,
    LOGIN_THROTTLE_PER_MINUTE: '100000',
    LOCKOUT_MAX_FAILURES: '100000',
    EXPORT_THROTTLE_PER_10_MINUTES: '100000',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    REMINDER_OFFSETS_MINUTES: '1,0',
    RELAY_INTERVAL_MS: '1000',
    STALE_ENQUEUED_SECONDS: '30',
    LOG_LEVEL: 'warn',
  };
  const port = await freePort();
  const api = await startApi(env, port);
  const base = `http://127.0.0.1:${port}`;
  let worker = await startWorker(env);
  events.push({ at: 0, type: 'worker_start', pid: worker.pid, readyMs: worker.readyMs });

  for (const u of users.all) u.token = await login(base, u.email, PASSWORD);
  users.admin = { role: 'admin', email: ADMIN_EMAIL, token: await login(base, ADMIN_EMAIL, PASSWORD) };
  log(`signed in ${users.all.length + 1} users; traffic for ${MINUTES} min`);

  // ---- the run ----
  t0.at = Date.now();
  const deadline = t0.at + DURATION_MS;
  const state = { stop: false, followUps: new Set(), cases: [], referrals: 0, returnees: 0 };
  const vus = [
    ...users.caseworkers.map((u, i) => caseworkerLoop(base, u, users.org, state, i)),
    ngoLoop(base, users.ngo, state),
    supervisorLoop(base, users.supervisor, state),
    adminLoop(base, users.admin, state),
  ];
  let redisRestarted = false;
  const chaos = (async () => {
    let nextKill = t0.at + KILL_EVERY_MS;
    while (!state.stop) {
      const now = Date.now();
      if (!redisRestarted && now >= t0.at + REDIS_RESTART_AT_MS && now < deadline) {
        redisRestarted = true;
        events.push(await restartRedis());
      }
      if (now >= nextKill && nextKill < deadline) {
        nextKill += KILL_EVERY_MS;
        const killedAt = Date.now();
        const old = worker;
        old.kill('SIGKILL');
        await new Promise((r) => (old.exitCode !== null || old.signalCode !== null ? r() : old.once('exit', r)));
        worker = await startWorker(env);
        const downtimeMs = Date.now() - killedAt;
        events.push({ at: round((killedAt - t0.at) / 1000, 1), type: 'worker_kill', killedPid: old.pid, newPid: worker.pid, downtimeMs });
        log(`  ${since()} s: worker ${old.pid} killed (SIGKILL), ${worker.pid} processing again after ${(downtimeMs / 1000).toFixed(1)} s`);
      }
      await sleep(250);
    }
  })();
  const progress = setInterval(
    () =>
      log(
        `  ${since()} s: ${stats.total} requests, ${stats.serverErrors.length} 5xx, ${stats.connectionErrors.length} connection errors; ${state.followUps.size} follow-ups, ${state.referrals} referrals`,
      ),
    30_000,
  );
  await sleep(Math.max(0, deadline - Date.now()));
  state.stop = true;
  const endAt = new Date();
  await Promise.all(vus);
  await chaos;
  clearInterval(progress);
  log(`traffic stopped at ${since()} s: ${stats.total} requests; waiting up to ${DRAIN_MS / 1000} s for the reminders due by then`);

  // ---- drain: every reminder due by the end must be delivered ----
  const drainStart = Date.now();
  for (;;) {
    const {
      rows: [r],
    } = await db.query(
      `SELECT count(*)::int AS due, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM reminder WHERE fire_at <= $1 AND status <> 'superseded'`,
      [endAt],
    );
    if (r.sent >= r.due || Date.now() - drainStart > DRAIN_MS) {
      log(`  drain: ${r.sent}/${r.due} sent after ${((Date.now() - drainStart) / 1000).toFixed(1)} s`);
      break;
    }
    await sleep(1000);
  }
  const drainSeconds = round((Date.now() - drainStart) / 1000, 1);

  const reminders = await reminderFigures(db, endAt, state);
  const audit = await call(base, 'admin', 'GET', '/api/audit/verify', users.admin.token);
  const auditChain = audit.status === 200 ? audit.body : { error: `GET /api/audit/verify answered ${audit.status}` };
  const apiStderr = api.stderrTail();
  await stopProcess(worker, 25_000);
  await stopProcess(api, 25_000);

  const lat = percentiles(latencies);
  const out = {
    date: new Date().toISOString(),
    run,
    machine: await machineInfo(db, { loadAverageAtStart: LOAD_AT_START, withRedis: true }),
    settings: {
      minutes: MINUTES,
      caseworkers: CASEWORKERS,
      killEverySeconds: KILL_EVERY_MS / 1000,
      redisRestartAtSeconds: round(REDIS_RESTART_AT_MS / 1000, 0),
      redisDownSeconds: REDIS_DOWN_MS / 1000,
      redis: `${REDIS_HOST}:${REDIS_PORT}`,
      reminderOffsetsMinutes: '1,0',
      followUpsDueAfterSeconds: [DUE_MIN_S, DUE_MAX_S],
      relayIntervalMs: 1000,
      staleEnqueuedSeconds: 30,
    },
    requests: {
      total: stats.total,
      perSecond: round(stats.total / (DURATION_MS / 1000), 1),
      byStatus: stats.byStatus,
      byRole: stats.byRole,
      serverErrors: stats.serverErrors.length,
      serverErrorSamples: stats.serverErrors.slice(0, 20),
      connectionErrors: stats.connectionErrors.length,
      connectionErrorSamples: stats.connectionErrors.slice(0, 20),
      unexpected4xx: stats.unexpected4xx.length,
      unexpected4xxSamples: stats.unexpected4xx.slice(0, 20),
      latencyMs: lat,
      byRoute: Object.fromEntries(Object.entries(stats.byRoute).map(([k, v]) => [k, { n: v.n, errors5xx: v.e5, ...percentiles(v.ms) }])),
    },
    work: { returnees: state.returnees, cases: state.cases.length, followUps: state.followUps.size, referrals: state.referrals },
    chaos: {
      events,
      workerKills: events.filter((e) => e.type === 'worker_kill').length,
      workerDowntimeMs: summary(events.filter((e) => e.type === 'worker_kill').map((e) => e.downtimeMs)),
      redisRestarts: events.filter((e) => e.type === 'redis_restart').length,
    },
    drainSeconds,
    reminders,
    auditChain,
    apiErrorLogTail: stats.serverErrors.length ? apiStderr : undefined,
  };
  // an unexpected 4xx means a scenario stopped doing what it should (a renamed route, a changed rule): not a pass either
  out.passed =
    out.requests.serverErrors === 0 &&
    out.requests.unexpected4xx === 0 &&
    reminders.lost === 0 &&
    reminders.duplicates === 0 &&
    reminders.followUpsMissing === 0 &&
    auditChain.ok === true;
  writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
  printSummary(out);
  log(`wrote ${OUT}`);
  if (!out.passed) process.exitCode = 1;
}

// ---- role scenarios ----

function pinFor(birthDate, n) {
  const [y, m, d] = birthDate.split('-');
  return `2${d}${m}${y}${String(n % 100000).padStart(5, '0')}`;
}

// registers a returnee (consent to share with NGOs), opens a legal-aid case, schedules a follow-up due within the run,
// refers every third case to the NGO, reads its lists, the returnee and its notifications.
async function caseworkerLoop(base, u, org, state, index) {
  let n = index * 20_000 + Math.floor(Math.random() * 1000);
  const LETTERS = 'абвгдежзиклмнопрстуфхчшыэюя';
  while (!state.stop) {
    n++;
    const birthDate = `19${70 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`;
    const suffix = [...randomBytes(5)].map((b) => LETTERS[b % LETTERS.length]).join('');
    const r = await call(
      base,
      'caseworker',
      'POST',
      '/api/returnees',
      u.token,
      {
        pin: pinFor(birthDate, n),
        lastName: `Асанов${suffix}`,
        firstName: 'Бакыт',
        sex: 'male',
        birthDate,
        phone: `0700 ${String(100 + (n % 900))} ${String(100 + ((n * 7) % 900))}`,
        oblast: 'bishkek',
        district: 'Ленинский',
        address: 'Бишкек, ул. Токтогула 1',
        episodes: [
          {
            country: 'RU',
            city: 'Москва',
            departedOn: '2018-04-01',
            returnedOn: '2025-10-15',
            sector: 'construction',
            employmentFormal: false,
            returnReason: 'end_of_contract',
          },
        ],
        consent: { scope: ['data_processing', 'share_with_ngo'], givenAt: '2025-11-01T09:30:00+06:00' },
      },
      [201],
    );
    if (state.stop) break;
    if (r.status !== 201) {
      await sleep(500);
      continue;
    }
    state.returnees++;
    await call(base, 'caseworker', 'GET', `/api/returnees/${r.body.id}`, u.token, undefined, [200]);
    const c = await call(
      base,
      'caseworker',
      'POST',
      '/api/cases',
      u.token,
      {
        returneeId: r.body.id,
        type: 'legal_aid',
        title: 'Невыплаченная зарплата',
        details: { issue: 'unpaid_wages', country: 'RU', counterpart: 'ООО Стройка' },
      },
      [201],
    );
    if (c.status !== 201) continue;
    state.cases.push(c.body.id);
    const dueAt = new Date(Date.now() + (DUE_MIN_S + Math.random() * (DUE_MAX_S - DUE_MIN_S)) * 1000);
    const f = await call(base, 'caseworker', 'POST', '/api/follow-ups', u.token, { caseId: c.body.id, kind: 'call', dueAt: dueAt.toISOString() }, [201]);
    if (f.status === 201) state.followUps.add(f.body.id);
    if (n % 3 === 0) {
      const ref = await call(
        base,
        'caseworker',
        'POST',
        '/api/referrals',
        u.token,
        { caseId: c.body.id, organizationId: org.id, reason: 'Юридическая помощь' },
        [201],
      );
      if (ref.status === 201) state.referrals++;
    }
    await call(
      base,
      'caseworker',
      'GET',
      `/api/cases?filter=${q({ assigneeId: u.id })}&sort=${q(['openedAt', 'DESC'])}&range=${q([0, 24])}`,
      u.token,
      undefined,
      [200],
    );
    await call(base, 'caseworker', 'GET', `/api/follow-ups?filter=${q({ caseId: c.body.id })}`, u.token, undefined, [200]);
    await call(base, 'caseworker', 'GET', '/api/notifications?range=[0,9]', u.token, undefined, [200]);
    await call(base, 'caseworker', 'GET', '/api/dashboard/mine', u.token, undefined, [200]);
    await sleep(200 + Math.random() * 300);
  }
}

// the organisation's inbox: accepts what was sent, moves accepted ones into service, completes those in service
async function ngoLoop(base, u, state) {
  const next = { sent: 'accepted', accepted: 'in_service', in_service: 'completed' };
  while (!state.stop) {
    for (const status of ['in_service', 'accepted', 'sent']) {
      if (state.stop) break;
      const list = await call(base, 'ngo_staff', 'GET', `/api/referrals?filter=${q({ status })}&range=${q([0, 9])}`, u.token, undefined, [200]);
      for (const ref of Array.isArray(list.body) ? list.body.slice(0, 3) : []) {
        if (state.stop) break;
        await call(base, 'ngo_staff', 'GET', `/api/referrals/${ref.id}`, u.token, undefined, [200]);
        // 409: the version moved under us (another step won); allowed, never a 5xx
        await call(
          base,
          'ngo_staff',
          'PUT',
          `/api/referrals/${ref.id}`,
          u.token,
          { version: ref.version, status: next[status], ...(status === 'in_service' ? { outcome: 'Зарплата выплачена' } : {}) },
          [200, 409],
        );
      }
    }
    await sleep(1000);
  }
}

async function supervisorLoop(base, u, state) {
  while (!state.stop) {
    await call(base, 'supervisor', 'GET', '/api/dashboard', u.token, undefined, [200]);
    await call(base, 'supervisor', 'GET', '/api/caseload', u.token, undefined, [200]);
    await call(base, 'supervisor', 'GET', `/api/reports/cases?by=status`, u.token, undefined, [200]);
    await call(
      base,
      'supervisor',
      'GET',
      `/api/cases?filter=${q({ status: ['open', 'in_progress'] })}&sort=${q(['dueAt', 'ASC'])}&range=${q([0, 24])}`,
      u.token,
      undefined,
      [200],
    );
    if (state.cases.length) {
      const id = state.cases[Math.floor(Math.random() * state.cases.length)];
      await call(base, 'supervisor', 'GET', `/api/cases/${id}`, u.token, undefined, [200]);
    }
    await sleep(1000);
  }
}

async function adminLoop(base, u, state) {
  let i = 0;
  while (!state.stop) {
    await call(base, 'admin', 'GET', `/api/audit-logs?sort=${q(['id', 'DESC'])}&range=${q([0, 49])}`, u.token, undefined, [200]);
    await call(base, 'admin', 'GET', '/api/users?range=[0,24]', u.token, undefined, [200]);
    if (++i % 10 === 0) await call(base, 'admin', 'GET', '/api/audit/verify', u.token, undefined, [200]);
    await sleep(3000);
  }
}

// one request; statuses outside `expected` are recorded (5xx separately), connection errors too
async function call(base, role, method, path, token, body, expected = [200]) {
  const started = performance.now();
  const route = `${method} ${path.split('?')[0].replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')}`;
  stats.total++;
  stats.byRole[role] = (stats.byRole[role] ?? 0) + 1;
  const r = (stats.byRoute[route] ??= { n: 0, e5: 0, ms: [] });
  r.n++;
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    latencies.push(ms);
    r.ms.push(ms);
    stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (res.status >= 500) {
      r.e5++;
      stats.serverErrors.push({ at: since(), role, route, status: res.status, body: text.slice(0, 300) });
      log(`  5xx: ${route} → ${res.status} ${text.slice(0, 200)}`);
    } else if (!expected.includes(res.status)) {
      stats.unexpected4xx.push({ at: since(), role, route, status: res.status, body: text.slice(0, 300) });
    }
    return { status: res.status, body: json };
  } catch (err) {
    stats.connectionErrors.push({ at: since(), role, route, error: String(err?.cause?.code ?? err?.message ?? err) });
    return { status: 0, body: null };
  }
}

// ---- figures from the database ----

async function reminderFigures(db, endAt, state) {
  const {
    rows: [r],
  } = await db.query(
    `WITH due AS (SELECT r.*, nt.created_at AS delivered_at FROM reminder r LEFT JOIN notification nt ON nt.dedupe_key = 'reminder:' || r.id
                   WHERE r.fire_at <= $1 AND r.status <> 'superseded')
     SELECT count(*)::int AS expected,
            count(delivered_at)::int AS delivered,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE kind = 'before_due')::int AS before_due,
            count(*) FILTER (WHERE kind = 'at_due')::int AS at_due,
            count(*) FILTER (WHERE attempts > 1)::int AS retried,
            max(attempts)::int AS max_attempts,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM delivered_at - fire_at))::float8 AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM delivered_at - fire_at))::float8 AS p99,
            max(EXTRACT(EPOCH FROM delivered_at - fire_at))::float8 AS max
       FROM due`,
    [endAt],
  );
  const {
    rows: [later],
  } = await db.query(`SELECT count(*)::int AS n FROM reminder WHERE fire_at > $1 AND status <> 'superseded'`, [endAt]);
  // the same follow-up and reminder kind notified twice (whatever the dedupe key says)
  const {
    rows: [dup],
  } = await db.query(
    `SELECT count(*)::int AS n, coalesce(sum(c - 1), 0)::int AS extra FROM (
       SELECT count(*) AS c FROM notification WHERE kind IN ('follow_up_due', 'follow_up_due_soon') GROUP BY data->>'followUpId', kind HAVING count(*) > 1) d`,
  );
  const {
    rows: [dupRows],
  } = await db.query(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM reminder WHERE status <> 'superseded' GROUP BY follow_up_id, kind, channel HAVING count(*) > 1) d`,
  );
  // every follow-up the API answered 201 for is in the database with its at-due reminder
  const ids = [...state.followUps];
  const {
    rows: [fu],
  } = await db.query(
    `SELECT count(DISTINCT f.id)::int AS found FROM follow_up f JOIN reminder r ON r.follow_up_id = f.id AND r.kind = 'at_due' WHERE f.id = ANY($1::uuid[])`,
    [ids],
  );
  const { rows: lost } = await db.query(
    `SELECT r.id, r.kind, r.status, r.fire_at AS "fireAt", r.attempts, r.last_error AS "lastError" FROM reminder r
      WHERE r.fire_at <= $1 AND r.status <> 'superseded' AND NOT EXISTS (SELECT 1 FROM notification nt WHERE nt.dedupe_key = 'reminder:' || r.id)
      ORDER BY r.fire_at LIMIT 20`,
    [endAt],
  );
  return {
    expected: r.expected,
    delivered: r.delivered,
    lost: r.expected - r.delivered,
    lostSamples: lost,
    markedSent: r.sent,
    beforeDue: r.before_due,
    atDue: r.at_due,
    duplicates: dup.extra + dupRows.n,
    retried: r.retried,
    maxAttempts: r.max_attempts,
    latenessSeconds: { p50: round(r.p50, 2), p99: round(r.p99, 2), max: round(r.max, 2) },
    dueAfterTheRun: later.n,
    followUpsCreated: ids.length,
    followUpsMissing: ids.length - fu.found,
  };
}

// ---- processes ----

function spawnTracked(name, file, env, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  const keep = (d) => (tail = (tail + d.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.stderrTail = () => tail;
  child.on('exit', () => children.delete(child));
  child.label = name;
  return child;
}

async function startApi(env, port) {
  const child = spawnTracked('api', join(RUN_DIST('api'), 'apps/api/src/main.js'), { ...env, PORT: String(port) }, ['--max-old-space-size=192']);
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${child.stderrTail()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) {
        log(`API pid ${child.pid} on port ${port}`);
        return child;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the API did not answer /api/health within 90 s:\n${child.stderrTail()}`);
}

// Ready = it logged that it processes the reminders queue (its relay and delivery run from then on).
async function startWorker(env) {
  const started = Date.now();
  const child = spawnTracked('worker', join(RUN_DIST('worker'), 'apps/worker/src/main.js'), { ...env, LOG_LEVEL: 'info' }, ['--enable-source-maps']);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${child.pid} not ready within 60 s:\n${child.stderrTail()}`)), 60_000);
    const onData = (d) => {
      if (/Processing queue 'reminders'/.test(d.toString())) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} while starting:\n${child.stderrTail()}`));
    });
  });
  child.readyMs = Date.now() - started;
  return child;
}

async function restartRedis() {
  const at = round((Date.now() - t0.at) / 1000, 1);
  const started = Date.now();
  // whatever happens to this run (an error, Ctrl+C), the Redis it stopped is running again at the end
  cleanups.push(async () => {
    if (!(await redisPing(1000))) {
      spawnSync('redis-server', ['--daemonize', 'yes', '--bind', REDIS_HOST, '--port', String(REDIS_PORT), '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
    }
  });
  log(`  ${at} s: restarting Redis ${REDIS_HOST}:${REDIS_PORT} (shutdown nosave: every queued job is lost)`);
  spawnSync('redis-cli', ['-h', REDIS_HOST, '-p', String(REDIS_PORT), 'shutdown', 'nosave'], { stdio: 'ignore' });
  // wait until it is really gone, then start a fresh one without persistence
  for (let i = 0; i < 50 && (await redisPing(200)); i++) await sleep(100);
  const down = Date.now();
  await sleep(REDIS_DOWN_MS);
  const s = spawnSync('redis-server', ['--daemonize', 'yes', '--bind', REDIS_HOST, '--port', String(REDIS_PORT), '--save', '', '--appendonly', 'no'], {
    encoding: 'utf8',
  });
  if (s.status !== 0) throw new Error(`redis-server did not start: ${s.stderr || s.stdout}`);
  while (!(await redisPing(500))) await sleep(100);
  const downtimeMs = Date.now() - started;
  log(`  Redis back after ${(downtimeMs / 1000).toFixed(1)} s (not answering for ${((Date.now() - down) / 1000).toFixed(1)} s)`);
  return { at, type: 'redis_restart', downtimeMs };
}

async function redisPing(timeoutMs) {
  const r = spawnSync('redis-cli', ['-h', REDIS_HOST, '-p', String(REDIS_PORT), 'ping'], { encoding: 'utf8', timeout: timeoutMs });
  return r.status === 0 && /PONG/.test(r.stdout);
}

async function seedUsers(db, hash) {
  const {
    rows: [office],
  } = await db.query(`INSERT INTO office (name, oblast, district) VALUES ('Soak office', 'bishkek', 'Ленинский') RETURNING id`);
  const {
    rows: [org],
  } = await db.query(
    `INSERT INTO organization (name, kind, services, oblasts, contact_email) VALUES ('Soak legal aid', 'ngo', '{legal_aid}', '{bishkek}', 'soak.org@example.kg') RETURNING id`,
  );
  const user = async (role, email, name, officeId, orgId) => {
    const {
      rows: [u],
    } = await db.query(
      `INSERT INTO app_user (email, full_name, role, office_id, organization_id, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [email, name, role, officeId, orgId, hash],
    );
    return { id: u.id, role, email };
  };
  const caseworkers = [];
  for (let i = 1; i <= CASEWORKERS; i++) caseworkers.push(await user('caseworker', `soak.cw${i}@kaytuu.kg`, `Soak Caseworker ${i}`, office.id, null));
  const supervisor = await user('supervisor', 'soak.sup@kaytuu.kg', 'Soak Supervisor', office.id, null);
  const ngo = await user('ngo_staff', 'soak.ngo@example.kg', 'Soak NGO', null, org.id);
  return { office, org, caseworkers, supervisor, ngo, all: [...caseworkers, supervisor, ngo] };
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.all([...children].map((ch) => stopProcess(ch, 25_000)));
  for (const fn of cleanups.reverse()) await fn().catch((err) => console.error(`cleanup: ${err.message}`));
  process.exit(process.exitCode ?? code);
}

// ---- output ----

function printSummary(out) {
  const r = out.reminders;
  const rq = out.requests;
  const ch = out.chaos;
  const rows = [
    ['duration', `${out.settings.minutes} min, ${out.settings.caseworkers} caseworkers + NGO + supervisor + admin`],
    ['requests', `${rq.total} (${rq.perSecond}/s), p50 ${rq.latencyMs.p50} ms, p95 ${rq.latencyMs.p95} ms, p99 ${rq.latencyMs.p99} ms`],
    ['5xx answers', String(rq.serverErrors)],
    ['connection errors', String(rq.connectionErrors)],
    ['unexpected 4xx', String(rq.unexpected4xx)],
    ['created', `${out.work.returnees} returnees, ${out.work.cases} cases, ${out.work.followUps} follow-ups, ${out.work.referrals} referrals`],
    [
      'worker kills (SIGKILL)',
      `${ch.workerKills}, back processing after ${ch.workerDowntimeMs.min ?? '–'}–${ch.workerDowntimeMs.max ?? '–'} s (mean ${ch.workerDowntimeMs.mean ?? '–'} s)`,
    ],
    [
      'Redis restarts',
      `${ch.redisRestarts}${ch.events.find((e) => e.type === 'redis_restart') ? ` at ${ch.events.find((e) => e.type === 'redis_restart').at} s, down ${(ch.events.find((e) => e.type === 'redis_restart').downtimeMs / 1000).toFixed(1)} s` : ''}`,
    ],
    ['reminders due by the end', `${r.expected} (${r.beforeDue} before due, ${r.atDue} at due); ${r.dueAfterTheRun} more fall due later`],
    ['delivered', `${r.delivered} (after a drain of ${out.drainSeconds} s)`],
    ['lost', String(r.lost)],
    ['duplicated', String(r.duplicates)],
    [
      'lateness (fire → notification)',
      `p50 ${r.latenessSeconds.p50} s, p99 ${r.latenessSeconds.p99} s, max ${r.latenessSeconds.max} s; ${r.retried} delivered after a retry`,
    ],
    ['follow-ups answered 201 but missing', String(r.followUpsMissing)],
    [
      'audit chain (GET /api/audit/verify)',
      out.auditChain.ok === true ? `ok, ${out.auditChain.checked} rows checked` : `NOT ok: ${JSON.stringify(out.auditChain)}`,
    ],
    ['result', out.passed ? 'PASSED' : 'FAILED'],
  ];
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(['', ...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`), ''].join('\n'));
}

function percentiles(xs) {
  if (!xs.length) return { n: 0, p50: null, p95: null, p99: null, max: null };
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)], 1);
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(s[s.length - 1], 1) };
}

function summary(msList) {
  if (!msList.length) return { min: null, max: null, mean: null };
  return {
    min: round(Math.min(...msList) / 1000, 1),
    max: round(Math.max(...msList) / 1000, 1),
    mean: round(msList.reduce((a, b) => a + b, 0) / msList.length / 1000, 1),
  };
}
