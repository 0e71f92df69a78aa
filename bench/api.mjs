// API under load (README "API under load"): the production API against a raw floor, measure by measure, in one run.
//
//   npm run bench                                  # 100,000 returnees (seeds kaytuu_bench_100000 once, ≈ 1–2 min)
//   npm run bench -- --returnees 1000000           # full size (seeds kaytuu_bench_1000000 once, ≈ 10–15 min)
//   npm run bench -- --database kaytuu_big         # an existing seeded database, used as is (the run writes to it)
//
// Flags: --returnees N (100000) --database name --pg postgres://… (BENCH_PG_URL or postgres://postgres@127.0.0.1:5432)
//        --redis redis://… (BENCH_REDIS_URL or redis://127.0.0.1:6379) --duration s (10) --warmup s (3)
//        --only caseList,returneeShow,search,dashboard,report,import (all) --import-rows (100000) --out file
//        (bench/results.json) --no-build --reseed (seed the dataset again even if it exists)
// Env: BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", passed to the measured API's node (summary of
//      the profile per measure: node bench/cpu-profile.mjs /tmp/prof/*.cpuprofile --results <the run's --out>).
//
// Steps: build the server if stale; the dataset `kaytuu_bench_<N>` (reused when it holds N seeded returnees, else
// created with the built seed:big and timed) is cloned into a throwaway database for the run (so audit rows and imports
// never pile up in the dataset), which is migrated and ANALYZEd; with --database the named database is used directly.
// The real worker runs beside the API (Redis, its own queue prefix). Each request variant is first sent to an API started
// with KAYTUU_SQL_TRACE, which records the SQL it issues (order, parameters, transactions, concurrency); that API is
// stopped and a fresh one without the trace is measured. The floor (bench/api-floor.mjs) replays exactly those
// statements per variant through raw pg with the API's pool size behind node:http. Per measure: API warmup + run, then
// floor warmup + run, same concurrency, duration and variants (autocannon, cycling through them). The API's VmRSS is
// sampled every 200 ms while it is under load. Results: a table on stdout, bench/results.json, and a markdown table.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  adminQuery,
  API_MAIN,
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
  WORKER_MAIN,
} from './common.mjs';

const SEED_BIG = join(ROOT, 'dist/apps/api/apps/api/src/scripts/seed-big.js');
const FLOOR = join(ROOT, 'bench/api-floor.mjs');
const IMPORT_BENCH = join(ROOT, 'bench/import.mjs');

