import { QueueBackendKind } from '@kaytuu/shared';
import { dbUrl } from '../support/pg';
import {
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
  WorkerProcess,
} from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';

const REMINDERS = 1000;
// a Redis database of this file's own (reminders-delivery uses 7, queue-store-loss 8, postgres-outage 9)
const REDIS_DB = 10;

// The real built worker, as a child process, is SIGKILLed while it delivers a batch of 1,000 due reminders, then a new
// one is started: every reminder must end up sent with exactly one notification. The reminders come due over ~5 s
// (one every 5 ms) so the kill lands mid-batch whatever the machine's speed.
describe.each<QueueBackendKind>(['postgres', 'redis'])('worker killed mid-batch on the %s backend', (backend) => {
  const redisUrl = redisUrlForDb(REDIS_DB);
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (backend === 'redis') await flushRedisDb(redisUrl);
    env = fastReminderEnv({ LOG_LEVEL: 'silent', ...(backend === 'redis' ? { REDIS_URL: redisUrl } : {}) });
    t = await createTestApp({ env });
    env.DATABASE_URL = dbUrl(t.dbName);
  });

  afterAll(async () => {
    await killAllWorkers();
    await t?.close();
    if (backend === 'redis') await flushRedisDb(redisUrl);
  });

  it('should deliver every one of 1,000 reminders exactly once when the worker is SIGKILLed mid-batch and restarted', async () => {
    const { cw, caseId } = await caseworkerWithCase(t.given);
    const followUpIds = await scheduleFollowUps(t.given, cw, caseId, REMINDERS);
    const first = spawnWorker({ ...env, LOG_LEVEL: 'info' });
    await first.ready();

    await spreadDue(env.DATABASE_URL, followUpIds, 1000, 5);
    const atKill = await waitFor(
      async () => {
        const s = await deliveryState(env.DATABASE_URL, followUpIds);
        return s.sent >= REMINDERS / 5 ? s : null;
      },
      { timeoutMs: 30_000, everyMs: 50, what: 'a fifth of the batch sent' },
    );
    const killed = await first.kill('SIGKILL');
    const afterKill = await deliveryState(env.DATABASE_URL, followUpIds);

    expect(killed.signal).toBe('SIGKILL');
    // the kill landed mid-batch: some delivered, many still to go
    expect(afterKill.sent).toBeGreaterThanOrEqual(atKill.sent);
    expect(afterKill.sent).toBeLessThan(REMINDERS * 0.9);
    const second: WorkerProcess = spawnWorker({ ...env, LOG_LEVEL: 'info' });
    const final = await waitAllDelivered(env.DATABASE_URL, followUpIds, 60_000, [first, second]);

    expect(final).toEqual({ reminders: REMINDERS, byStatus: { sent: REMINDERS }, sent: REMINDERS, missing: 0, doubled: 0, inconsistent: 0 });
    const [{ total, uniq }] = (
      await t.db.query<{ total: number; uniq: number }>(
        `SELECT count(*)::int AS total, count(DISTINCT dedupe_key)::int AS uniq FROM notification WHERE user_id = $1 AND kind = 'follow_up_due'`,
        [cw.id],
      )
    ).rows;
    expect({ total, uniq }).toEqual({ total: REMINDERS, uniq: REMINDERS });
    expect(second.isAlive()).toBe(true);
  }, 150_000);
});
