// What the bench scripts (api.mjs, soak.mjs, reminders.mjs) share: arguments, logging, building the server, child
// processes, the admin connection, Redis cleanup, the machine's description. Each script keeps only its own measure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
export const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');

// `--name value`, `--name=value`, or a bare `--flag` ('true'); names in `flags` (and `--no-…`) never take a value.
export function parseArgs(argv, flags = []) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    if (m[2] === undefined && (m[1].startsWith('no-') || flags.includes(m[1]))) out[m[1]] = 'true';
    else out[m[1]] = m[2] ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
  }
  return out;
}

export function int(v, dflt) {
  const x = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(x) || x < 0) throw new Error(`not a non-negative integer: ${v}`);
  return x;
}

export function round(x, d) {
  return x === null || x === undefined || Number.isNaN(x) ? null : Number(Number(x).toFixed(d));
}

export function log(msg) {
  console.log(`${new Date().toISOString().slice(11, 19)} ${msg}`);
}

// a JSON query parameter of the ra-data-simple-rest dialect
export function q(v) {
  return encodeURIComponent(JSON.stringify(v));
}

// other work on the machine (2 shared cores) moves every figure: the runs record the load average around them
export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

// Rebuilds the API and the worker when a server source is newer than their build. With `keepOldBuild`, a failed build
// is tolerated when an older one exists (the soak can run on it; the bench must not measure stale code).
export function ensureServerBuilt({ keepOldBuild = false } = {}) {
  const newest = (paths) => {
    let t = 0;
    const visit = (p) => {
      if (!existsSync(p)) return;
      const st = statSync(p);
      if (!st.isDirectory()) {
        t = Math.max(t, st.mtimeMs);
        return;
      }
      for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') visit(join(p, e));
    };
    paths.forEach((p) => visit(join(ROOT, p)));
    return t;
  };
  const sources = newest(['apps/api/src', 'apps/worker/src', 'libs', 'migrations', 'tsconfig.json', 'nest-cli.json']);
  for (const [app, main] of [
    ['api', API_MAIN],
    ['worker', WORKER_MAIN],
  ]) {
    if (existsSync(main) && statSync(main).mtimeMs >= sources) continue;
    log(`building the ${app}…`);
    const b = spawnSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0 && !(keepOldBuild && existsSync(main))) throw new Error(`nest build ${app} failed`);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// SIGTERM, then SIGKILL if it has not exited within `graceMs`
export async function stopProcess(child, graceMs = 20_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const exited = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), sleep(graceMs).then(() => false)]);
  if (!exited) child.kill('SIGKILL');
}

export async function login(base, email, password) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200 || !body.accessToken) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

// one statement on the server's `postgres` database (CREATE/DROP DATABASE and the like)
export async function adminQuery(pgServer, sql, params) {
  const c = new pg.Client({ connectionString: `${pgServer}/postgres` });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

export async function deleteRedisPrefix(redisUrl, prefix) {
  const { default: Redis } = await import('ioredis');
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await r.connect();
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

export async function machineInfo(db, { loadAverageAtStart, withRedis = false }) {
  const mem = readFileSync('/proc/meminfo', 'utf8');
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(mem)?.[1] ?? 0);
  const redis = withRedis ? (spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '') : null;
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    ramGb: round((memKb * 1024 || totalmem()) / 2 ** 30, 1),
    postgres: (await db.query('SHOW server_version')).rows[0].server_version,
    ...(withRedis ? { redis: /v=(\S+)/.exec(redis)?.[1] ?? redis } : {}),
    node: process.version,
    loadAverageAtStart,
    loadAverageAtEnd: loadAverage(),
  };
}