const args = parseArgs(process.argv.slice(2));
const N = int(args.returnees, 100_000);
const PG_SERVER = (args.pg ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const REDIS_URL = args.redis ?? process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION = int(args.duration, 10);
const WARMUP = int(args.warmup, 3);
const IMPORT_ROWS = int(args['import-rows'], 100_000);
const OUT = args.out ?? join(ROOT, 'bench/results.json');
const API_ENV = Object.fromEntries(
  (process.env.BENCH_API_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => {
      const at = kv.indexOf('=');
      if (at < 1) throw new Error(`BENCH_API_ENV: "${kv}" is not KEY=VALUE`);
      return [kv.slice(0, at).trim(), kv.slice(at + 1).trim()];
    }),
);
const ONLY = args.only ? new Set(args.only.split(',')) : null;
const DEMO_PASSWORD = 'kaytuu-demo-2026';
// The data keys of every process of a run (seed:big, the migrations, the API, the worker): the caller's DATA_KEYS and
// DATA_HMAC_KEY when set (a database seeded with them), else fixed benchmark-only keys for the synthetic datasets.
const DATA_KEY_ENV = {
  DATA_KEYS: process.env.DATA_KEYS || `bench:${Buffer.alloc(32, 0x42).toString('base64')}`,
  DATA_KEY_ID: process.env.DATA_KEY_ID || '',
  DATA_HMAC_KEY: process.env.DATA_HMAC_KEY || Buffer.alloc(32, 0x43).toString('base64'),
};
// the migrations run in this process (a dataset seeded before encryption at rest is encrypted with these keys)
Object.assign(process.env, DATA_KEY_ENV);
const ADMIN_EMAIL = 'bench.admin@kaytuu.kg';
const SAMPLE_MS = 200;

// Goals (the README's table of measures). minRatio: share of the floor's req/s the API must reach.
const MEASURES = [
  { key: 'caseList', name: 'case list page', connections: 32, goal: { p95Ms: 40, minRatio: 0.6 } },
  { key: 'returneeShow', name: 'returnee show', connections: 32, goal: { p95Ms: 30, minRatio: 0.6 } },
  { key: 'search', name: 'fuzzy search', connections: 10, goal: { p95Ms: 100 } },
  { key: 'dashboard', name: 'supervisor dashboard', connections: 10, goal: { p95Ms: 150 } },
  { key: 'report', name: 'report, all offices', connections: 1, goal: { p95Ms: 500 } },
].filter((m) => !ONLY || ONLY.has(m.key));
const IMPORT_GOAL_S = 30;
const MEMORY_GOAL_MB = 250;

// Surnames and given names from the seed's name lists (libs/shared reference), as typed: Cyrillic, with typos, and
// Latin spellings of the Cyrillic names.
const SEARCH_TERMS = [
  'Асанов',
  'Жээнбекова',
  'Осмон уулу',
  'Нурлан',
  'Токтогулов Бакыт',
  'Садыкова Динара',
  'Абдыкадыров',
  'Чыныбаев Эрлан',
  'Жэнбеков',
  'Турдубаеф',
  'Кудайбергнов',
  'Асель Сулайманова',
  'Zheenbekov',
  'Jeenbekova',
  'Asanov Nurlan',
  'Osmonov',
  'Kubanychbek',
  'Aigul',
  'Toktogulova Jyldyz',
  'Sulaimanov Azamat',
];

const LOAD_AT_START = loadAverage();
const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const tmp = mkdtempSync(join(tmpdir(), 'kaytuu-bench-'));
const children = new Set();
const cleanups = [];
let shuttingDown = false;
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

try {
  await main();
  await shutdown(0);
} catch (err) {
  console.error(err instanceof Error ? err.stack : err);
  await shutdown(1);
}

async function main() {
  if (args['no-build'] !== 'true') ensureServerBuilt();
  const require = createRequire(import.meta.url);
  const { runMigrations, DB_POOL_SIZE } = require(join(ROOT, 'dist/apps/api/libs/shared/src/db/data-source.js'));
  const poolSize = DB_POOL_SIZE ?? 10;

  const dataset = await prepareDataset(runMigrations);
  const dbUrl = `${PG_SERVER}/${dataset.runDatabase}`;
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  cleanups.push(() => db.end());
  dataset.counts = await countRows(db);
  log(`dataset: ${fmtCounts(dataset.counts)}`);

  const jwtSecret = randomBytes(24).toString('hex');
  const prefix = `kt_bench_${run}`;
  cleanups.push(() => deleteRedisPrefix(REDIS_URL, prefix));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    JWT_SECRET: jwtSecret,
    ...DATA_KEY_ENV,
    LOG_LEVEL: 'warn',
    SEED: 'false',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    // the run logs in a dozen users and holds its tokens for the whole run: no throttle, lockout or expiry in the way
    LOGIN_THROTTLE_PER_MINUTE: '100000',
    LOCKOUT_MAX_FAILURES: '100000',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    // the all-offices report needs an admin; created by the API on start when absent
    ADMIN_EMAIL,
    ADMIN_PASSWORD: DEMO_PASSWORD,
    // extra API settings for an experiment, e.g. BENCH_API_ENV="DASHBOARD_CACHE_SECONDS=0,REPORT_CACHE_SECONDS=0"
    ...API_ENV,
  };
  const worker = await startProcess('worker', WORKER_MAIN, { ...env, LOG_LEVEL: 'warn' });

  // 1. capture: every variant through an API that traces its SQL
  const traceFile = join(tmp, 'sql-trace.jsonl');
  const capturePort = await freePort();
  const captureApi = await startApi({ ...env, PORT: String(capturePort), KAYTUU_SQL_TRACE: traceFile }, capturePort);
  const base = `http://127.0.0.1:${capturePort}`;
  const users = await loginUsers(db, base);
  const variants = await buildVariants(db, users);
  log(`capturing the SQL of ${variants.length} request variants`);
  await captureVariants(base, variants, traceFile);
  await stopProcess(captureApi);
  rmSync(traceFile, { force: true });

  // 2. the floor: the captured statements per variant, raw pg, same pool size, node:http
  const floorFile = join(tmp, 'floor-variants.json');
  writeFileSync(floorFile, JSON.stringify(variants.map((v) => ({ statements: v.statements, leaves: v.leaves }))), { mode: 0o600 });
  const floorPort = await freePort();
  const floor = await startProcess(
    'floor',
    FLOOR,
    { PATH: process.env.PATH, FLOOR_DATABASE_URL: dbUrl, FLOOR_POOL_SIZE: String(poolSize), FLOOR_PORT: String(floorPort), FLOOR_VARIANTS: floorFile },
    /floor ready/,
  );

  // 3. the measured API, without the trace
  const apiPort = await freePort();
  const api = await startApi({ ...env, PORT: String(apiPort) }, apiPort);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const floorUrl = `http://127.0.0.1:${floorPort}`;
  await checkBoth(apiUrl, floorUrl, variants);
  const rss = rssSampler(api.pid);

  const results = [];
  for (const m of MEASURES) {
    const vs = variants.filter((v) => v.measure === m.key);
    log(`${m.name}: ${vs.length} variants, ${m.connections} concurrent, ${DURATION} s (+${WARMUP} s warmup)`);
    rss.phase = 'measures';
    await load(apiUrl, vs, m.connections, WARMUP);
    const apiRes = await load(apiUrl, vs, m.connections, DURATION);
    rss.phase = null;
    await load(floorUrl, vs, m.connections, WARMUP);
    const floorRes = await load(floorUrl, vs, m.connections, DURATION);
    const ratio = floorRes.rps > 0 ? apiRes.rps / floorRes.rps : null;
    const met = apiRes.errors === 0 && apiRes.p95 !== null && apiRes.p95 <= m.goal.p95Ms && (m.goal.minRatio === undefined || (ratio ?? 0) >= m.goal.minRatio);
    // The floor replays what a repeated request issued. A first request issuing more SQL than its repeat means the
    // API answered the repeat from a cache; an API faster than the replay of its own SQL skipped that SQL under load.
    const firstAvg = vs.reduce((a, v) => a + v.firstRequestStatements, 0) / vs.length;
    const repeatAvg = vs.reduce((a, v) => a + v.statements.length, 0) / vs.length;
    const notes = [];
    if (firstAvg > repeatAvg + 0.5) {
      notes.push(
        `the API answers repeated requests from a cache: a first request issued ${round(firstAvg, 1)} statements, a repeat ${round(repeatAvg, 1)}; the floor replays the repeat's`,
      );
    }
    if (ratio !== null && ratio > 1.5) {
      notes.push(
        'the API was faster than the replay of its own SQL: under load it answered most requests without issuing that SQL (a result cache), so the ratio compares cached answers with uncached SQL',
      );
    }
    const note = notes.length ? notes.join('; ') : null;
    const r = {
      key: m.key,
      name: m.name,
      concurrency: m.connections,
      variants: vs.length,
      requestShapes: [...new Set(vs.map((v) => v.shape))],
      note,
      statementsPerRequest: round(repeatAvg, 1),
      statementsFirstRequest: round(firstAvg, 1),
      api: apiRes,
      floor: floorRes,
      ratio: round(ratio, 3),
      goal: m.goal,
      met,
      sql: [...new Set(vs.flatMap((v) => v.statements.map((s) => s.sql)))].slice(0, 40),
    };
    results.push(r);
    log(
      `  API ${rps(apiRes.rps)} req/s p50 ${apiRes.p50} p95 ${apiRes.p95} p99 ${apiRes.p99} ms${apiRes.errors ? ` (${apiRes.errors} errors)` : ''} | floor ${rps(floorRes.rps)} req/s p95 ${floorRes.p95} ms${floorRes.errors ? ` (${floorRes.errors} errors)` : ''} | ratio ${pct(ratio)} | ${met ? 'met' : 'NOT met'}`,
    );
    if (note) log(`  note: ${note}`);
  }

  let importResult = null;
  if (!ONLY || ONLY.has('import')) {
    rss.phase = 'import';
    importResult = await runImport(apiUrl, api, users);
    rss.phase = null;
  }
  const memory = rss.summary();
  rss.stop();
  log(
    `API memory: peak ${memory.peakMb} MB, mean ${memory.meanMb} MB over ${memory.samples} samples (measures: peak ${memory.duringMeasures.peakMb}, mean ${memory.duringMeasures.meanMb}; import: peak ${memory.duringImport.peakMb ?? '–'}, mean ${memory.duringImport.meanMb ?? '–'}; VmHWM ${memory.hwmMb} MB)`,
  );
  await stopProcess(api);
  await stopProcess(floor);
  await stopProcess(worker);

  const out = {
    date: new Date().toISOString(),
    run,
    machine: await machineInfo(db, { loadAverageAtStart: LOAD_AT_START }),
    dataset: {
      database: dataset.database,
      clonedFor: dataset.cloned ? dataset.runDatabase : null,
      seededNow: dataset.seededNow,
      seedSeconds: dataset.seedSeconds,
      analyzeSeconds: dataset.analyzeSeconds,
      ...dataset.counts,
    },
    settings: {
      apiEnv: API_ENV,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      poolSize,
      loadGenerator: 'autocannon (in the harness process)',
      worker: 'running (Redis)',
    },
    measures: results,
    import: importResult,
    memory,
  };
  writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
  printTable(out);
  log(`wrote ${OUT}`);
}

