// First load of the console (README "First load of the console"): the built API with the built console on a database
// holding the demo dataset, and Chromium opening the returnee list with a cold cache, signing in on the way.
//
//   node bench/first-load.mjs                      # 3 runs per profile, the median printed
//   node bench/first-load.mjs --runs 5 --user caseworker.osh@kaytuu.kg --out /tmp/first-load.json --no-build
//
// Flags: --runs N (3) --user email (caseworker2.bishkek@kaytuu.kg, a Russian-speaking caseworker of the demo)
//        --pg postgres://… (BENCH_PG_URL or postgres://postgres@127.0.0.1:5432) --redis redis://… (BENCH_REDIS_URL or
//        redis://127.0.0.1:6379) --out file (the figures as JSON) --no-build (use the builds as they are)
// Env: CHROMIUM_PATH (/usr/bin/chromium).
//
// Each run: a fresh Chromium profile (nothing cached, nothing in localStorage), the network profile applied through the
// DevTools protocol (Network.emulateNetworkConditions, which delays every response by the round trip and paces bytes
// at the given rates), then the login page as a signed-out visit of `/#/returnees` leaves it: the user signs in (the
// fields are filled at once, no typing time), and the app goes on to the returnee list. Measured: from navigation to the login
// form usable, from the click on "sign in" to the first rows of the list visible, their sum, and what went over the
// wire (Network.loadingFinished's encodedDataLength: compressed bodies with their headers), scripts and all.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { adminQuery, API_MAIN, deleteRedisPrefix, ensureServerBuilt, freePort, int, loadAverage, log, parseArgs, ROOT, round, stopProcess } from './common.mjs';

