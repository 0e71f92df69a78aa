import { runMigrations } from '@kaytuu/shared';
import { EmbeddedPg, startEmbeddedPg } from '../support/embedded-pg';
import { dbUrl } from '../support/pg';
import {
  ApiUnderTest,
  bootApi,
  caseworkerWithCase,
  deliveryState,
  fastReminderEnv,
  flushRedisDb,
  killAllWorkers,
  redisUrlForDb,
  scheduleFollowUps,
  spawnWorker,
  spreadDue,
  waitAllDelivered,
  waitFor,
} from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';

// The queue's store loses its data while reminders wait, with the real built worker running as a child process.
// The reminder outbox in Postgres is the source of truth: the relay re-adds jobs that are gone, delivery is idempotent.

// a Redis database of this file's own: FLUSHDB here touches no other test file's keys
const REDIS_DB = 8;

describe('Redis backend losing its data', () => {
  const redisUrl = redisUrlForDb(REDIS_DB);
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    await flushRedisDb(redisUrl);
    env = fastReminderEnv({ LOG_LEVEL: 'silent', REDIS_URL: redisUrl });
    t = await createTestApp({ env });
    env.DATABASE_URL = dbUrl(t.dbName);
  });

  afterAll(async () => {
    await killAllWorkers();
    await t?.close();
    await flushRedisDb(redisUrl);
  });

  it('should re-enqueue and deliver each reminder exactly once when Redis is flushed while they wait in the queue', async () => {
    const { cw, caseId } = await caseworkerWithCase(t.given);
    const followUpIds = await scheduleFollowUps(t.given, cw, caseId, 300);
    const worker = spawnWorker({ ...env, LOG_LEVEL: 'info' });
    await worker.ready();
    await spreadDue(env.DATABASE_URL, followUpIds, 4000, 5);
    // the relay has handed every one to the queue (delayed jobs in Redis), none is due yet
    const enqueued = await waitFor(
      async () => {
        const s = await deliveryState(env.DATABASE_URL, followUpIds);
        return s.byStatus.enqueued === followUpIds.length ? s : null;
      },
      { timeoutMs: 3500, everyMs: 50, what: 'every reminder enqueued' },
    );

    await flushRedisDb(redisUrl);

    expect(enqueued.sent).toBe(0);
    const final = await waitAllDelivered(env.DATABASE_URL, followUpIds, 40_000, [worker]);
    expect(final).toEqual({ reminders: 300, byStatus: { sent: 300 }, sent: 300, missing: 0, doubled: 0, inconsistent: 0 });
    expect(worker.isAlive()).toBe(true);
    await worker.kill('SIGKILL');
  }, 90_000);

  // Without noticing the loss, the relay would re-add each job only once it is STALE_ENQUEUED_SECONDS overdue (here
  // two minutes): the marker key it keeps in the store tells it on its next tick.
  it('should notice the loss on its next tick and re-add every waiting job at once, not when each is overdue', async () => {
    const { cw, caseId } = await caseworkerWithCase(t.given);
    const followUpIds = await scheduleFollowUps(t.given, cw, caseId, 200);
    const worker = spawnWorker({ ...env, STALE_ENQUEUED_SECONDS: '120', LOG_LEVEL: 'info' });
    await worker.ready();
    await spreadDue(env.DATABASE_URL, followUpIds, 5000, 3);
    await waitFor(async () => ((await deliveryState(env.DATABASE_URL, followUpIds)).byStatus.enqueued === followUpIds.length ? true : null), {
      timeoutMs: 4500,
      everyMs: 50,
      what: 'every reminder enqueued',
    });

    await flushRedisDb(redisUrl);
    const flushedAt = Date.now();

    const final = await waitAllDelivered(env.DATABASE_URL, followUpIds, 30_000, [worker]);
    expect(final).toEqual({ reminders: 200, byStatus: { sent: 200 }, sent: 200, missing: 0, doubled: 0, inconsistent: 0 });
    // due 5–8 s after scheduling: all sent well before the 120 s stale pass could have re-added them
    expect(Date.now() - flushedAt).toBeLessThan(30_000);
    expect(worker.output.text()).toContain('queue store was empty: 200 enqueued reminder(s) added again');
  }, 90_000);
});

describe('PostgreSQL backend restarting', () => {
  let pg: EmbeddedPg | null = null;
  let api: ApiUnderTest | null = null;
  let env: Record<string, string>;

  // a server of this file's own: stopping it must not disturb the machine's Postgres the other test files use
  beforeAll(async () => {
    pg = await startEmbeddedPg();
    await runMigrations(pg.url);
    env = fastReminderEnv({ DATABASE_URL: pg.url });
    api = await bootApi(env);
  }, 180_000);

  afterAll(async () => {
    await killAllWorkers();
    await api?.close().catch(() => undefined);
    await pg?.destroy();
  }, 60_000);

  it('should deliver each reminder exactly once when the database holding queue and outbox restarts mid-delivery', async () => {
    const { cw, caseId } = await caseworkerWithCase(api!.given);
    const followUpIds = await scheduleFollowUps(api!.given, cw, caseId, 400);
    const worker = spawnWorker({ ...env, LOG_LEVEL: 'info' });
    await worker.ready();
    await spreadDue(pg!.url, followUpIds, 1500, 10);
    const before = await waitFor(
      async () => {
        const s = await deliveryState(pg!.url, followUpIds);
        return s.sent >= 50 ? s : null;
      },
      { timeoutMs: 20_000, everyMs: 50, what: 'first reminders sent' },
    );

    await pg!.stop();
    await pg!.start();

    expect(before.sent).toBeLessThan(400);
    const final = await waitAllDelivered(pg!.url, followUpIds, 60_000, [worker]);
    expect(final).toEqual({ reminders: 400, byStatus: { sent: 400 }, sent: 400, missing: 0, doubled: 0, inconsistent: 0 });
    expect(worker.isAlive()).toBe(true);
  }, 120_000);
});