// ---- build and dataset ----

// The dataset database carries a comment once its seed has finished, so an interrupted seed is never reused.
async function prepareDataset(runMigrations) {
  const out = { database: args.database ?? `kaytuu_bench_${N}`, seededNow: false, seedSeconds: null, cloned: false };
  const marker = `kaytuu bench dataset: ${N} returnees`;
  if (!/^[a-z_][a-z0-9_]*$/.test(out.database)) throw new Error(`--database must be a plain lower-case identifier, got ${out.database}`);
  if (args.database) {
    if (!(await adminQuery(PG_SERVER, `SELECT 1 FROM pg_database WHERE datname = $1`, [out.database])).rows.length) {
      throw new Error(`no database ${out.database}`);
    }
    log(`using ${out.database} as is (the run writes audit rows${!ONLY || ONLY.has('import') ? ', imported returnees' : ''} and a bench admin into it)`);
  } else {
    const found = await adminQuery(PG_SERVER, `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [out.database]);
    if (found.rows[0]?.note === marker && args.reseed !== 'true') {
      log(`reusing ${out.database}`);
    } else {
      await adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS ${out.database} WITH (FORCE)`);
      await adminQuery(PG_SERVER, `CREATE DATABASE ${out.database}`);
      log(`seeding ${out.database} with ${N} returnees (npm run seed:big)…`);
      const t = performance.now();
      await runToEnd(process.execPath, [SEED_BIG, '--returnees', String(N)], {
        PATH: process.env.PATH,
        DATABASE_URL: `${PG_SERVER}/${out.database}`,
        ...DATA_KEY_ENV,
      });
      out.seedSeconds = round((performance.now() - t) / 1000, 1);
      out.seededNow = true;
      await adminQuery(PG_SERVER, `COMMENT ON DATABASE ${out.database} IS '${marker}'`);
      log(`seeded in ${out.seedSeconds} s`);
    }
  }
  if (args.database) {
    out.runDatabase = out.database;
  } else {
    // clones left behind by a run that was killed
    const stale = await adminQuery(PG_SERVER, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${out.database}\\_run\\_%`]);
    for (const { datname } of stale.rows) {
      log(`dropping ${datname}, left by an interrupted run`);
      await adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    out.runDatabase = `${out.database}_run_${run}`;
    out.cloned = true;
    const tc = performance.now();
    await adminQuery(PG_SERVER, `CREATE DATABASE ${out.runDatabase} TEMPLATE ${out.database}`);
    cleanups.push(() => adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS ${out.runDatabase} WITH (FORCE)`));
    log(`cloned into ${out.runDatabase} for this run (${((performance.now() - tc) / 1000).toFixed(1)} s)`);
  }
  // Migrations newer than the seed go into the run's clone, never into the kept dataset: a migration still being
  // written would otherwise stay applied there in an old form.
  const url = `${PG_SERVER}/${out.runDatabase}`;
  const tm = performance.now();
  const applied = await runMigrations(url);
  if (applied.length) log(`applied migrations in ${((performance.now() - tm) / 1000).toFixed(1)} s: ${applied.join(', ')}`);
  const t = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('ANALYZE');
  await c.end();
  out.analyzeSeconds = round((performance.now() - t) / 1000, 1);
  log(`ANALYZE ${out.analyzeSeconds} s`);
  return out;
}

