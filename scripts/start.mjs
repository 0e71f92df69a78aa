#!/usr/bin/env node
// `npm start`: Kaytuu on one machine with nothing else installed.
// - DATABASE_URL unset → embedded PostgreSQL in ./.data/postgres (port EMBEDDED_PG_PORT, default 54329), kept between starts.
// - REDIS_URL unset    → the queues use BullMQ's PostgreSQL backend (chosen by the app config).
// - JWT_SECRET unset   → generated once into ./.data/jwt-secret, so sessions survive restarts.
// - DATA_KEYS / DATA_HMAC_KEY unset → generated once into ./.data/data-key-k1 and ./.data/data-hmac-key (the keys that
//   encrypt PINs, phones and health details: without them the data in ./.data/postgres cannot be read).
// Builds what is missing or stale (skip with `npm start -- --no-build`), then runs the API and the worker as child processes (no automatic restarts).
//
// Two processes: this launcher stays in the terminal's process group and forwards signals to a supervisor that runs in
// its own session. Ctrl+C then reaches only the launcher, so the supervisor can stop things in order: API and worker
// first (the worker finishes its job), PostgreSQL last. Without that, Ctrl+C would hit PostgreSQL at the same moment.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, '.data');
const CHILD_STOP_TIMEOUT_MS = 25_000;

const DIST = {
  api: join(ROOT, 'dist/apps/api/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/apps/worker/src/main.js'),
};
const CONSOLE_DIST = join(ROOT, 'apps/console/dist');

function launch() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    cwd: ROOT,
    env: { ...process.env, KAYTUU_SUPERVISOR: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  // npm and the terminal may both deliver the same Ctrl+C; the supervisor ignores repeats
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig === 'SIGHUP' ? 'SIGTERM' : sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function supervise() {
  const env = { ...process.env };
  delete env.KAYTUU_SUPERVISOR;
  mkdirSync(DATA, { recursive: true, mode: 0o755 });

  let db = null;
  const children = new Map();
  let stopping = false;

  const shutdown = async (reason, code) => {
    if (stopping) return;
    stopping = true;
    say(`stopping (${reason})…`);
    await Promise.all([...children.values()].map((c) => stopChild(c)));
    if (db) {
      await db.stop();
      say('embedded PostgreSQL stopped');
    }
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void shutdown(sig, 0));
  // the launcher is gone (killed hard, terminal closed): do not outlive it
  process.on('disconnect', () => void shutdown('launcher exited', 0));

  // build first: it needs no database, and a failed build should not leave anything running
  if (process.argv.includes('--no-build')) {
    for (const app of ['api', 'worker']) if (!existsSync(DIST[app])) throw new Error(`--no-build, but ${relative(ROOT, DIST[app])} is missing`);
  } else {
    await buildServerIfStale(children);
    if (!stopping) await buildConsoleIfMissing(children);
  }
  if (stopping) return;

  if (!env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import('./embedded-pg.mjs');
    const port = Number(env.EMBEDDED_PG_PORT || 54329);
    db = await startEmbeddedPostgres({ dataDir: join(DATA, 'postgres'), secretsDir: DATA, port, database: 'kaytuu', log: (m) => say(m, 'db') });
    env.DATABASE_URL = db.url;
    say(`embedded PostgreSQL on 127.0.0.1:${port}, data in ${join(DATA, 'postgres')}${db.fresh ? ' (new)' : ''}`);
  }
  if (stopping) return;
  if (!env.JWT_SECRET) {
    const { readOrCreateSecret } = await import('./embedded-pg.mjs');
    env.JWT_SECRET = readOrCreateSecret(join(DATA, 'jwt-secret'), 48);
  }
  const generated = [];
  if (!process.env.JWT_SECRET) generated.push('jwt-secret');
  if (db) generated.push('postgres-password');
  if (!env.DATA_KEYS || !env.DATA_HMAC_KEY) {
    if (!env.DATA_KEYS) generated.push('data-key-k1');
    if (!env.DATA_HMAC_KEY) generated.push('data-hmac-key');
    const { readOrCreateSecret } = await import('./embedded-pg.mjs');
    env.DATA_KEYS ||= `k1:${readOrCreateSecret(join(DATA, 'data-key-k1'), 32)}`;
    env.DATA_HMAC_KEY ||= readOrCreateSecret(join(DATA, 'data-hmac-key'), 32);
  }
  // app.factory's default path does not match the dist layout; name the console build explicitly
  env.CONSOLE_DIST ??= CONSOLE_DIST;
  // the filesystem file store (unless S3 is configured): ./.data/files, whatever the working directory
  env.FILES_DIR ||= join(DATA, 'files');

  for (const name of ['api', 'worker']) {
    // the API's heap is capped as in the Docker image, keeping it within 250 MB resident under load (README, Performance)
    const nodeArgs = name === 'api' ? ['--enable-source-maps', '--max-old-space-size=192'] : ['--enable-source-maps'];
    const child = spawn(process.execPath, [...nodeArgs, DIST[name]], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.set(name, child);
    prefixLines(child.stdout, name, process.stdout);
    prefixLines(child.stderr, name, process.stderr);
    child.on('exit', (code, signal) => {
      child.exited = true;
      if (!stopping) void shutdown(`${name} exited with ${signal ?? `code ${code}`}; nothing is restarted automatically`, 1);
    });
  }

  const port = Number(env.PORT || 3000);
  if (await waitForHttp(`http://127.0.0.1:${port}/api/health`, () => stopping)) {
    say(
      [
        `Kaytuu is running: http://localhost:${port}/   (API: http://localhost:${port}/api, docs: http://localhost:${port}/api/docs)`,
        `  database: ${db ? `embedded PostgreSQL, data in ${relative(process.cwd(), join(DATA, 'postgres')) || '.'}` : 'DATABASE_URL'}`,
        `  queues:   ${env.REDIS_URL ? 'Redis (REDIS_URL)' : 'BullMQ on PostgreSQL (schema bullmq)'}`,
        `  secrets:  ${relative(process.cwd(), DATA) || '.'}/ (${generated.join(', ') || 'none: all set in the environment'}); back up the data keys apart from the database`,
        '  stop with Ctrl+C',
      ].join('\n'),
    );
  }
}

function stopChild(child) {
  if (child.exited || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

// ---- builds ----

// A build runs as a tracked child, so Ctrl+C during a build stops it like any other child.
function runBuild(children, args, command = process.execPath) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    children.set('build', child);
    child.on('exit', (code) => {
      child.exited = true;
      children.delete('build');
      done(code);
    });
  });
}

async function buildServerIfStale(children) {
  const sources = newestMtime(
    [
      'apps/api/src',
      'apps/worker/src',
      'libs',
      'migrations',
      'tsconfig.json',
      'nest-cli.json',
      'apps/api/tsconfig.app.json',
      'apps/worker/tsconfig.app.json',
      'scripts/nest-path-aliases.cjs',
    ].map((p) => join(ROOT, p)),
  );
  for (const app of ['api', 'worker']) {
    const built = existsSync(DIST[app]) ? statSync(DIST[app]).mtimeMs : 0;
    if (built >= sources) continue;
    say(`building the ${app} (nest build ${app})…`);
    const code = await runBuild(children, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app]);
    if (code === null) return; // stopped by a signal
    if (code !== 0 || !existsSync(DIST[app])) throw new Error(`building the ${app} failed (see above); nothing was started`);
  }
}

