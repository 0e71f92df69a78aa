import { runMigrations } from '@kaytuu/shared';
import { EmbeddedPg, startEmbeddedPg } from '../support/embedded-pg';
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

// a Redis database of this file's own (the queue lives there and survives the Postgres outage)
const REDIS_DB = 9;
const OUTAGE_MS = 3000;

// Postgres (outbox and notifications) goes away for a few seconds while the real built worker delivers: deliveries
// and relay passes fail, BullMQ retries them with backoff, and once the database is back every reminder is sent once.
describe('Postgres unreachable during delivery', () => {
  const redisUrl = redisUrlForDb(REDIS_DB);
  let pg: EmbeddedPg | null = null;
  let api: ApiUnderTest | null = null;
  let env: Record<string, string>;

  // a server of this file's own: stopping it must not disturb the machine's Postgres the other test files use
  beforeAll(async () => {
    await flushRedisDb(redisUrl);
    pg = await startEmbeddedPg();
    await runMigrations(pg.url);
    env = fastReminderEnv({ DATABASE_URL: pg.url, REDIS_URL: redisUrl });
    api = await bootApi(env);
  }, 180_000);

  afterAll(async () => {
    await killAllWorkers();
    await api?.close().catch(() => undefined);
    await pg?.destroy();
    await flushRedisDb(redisUrl);
  }, 60_000);

  it('should retry and then deliver each reminder exactly once when Postgres is unreachable for 3 s mid-delivery', async () => {
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
    const down = await deliveryState(pg!.url, followUpIds).then(
      () => 'reachable',
      () => 'unreachable',
    );
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await pg!.start();

    expect(down).toBe('unreachable');
    expect(before.sent).toBeLessThan(400);
    const final = await waitAllDelivered(pg!.url, followUpIds, 60_000, [worker]);
    expect(final).toEqual({ reminders: 400, byStatus: { sent: 400 }, sent: 400, missing: 0, doubled: 0, inconsistent: 0 });
    expect(worker.isAlive()).toBe(true);
    // the outage made deliveries fail and BullMQ retried them (their failures are what the worker logged)
    expect(worker.output.includes('failed (attempt')).toBe(true);
  }, 120_000);
});