async function countRows(db) {
  const one = async (table) => Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  return {
    returnees: await one('returnee'),
    migrationEpisodes: await one('migration_episode'),
    cases: await one('case_file'),
    caseEvents: await one('case_event'),
  };
}

// ---- users and request variants ----

async function loginUsers(db, base) {
  const { rows } = await db.query(
    `SELECT u.email, u.office_id AS "officeId", o.oblast FROM app_user u JOIN office o ON o.id = u.office_id
      WHERE u.role = 'supervisor' AND u.active AND u.email LIKE 'seed.supervisor.%' ORDER BY o.oblast`,
  );
  if (!rows.length) throw new Error('no seed.supervisor.* users in the database: it must be filled by `npm run seed:big`');
  const supervisors = [];
  for (const r of rows) supervisors.push({ ...r, token: await login(base, r.email, DEMO_PASSWORD) });
  const admin = { email: ADMIN_EMAIL, token: await login(base, ADMIN_EMAIL, DEMO_PASSWORD) };
  log(`signed in ${supervisors.length} office supervisors and ${ADMIN_EMAIL}`);
  return { supervisors, admin };
}

async function buildVariants(db, { supervisors, admin }) {
  const out = [];
  const add = (measure, shape, path, token) => out.push({ id: out.length, measure, shape, path, token });
  const want = (k) => MEASURES.some((m) => m.key === k);
  const byOffice = new Map(supervisors.map((s) => [s.officeId, s]));

  if (want('caseList')) {
    // the console's case list filtered by office and open statuses, sorted by due date, pages 1 and 2
    for (const s of supervisors) {
      for (const range of [
        [0, 24],
        [25, 49],
      ]) {
        add(
          'caseList',
          'GET /api/cases?filter={officeId,status}&sort=dueAt&range',
          `/api/cases?filter=${q({ officeId: s.officeId, status: ['open', 'in_progress'] })}&sort=${q(['dueAt', 'ASC'])}&range=${q(range)}`,
          s.token,
        );
      }
    }
  }
  if (want('returneeShow')) {
    // 50 returnees spread over the offices; the show page reads the record (with episodes and consents) and its
    // Cases tab reads the nested list, as the console does: both requests are part of the measure
    const { rows } = await db.query(
      `SELECT id, office_id AS "officeId" FROM (
         SELECT r.id, r.office_id, row_number() OVER (PARTITION BY r.office_id ORDER BY md5(r.id::text)) AS k
           FROM returnee r WHERE r.deleted_at IS NULL AND r.office_id = ANY($1::uuid[])) x
        WHERE k <= 6 ORDER BY k, md5(id::text) LIMIT 50`,
      [supervisors.map((s) => s.officeId)],
    );
    for (const r of rows) {
      const s = byOffice.get(r.officeId);
      add('returneeShow', 'GET /api/returnees/:id', `/api/returnees/${r.id}`, s.token);
      add(
        'returneeShow',
        'GET /api/returnees/:id/cases',
        `/api/returnees/${r.id}/cases?filter=${q({})}&sort=${q(['openedAt', 'DESC'])}&range=${q([0, 9])}`,
        s.token,
      );
    }
  }
  if (want('search')) {
    // no sort parameter: best matches first (the API ranks by similarity only when no sort is asked for)
    SEARCH_TERMS.forEach((term, i) => {
      const s = supervisors[i % supervisors.length];
      add('search', 'GET /api/returnees?filter={q}&range', `/api/returnees?filter=${q({ q: term })}&range=${q([0, 24])}`, s.token);
    });
  }
  if (want('dashboard')) for (const s of supervisors) add('dashboard', 'GET /api/dashboard', '/api/dashboard', s.token);
  if (want('report')) {
    // cases report (default range: the last 12 months) over all offices, three breakdowns
    for (const by of ['oblast,status', 'caseType,period', 'sex,ageBand']) {
      add('report', 'GET /api/reports/cases?by=…', `/api/reports/cases?by=${by}`, admin.token);
    }
  }
  return out;
}

