import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory';
import { TEST_DATA_KEYS_ENV } from './data-keys';
import { REDIS_TEST_URL } from './pg';
import { bearer, Given, GivenUser } from './test-app';

// Support for the fault tests (test/faults): the REAL built worker as a child process that a test can SIGKILL,
// the API booted in-process against any database, and probes of the reminder outbox.

const ROOT = join(__dirname, '..', '..');
export const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
// the line RemindersProcessor logs once its BullMQ worker is ready and the relay runs
const WORKER_READY = "Processing queue 'reminders'";
const WORKER_READY_TIMEOUT_MS = 60_000;

// What a child wrote (the worker logs ids and counts, nothing personal): searchable, and its tail is shown when
// something fails.
export class OutputTail {
  private lines: string[] = [];
  constructor(
    private readonly max = 5000,
    private readonly shown = 60,
  ) {}
  push(chunk: Buffer | string): void {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      this.lines.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }
  text(): string {
    return this.lines.slice(-this.shown).join('\n');
  }
  includes(s: string): boolean {
    return this.lines.some((l) => l.includes(s));
  }
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export function waitForExit(proc: ChildProcess): Promise<Exit> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
}

const children = new Set<ChildProcess>();

export type WorkerProcess = {
  readonly pid: number;
  readonly output: OutputTail;
  readonly exited: Promise<Exit>;
  isAlive(): boolean;
  // resolves once the reminders processor runs; rejects (with the output) if the process dies first
  ready(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<Exit>;
};

// `node dist/.../worker/main.js`, exactly as in production, with only the given environment (plus PATH/HOME).
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run \`npx nest build worker\` (npm test builds it)`);
  const output = new OutputTail();
  const proc = spawn(process.execPath, [WORKER_MAIN], {
    cwd: ROOT,
    // FILES_DIR: never the repo's ./.data/files (the worker's orphan sweep runs at start)
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? ROOT,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      FILES_DIR: join(tmpdir(), 'kaytuu-test-files'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  proc.stdout?.on('data', (d: Buffer) => output.push(d));
  proc.stderr?.on('data', (d: Buffer) => output.push(d));
  const exited = waitForExit(proc).finally(() => children.delete(proc));
  if (proc.pid === undefined) throw new Error('could not spawn the worker');
  const pid = proc.pid;
  const isAlive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    pid,
    output,
    exited,
    isAlive,
    async ready() {
      const died = exited.then((e) => {
        throw new Error(`worker ${pid} exited (${e.code ?? e.signal}) before it was ready:\n${output.text()}`);
      });
      await Promise.race([
        died,
        waitFor(async () => (output.includes(WORKER_READY) ? true : null), { timeoutMs: WORKER_READY_TIMEOUT_MS, what: `worker ${pid} ready` }),
      ]);
    },
    async kill(signal) {
      if (isAlive()) proc.kill(signal);
      return exited;
    },
  };
}

// For afterAll: no worker outlives its test file, whatever happened.
export async function killAllWorkers(): Promise<void> {
  await Promise.all(
    [...children].map((p) => {
      const exited = waitForExit(p);
      p.kill('SIGKILL');
      return exited;
    }),
  );
}

export type WaitOptions = { timeoutMs?: number; everyMs?: number; what?: string };

// Polls until probe returns a value other than null. A probe that throws (the database is down) counts as "not yet";
// the last error is reported if time runs out.
export async function waitFor<T>(probe: () => Promise<T | null>, opts: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 20_000, everyMs = 100, what = 'condition' } = opts;
  const until = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > until) {
      throw new Error(`${what} not met within ${timeoutMs} ms${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// A database index of its own per fault test, so a FLUSHDB there touches no other test file's keys.
export function redisUrlForDb(db: number): string {
  const u = new URL(REDIS_TEST_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function flushRedisDb(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

// One short-lived connection per query, so probes keep working across a database restart.
export async function queryOnce<R extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export type ApiUnderTest = { app: INestApplication; given: Given; close(): Promise<void> };

// The real API (same factory as production) against the given database. Like createApp in main.ts it does not migrate:
// on a fresh database, run runMigrations first.
export async function bootApi(env: Record<string, string>): Promise<ApiUnderTest> {
  const saved = { ...process.env };
  delete process.env.REDIS_URL;
  Object.assign(process.env, { JWT_SECRET: randomBytes(24).toString('hex'), LOG_LEVEL: 'silent', SEED: 'false', ...TEST_DATA_KEYS_ENV, ...env });
  let app: INestApplication;
  try {
    app = await createApp({ consoleDist: null, logLevel: 'silent', bufferLogs: false });
    await app.init();
  } finally {
    process.env = saved;
  }
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  // a restart of the database under test ends this connection; the setup data is written before any fault
  db.on('error', () => undefined);
  return {
    app,
    given: new Given(db, request(app.getHttpServer())),
    async close() {
      await app.close();
      await db.end().catch(() => undefined);
    },
  };
}

// A caseworker of a new office with one case assigned to them (the follow-ups hang off it).
export async function caseworkerWithCase(given: Given): Promise<{ cw: GivenUser; caseId: string }> {
  const office = await given.office();
  const cw = await given.user('caseworker', { officeId: office.id });
  const r = await given.returnee({ officeId: office.id });
  const c = await given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: cw.id, status: 'in_progress' });
  return { cw, caseId: c.id };
}

// n follow-ups through POST /api/follow-ups (the real service path: follow-up, outbox rows, case event, audit in one
// transaction), `parallel` requests at a time. Due in an hour, so the relay leaves them alone until spreadDue.
export async function scheduleFollowUps(given: Given, cw: GivenUser, caseId: string, n: number, parallel = 25): Promise<string[]> {
  const dueAt = new Date(Date.now() + 3_600_000).toISOString();
  const ids: string[] = [];
  for (let i = 0; i < n; i += parallel) {
    const chunk = await Promise.all(
      Array.from({ length: Math.min(parallel, n - i) }, () => given.http.post('/api/follow-ups').set(bearer(cw)).send({ caseId, kind: 'call', dueAt })),
    );
    for (const res of chunk) {
      if (res.status !== 201) throw new Error(`POST /api/follow-ups answered ${res.status}: ${JSON.stringify(res.body)}`);
      ids.push(res.body.id);
    }
  }
  return ids;
}

// Moves the follow-ups' due times (and their pending reminders' fire times) to now + startMs, one every stepMs, so a
// batch comes due over a known span whatever the worker's speed. Stands for follow-ups scheduled earlier that come due now.
export async function spreadDue(url: string, followUpIds: string[], startMs: number, stepMs: number): Promise<void> {
  await queryOnce(
    url,
    `
    WITH o AS (SELECT id, follow_up_id, now() + make_interval(secs => ($2::float8 + (row_number() OVER (ORDER BY id) - 1) * $3::float8) / 1000) AS at
                 FROM reminder WHERE follow_up_id = ANY($1::uuid[]) AND status = 'pending'),
         r AS (UPDATE reminder SET fire_at = o.at FROM o WHERE reminder.id = o.id RETURNING o.follow_up_id, o.at)
    UPDATE follow_up SET due_at = r.at FROM r WHERE follow_up.id = r.follow_up_id`,
    [followUpIds, startMs, stepMs],
  );
}

export type DeliveryState = {
  reminders: number;
  byStatus: Record<string, number>;
  sent: number;
  // reminders with no notification carrying their dedupe key / with more than one
  missing: number;
  doubled: number;
  // sent without a notification, or a notification for a reminder not marked sent
  inconsistent: number;
};

// What the outbox and the notifications say about these follow-ups' reminders: each sent reminder must have exactly
// one notification with dedupe_key 'reminder:<id>'.
export async function deliveryState(url: string, followUpIds: string[]): Promise<DeliveryState> {
  const rows = await queryOnce<{ status: string; notifications: number }>(
    url,
    `
    SELECT r.status, coalesce(n.c, 0)::int AS notifications
      FROM reminder r
      LEFT JOIN (SELECT dedupe_key, count(*) AS c FROM notification WHERE dedupe_key LIKE 'reminder:%' GROUP BY dedupe_key) n
        ON n.dedupe_key = 'reminder:' || r.id
     WHERE r.follow_up_id = ANY($1::uuid[])`,
    [followUpIds],
  );
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return {
    reminders: rows.length,
    byStatus,
    sent: byStatus.sent ?? 0,
    missing: rows.filter((r) => r.notifications === 0).length,
    doubled: rows.filter((r) => r.notifications > 1).length,
    inconsistent: rows.filter((r) => (r.status === 'sent') !== r.notifications > 0).length,
  };
}

// Waits until every reminder of these follow-ups is sent, then returns the state (with the output of the workers on failure).
export async function waitAllDelivered(url: string, followUpIds: string[], timeoutMs: number, workers: WorkerProcess[] = []): Promise<DeliveryState> {
  let last: DeliveryState | null = null;
  try {
    return await waitFor(
      async () => {
        last = await deliveryState(url, followUpIds);
        return last.sent === followUpIds.length ? last : null;
      },
      { timeoutMs, everyMs: 200, what: 'all reminders sent' },
    );
  } catch (err) {
    const logs = workers.map((w) => `--- worker ${w.pid} (alive: ${w.isAlive()}):\n${w.output.text()}`).join('\n');
    throw new Error(`${err instanceof Error ? err.message : String(err)}; state ${JSON.stringify(last)}\n${logs}`, { cause: err });
  }
}

// Env of a worker (and the API) with fast timings: relay every 200 ms, one at-due reminder per follow-up, a job whose
// worker died is retried after a few seconds, an enqueued row without its job is re-added after 3 s.
export function fastReminderEnv(extra: Record<string, string>): Record<string, string> {
  return {
    JWT_SECRET: randomBytes(24).toString('hex'),
    ...TEST_DATA_KEYS_ENV,
    QUEUE_PREFIX: `kt_fault_${randomBytes(4).toString('hex')}`,
    RELAY_INTERVAL_MS: '200',
    REMINDER_OFFSETS_MINUTES: '0',
    STALE_ENQUEUED_SECONDS: '3',
    JOB_LOCK_SECONDS: '3',
    SEED: 'false',
    ...extra,
  };
}