const args = parseArgs(process.argv.slice(2));
const RUNS = int(args.runs, 3);
const USER = args.user ?? 'caseworker2.bishkek@kaytuu.kg';
const PASSWORD = 'kaytuu-demo-2026';
const PG_SERVER = (args.pg ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const REDIS_URL = args.redis ?? process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// the flags of test/support/browser.ts
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const GOAL_S = 3;

// "Slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up (the DevTools protocol takes bytes per second).
const PROFILES = [
  { name: 'unthrottled (floor)', conditions: null },
  {
    name: 'slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up)',
    conditions: { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
  },
];

const cleanups = [];

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  if (args['no-build'] !== 'true') {
    ensureServerBuilt();
    log('building the console…');
    const b = spawnSync('npm', ['run', 'build', '-w', '@kaytuu/console'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('the console build failed');
  }
  if (!existsSync(join(ROOT, 'apps/console/dist/index.html'))) throw new Error('no console build: npm run build:console');
  const loadAverageAtStart = loadAverage();

  // a throwaway database: the API migrates it and loads the demo dataset on its first start
  const run = randomBytes(3).toString('hex');
  const database = `kaytuu_first_load_${run}`;
  await adminQuery(PG_SERVER, `CREATE DATABASE ${database}`);
  cleanups.push(() => adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  const prefix = `kt_first_load_${run}`;
  cleanups.push(() => deleteRedisPrefix(REDIS_URL, prefix));
  const port = await freePort();
  const api = await startApi(
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: `${PG_SERVER}/${database}`,
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATA_KEYS: `bench:${Buffer.alloc(32, 0x42).toString('base64')}`,
      DATA_HMAC_KEY: Buffer.alloc(32, 0x43).toString('base64'),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SEED: 'true',
      LOG_LEVEL: 'warn',
      LOGIN_THROTTLE_PER_MINUTE: '100000',
      LOCKOUT_MAX_FAILURES: '100000',
    },
    port,
  );
  cleanups.push(() => stopProcess(api));
  const base = `http://127.0.0.1:${port}`;

  const results = [];
  for (const profile of PROFILES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await firstLoad(base, profile.conditions);
      log(
        `${profile.name} #${i + 1}: login form ${r.loginFormMs} ms, list ${r.listMs} ms, total ${r.totalMs} ms, ${kb(r.bytes)} (${kb(r.scriptBytes)} scripts)`,
      );
      runs.push(r);
    }
    const median = (key) => [...runs.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    results.push({
      profile: profile.name,
      conditions: profile.conditions,
      runs,
      median: Object.fromEntries(['loginFormMs', 'listMs', 'totalMs', 'bytes', 'scriptBytes', 'requests', 'scripts'].map((k) => [k, median(k)])),
    });
  }

  const out = {
    at: new Date().toISOString(),
    user: USER,
    runsPerProfile: RUNS,
    loadAverageAtStart,
    loadAverageAtEnd: loadAverage(),
    goalSeconds: GOAL_S,
    results,
  };
  console.log('\nFirst load of the returnee list, cold cache, signing in on the way (median of %d runs)\n', RUNS);
  console.log('| profile | login form | sign-in → list rows | total | transferred | of which scripts | requests |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const m = r.median;
    console.log(
      `| ${r.profile} | ${s(m.loginFormMs)} | ${s(m.listMs)} | **${s(m.totalMs)}** | ${kb(m.bytes)} | ${kb(m.scriptBytes)} (${m.scripts} files) | ${m.requests} |`,
    );
  }
  const slow = results[results.length - 1].median.totalMs / 1000;
  console.log(
    `\ngoal ≤ ${GOAL_S} s on slow 4G: ${slow <= GOAL_S ? 'met' : 'NOT met'} (${round(slow, 2)} s); load average ${loadAverageAtStart} → ${out.loadAverageAtEnd}`,
  );
  if (args.out) writeFileSync(args.out, `${JSON.stringify(out, null, 2)}\n`);
}

const s = (ms) => `${round(ms / 1000, 2)} s`;
const kb = (bytes) => `${round(bytes / 1000, 1)} kB`;

async function firstLoad(base, conditions) {
  const profileDir = mkdtempSync(join(tmpdir(), 'kaytuu-first-load-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'ru-RU',
    timezoneId: 'Asia/Bishkek',
    viewport: { width: 1366, height: 768 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60_000);
    const cdp = await context.newCDPSession(page);
    const types = new Map();
    const finished = [];
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => finished.push({ type: types.get(e.requestId), bytes: e.encodedDataLength }));
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    if (conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...conditions });

    // The login page as react-admin leaves it when it sends a signed-out visitor of the returnee list there
    // (location state `nextPathname`, so signing in lands on the list). Opening `/#/returnees` itself would measure
    // react-admin's redirect to the login page, which takes 2–18 s of timers here whatever the network (see README).
    const state = { usr: { nextPathname: '/returnees', nextSearch: '' }, key: 'first-load', idx: 0 };
    await page.addInitScript({ content: `if (location.hash === '#/login') history.replaceState(${JSON.stringify(state)}, '');` });
    const t0 = performance.now();
    await page.goto(`${base}/#/login`);
    await page.locator('input[name="username"]').waitFor();
    const t1 = performance.now();
    await page.locator('input[name="username"]').fill(USER);
    await page.locator('input[name="password"]').fill(PASSWORD);
    const t2 = performance.now();
    await page.locator('button[type="submit"]').click();
    await page
      .locator('tbody tr')
      .first()
      .waitFor()
      .catch(async (err) => {
        const shot = join(tmpdir(), 'kaytuu-first-load-failed.png');
        await page.screenshot({ path: shot });
        throw new Error(`no list rows at ${page.url()} (screenshot ${shot}): ${err.message}`);
      });
    const t3 = performance.now();
    if (!/#\/returnees/.test(page.url())) throw new Error(`expected the returnee list after sign-in, got ${page.url()}`);
    // the bytes of requests still finishing as the rows appear
    await page.waitForLoadState('networkidle').catch(() => {});
    const scripts = finished.filter((f) => f.type === 'Script');
    return {
      loginFormMs: Math.round(t1 - t0),
      listMs: Math.round(t3 - t2),
      totalMs: Math.round(t1 - t0 + (t3 - t2)),
      bytes: finished.reduce((sum, f) => sum + f.bytes, 0),
      scriptBytes: scripts.reduce((sum, f) => sum + f.bytes, 0),
      requests: finished.length,
      scripts: scripts.length,
    };
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

async function startApi(env, port) {
  const child = spawn(process.execPath, ['--max-old-space-size=192', API_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (d) => {
    tail = (tail + d.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  log(`api started (pid ${child.pid}), migrating and loading the demo dataset…`);
  const deadline = Date.now() + 300_000;
  while (!/Kaytuu console:/.test(tail)) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${tail}`);
    if (Date.now() > deadline) throw new Error(`the API on port ${port} was not ready after 300 s:\n${tail}`);
    await sleep(200);
  }
  return child;
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e) => console.error('cleanup:', e.message));
  });