// Each variant is sent twice to the tracing API (the first warms it, so one-off work such as first-use lookups stays
// out) and the statements written during the second request are the variant's floor. Statements run sequentially in
// the API depend on the ones finished before they started; statements issued together (Promise.all) do not.
async function captureVariants(base, variants, traceFile) {
  const CONTROL = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|SET TRANSACTION)\b/i;
  const size = () => (existsSync(traceFile) ? statSync(traceFile).size : 0);
  for (const v of variants) {
    const first = size();
    await send(base, v);
    await sleep(25);
    const before = size();
    // a first request that issues more SQL than its repeat means the API keeps results (a cache): reported per measure
    v.firstRequestStatements = readFileSync(traceFile).subarray(first, before).toString('utf8').split('\n').filter(Boolean).length;
    await send(base, v);
    await sleep(25);
    const lines = readFileSync(traceFile)
      .subarray(before)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    if (!lines.length) throw new Error(`no SQL captured for ${v.path}`);
    lines.sort((a, b) => a.start - b.start);
    v.statements = lines.map((l, i) => ({
      sql: l.sql,
      params: l.params,
      runner: l.runner,
      ok: l.ok,
      deps: lines
        .slice(0, i)
        .map((p, j) => (p.end <= l.start ? j : -1))
        .filter((j) => j >= 0),
    }));
    // the body: rows of the data statements no other data statement waited for
    const data = lines.map((l, i) => (!CONTROL.test(l.sql) && l.rows ? i : -1)).filter((i) => i >= 0);
    const leaves = data.filter((i) => !data.some((j) => v.statements[j].deps.includes(i)));
    v.leaves = leaves.length ? leaves : [lines.length - 1];
  }
}