async function buildConsoleIfMissing(children) {
  if (existsSync(join(CONSOLE_DIST, 'index.html'))) return;
  say('building the console (npm run build -w @kaytuu/console)…');
  const args = ['run', 'build', '-w', '@kaytuu/console'];
  // under `npm start` npm_execpath names npm's own CLI; run directly (node scripts/start.mjs), npm comes from PATH
  const npmCli = process.env.npm_execpath;
  const code = await (npmCli ? runBuild(children, [npmCli, ...args]) : runBuild(children, args, 'npm'));
  if (code === null) return;
  if (code !== 0 || !existsSync(join(CONSOLE_DIST, 'index.html'))) {
    say('WARNING: the console did not build; starting the API without it (only /api is served). Fix it and run `npm run build:console`.');
  }
}

function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== 'dist' && e !== 'test') visit(join(p, e));
    } else if (/\.(ts|json|cjs)$/.test(p) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of paths) visit(p);
  return newest;
}

// ---- output ----

const COLORS = { api: 36, worker: 35, db: 33, start: 32 };
const tty = Boolean(process.stdout.isTTY);
const tag = (name) => (tty ? `\x1b[${COLORS[name] ?? 37}m[${name}]\x1b[0m` : `[${name}]`);
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function say(message, name = 'start') {
  for (const line of String(message).split('\n')) process.stdout.write(`${tag(name)} ${line}\n`);
}

function prefixLines(stream, name, out) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${tag(name)} ${readable(line)}\n`));
}

// pino writes JSON lines; show them as "time LEVEL [context] message" (fields such as err are kept).
function readable(line) {
  if (!line.startsWith('{')) return line;
  let o;
  try {
    o = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof o !== 'object' || o === null || !('level' in o)) return line;
  const time = new Date(o.time ?? Date.now()).toISOString().slice(11, 19);
  const ctx = o.context ? `[${o.context}] ` : '';
  const http = o.req && o.res ? ` ${o.req.method} ${o.req.url} → ${o.res.statusCode} (${o.responseTime} ms)` : '';
  const err = o.err ? ` ${o.err.type ?? ''}: ${o.err.message ?? ''}${o.err.stack ? `\n${o.err.stack}` : ''}` : '';
  return `${time} ${LEVELS[o.level] ?? o.level} ${ctx}${o.msg ?? ''}${http}${err}`;
}

async function waitForHttp(url, cancelled, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !cancelled()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200 || res.status === 503) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

if (process.env.KAYTUU_SUPERVISOR === '1') {
  supervise().catch((err) => {
    say(`cannot start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
} else {
  launch();
}