async function send(base, v) {
  const res = await fetch(base + v.path, { headers: headersOf(v) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${v.path} answered ${res.status}: ${body.slice(0, 300)}`);
  return body;
}

function headersOf(v) {
  return { authorization: `Bearer ${v.token}`, 'x-bench-variant': String(v.id) };
}

async function checkBoth(apiUrl, floorUrl, variants) {
  for (const v of variants) {
    await send(apiUrl, v);
    await send(floorUrl, v);
  }
  log('every variant answers 200 from the API and from the floor');
}

// ---- load ----

// autocannon cycles through the variants in one shared round-robin (not per connection, so concurrent requests hit
// different variants); latencies are taken per response so p95 is exact, and req/s is responses per elapsed second.
async function load(url, variants, connections, seconds) {
  let next = 0;
  const latencies = [];
  let errors = 0;
  const inst = autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const v = variants[next++ % variants.length];
          return { ...req, path: v.path, headers: headersOf(v) };
        },
      },
    ],
  });
  inst.on('response', (_client, status, _bytes, ms) => {
    if (status === 200) latencies.push(ms);
    else errors++;
  });
  const t = performance.now();
  const res = await inst;
  const elapsed = (performance.now() - t) / 1000;
  errors += res.errors + res.timeouts;
  latencies.sort((a, b) => a - b);
  const pctl = (p) => (latencies.length ? round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)], 1) : null);
  return { requests: latencies.length, rps: round(latencies.length / elapsed, 1), p50: pctl(50), p95: pctl(95), p99: pctl(99), max: pctl(100), errors };
}

async function runImport(apiUrl, api, { supervisors }) {
  const goal = { seconds: IMPORT_GOAL_S };
  if (!existsSync(IMPORT_BENCH)) {
    log('100,000-row CSV import: not available (bench/import.mjs is missing)');
    return { available: false, goal, met: false };
  }
  const { measureImport } = await import(pathToFileURL(IMPORT_BENCH).href);
  if (typeof measureImport !== 'function') {
    log('100,000-row CSV import: not available (bench/import.mjs exports no measureImport)');
    return { available: false, goal, met: false };
  }
  log(`CSV import of ${IMPORT_ROWS} rows…`);
  let r;
  try {
    // a fresh file per run: on a reused --database the same rows would all be duplicates of the last run's import
    r = await measureImport({ api: apiUrl, token: supervisors[0].token, rows: IMPORT_ROWS, seed: Date.now() % 1_000_000_007 });
  } catch (err) {
    // a failing import is a result too: the other measures are kept
    const error = err instanceof Error ? err.message : String(err);
    log(`  import failed: ${error}${api.tail ? `\n  API output (tail):\n${api.tail().slice(-1500)}` : ''}`);
    return { available: true, error, goal, met: false };
  }
  const met = r.totalSeconds <= IMPORT_GOAL_S;
  log(
    `  import: upload ${r.uploadSeconds} s, validate ${r.validateSeconds} s, import ${r.importSeconds} s, total ${r.totalSeconds} s | ${met ? 'met' : 'NOT met'}`,
  );
  return { available: true, ...r, goal, met };
}

// ---- processes ----

async function startApi(env, port) {
  // the production flags (Dockerfile, scripts/start.mjs): the heap is capped at 192 MB; BENCH_API_NODE_ARGS adds more
  const production = ['--max-old-space-size=192'];
  const nodeArgs = [...production, ...(env.KAYTUU_SQL_TRACE ? [] : (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean))];
  // a CPU profile is written only on a normal exit: the preload turns the bench's SIGTERM into one (bench/cpu-profile.mjs reads it)
  if (nodeArgs.includes('--cpu-prof')) nodeArgs.push('--require', join(ROOT, 'bench/cpu-prof-exit.cjs'));
  const child = await startProcess(env.KAYTUU_SQL_TRACE ? 'api (SQL trace)' : 'api', API_MAIN, env, /Kaytuu console:/, nodeArgs);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > deadline) throw new Error(`the API on port ${port} did not answer /api/health`);
    await sleep(200);
  }
}

function startProcess(name, file, env, readyLine, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.label = name;
  let tail = '';
  const keep = (d) => {
    tail = (tail + d.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.tail = () => tail;
  child.on('exit', () => children.delete(child));
  log(`${name} started (pid ${child.pid})`);
  if (!readyLine) return child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after 120 s:\n${tail}`)), 120_000);
    const check = () => {
      if (readyLine.test(tail)) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(child);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${tail}`));
    });
  });
}

function runToEnd(cmd, argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    children.add(child);
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${argv[0]} exited with ${code}`));
    });
  });
}

// VmRSS every 200 ms while `phase` is set (the API under the measures' load, then during the import); VmHWM is the
// kernel's peak since the process started. The goal is checked against every sample, the import's included.
function rssSampler(pid) {
  const samples = { measures: [], import: [] };
  const read = (key) => {
    try {
      const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : null;
    } catch {
      return null;
    }
  };
  const stats = (xs) => ({
    peakMb: xs.length ? round(Math.max(...xs), 0) : null,
    meanMb: xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 0) : null,
    samples: xs.length,
  });
  const s = {
    phase: null,
    timer: setInterval(() => {
      if (!s.phase) return;
      const mb = read('VmRSS');
      if (mb !== null) samples[s.phase].push(mb);
    }, SAMPLE_MS),
    stop: () => clearInterval(s.timer),
    summary: () => {
      const all = [...samples.measures, ...samples.import];
      return {
        ...stats(all),
        intervalMs: SAMPLE_MS,
        duringMeasures: stats(samples.measures),
        duringImport: stats(samples.import),
        hwmMb: round(read('VmHWM'), 0),
        goal: { peakMb: MEMORY_GOAL_MB },
        met: all.length > 0 && Math.max(...all) <= MEMORY_GOAL_MB,
      };
    },
  };
  return s;
}

// ---- infrastructure ----

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.all([...children].map((ch) => stopProcess(ch)));
  for (const fn of cleanups.reverse()) await fn().catch((err) => console.error(`cleanup: ${err.message}`));
  rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}

// ---- output ----

function printTable(out) {
  const head = ['measure', 'conc', 'API req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'API n', 'floor req/s', 'floor p95', 'floor n', 'ratio', 'goal', 'met'];
  const rows = out.measures.map((m) => [
    m.name,
    String(m.concurrency),
    rps(m.api.rps),
    String(m.api.p50),
    String(m.api.p95),
    String(m.api.p99),
    String(m.api.requests),
    rps(m.floor.rps),
    String(m.floor.p95),
    String(m.floor.requests),
    pct(m.ratio),
    goalText(m.goal),
    (m.met ? 'yes' : 'no') + (m.api.errors ? ` (${m.api.errors} errors)` : ''),
  ]);
  const im = out.import;
  if (im) {
    rows.push([
      `CSV import ${IMPORT_ROWS.toLocaleString('en')} rows`,
      '–',
      importText(im),
      '–',
      '–',
      '–',
      '–',
      '–',
      '–',
      '–',
      '–',
      `≤ ${IMPORT_GOAL_S} s`,
      im.available ? (im.met ? 'yes' : 'no') : '–',
    ]);
  }
  rows.push([
    'API memory (VmRSS) under load',
    '–',
    `peak ${out.memory.peakMb} MB`,
    `mean ${out.memory.meanMb} MB`,
    '–',
    '–',
    '–',
    '–',
    '–',
    '–',
    '–',
    `≤ ${MEMORY_GOAL_MB} MB`,
    out.memory.met ? 'yes' : 'no',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  console.log(['', line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...rows.map(line), ''].join('\n'));
  const d = out.dataset;
  const mc = out.machine;
  console.log(
    `Markdown for the README (${out.date.slice(0, 10)}, ${mc.nproc} cores ${mc.cpuModel}, ${mc.ramGb} GB, Postgres ${mc.postgres}, Node ${mc.node}; ${fmtCounts(d)}; ${DURATION} s per run; load average ${mc.loadAverageAtStart} before, ${mc.loadAverageAtEnd} after):\n`,
  );
  console.log(`| measure | concurrency | API req/s | p50 / p95 / p99 ms | floor req/s | floor p95 ms | API / floor | goal | met |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  for (const m of out.measures) {
    console.log(
      `| ${m.name} | ${m.concurrency} | ${rps(m.api.rps)} | ${m.api.p50} / ${m.api.p95} / ${m.api.p99} (n=${m.api.requests}) | ${rps(m.floor.rps)} | ${m.floor.p95} | ${pct(m.ratio)} | ${goalText(m.goal)} | ${m.met ? 'yes' : '**no**'} |`,
    );
  }
  if (im) {
    console.log(
      `| CSV import, ${IMPORT_ROWS.toLocaleString('en')} rows | – | ${importText(im)} | – | – | – | – | ≤ ${IMPORT_GOAL_S} s | ${im.available ? (im.met ? 'yes' : '**no**') : '–'} |`,
    );
  }
  const mem = out.memory;
  const during = (x) => (x.samples ? `peak ${x.peakMb}, mean ${x.meanMb}` : '–');
  console.log(
    `| API resident memory under load | – | peak ${mem.peakMb} MB, mean ${mem.meanMb} MB (measures: ${during(mem.duringMeasures)}; import: ${during(mem.duringImport)}) | – | – | – | – | ≤ ${MEMORY_GOAL_MB} MB | ${out.memory.met ? 'yes' : '**no**'} |\n`,
  );
  for (const m of out.measures) if (m.note) console.log(`${m.name}: ${m.note}.`);
}

function importText(im) {
  if (!im.available) return 'not available';
  if (im.error) return `failed: ${im.error.slice(0, 80)}`;
  return `${im.totalSeconds} s (upload ${im.uploadSeconds}, validate ${im.validateSeconds}, import ${im.importSeconds})`;
}

function goalText(g) {
  return `p95 ≤ ${g.p95Ms} ms${g.minRatio !== undefined ? `, ≥ ${g.minRatio * 100}% of floor` : ''}`;
}

function fmtCounts(c) {
  const n = (x) => Number(x).toLocaleString('en');
  return `${n(c.returnees)} returnees, ${n(c.cases)} cases, ${n(c.caseEvents)} case events, ${n(c.migrationEpisodes)} migration episodes`;
}

function rps(x) {
  return x < 10 ? x.toFixed(1) : x.toFixed(0);
}

function pct(x) {
  return x === null || x === undefined ? '–' : `${(x * 100).toFixed(0)}%`;
}
