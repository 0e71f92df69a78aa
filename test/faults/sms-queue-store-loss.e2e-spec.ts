import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { MessagingService } from '@kaytuu/messaging';
import { dbUrl } from '../support/pg';
import { fastReminderEnv, flushRedisDb, killAllWorkers, redisUrlForDb, spawnWorker, waitFor } from '../support/processes';
import { SmppTestServer } from '../support/smpp-server';
import { createTestApp, TestApp } from '../support/test-app';

const PEOPLE = 5;
// a Redis database of this file's own: FLUSHDB here touches no other test file's keys (7–11 are the other fault tests')
const REDIS_DB = 12;

// The Redis queue loses the jobs of messages the relay had already handed over (claimed_at set, delayed jobs waiting),
// with the real built worker holding the SMPP bind. The message outbox in Postgres is the source of truth, as for the
// reminders: a flushed store is noticed on the relay's next tick (its marker key is gone) and every queued message is
// handed over again; a single job lost without the marker is re-added once its row is STALE_ENQUEUED_SECONDS overdue.
// Either way every message reaches the SMSC exactly once.
describe('SMS messages when the Redis queue loses their jobs', () => {
  const redisUrl = redisUrlForDb(REDIS_DB);
  let t: TestApp;
  let smsc: SmppTestServer;
  let env: Record<string, string>;
  let returnees: Array<{ id: string; officeId: string }> = [];

  beforeAll(async () => {
    await flushRedisDb(redisUrl);
    smsc = await SmppTestServer.start();
    env = fastReminderEnv({
      LOG_LEVEL: 'silent',
      ...smsc.env({ SMPP_WINDOW: '10' }),
      MESSAGES_DAILY_CAP: '100',
      REDIS_URL: redisUrl,
    });
    t = await createTestApp({ env });
    env.DATABASE_URL = dbUrl(t.dbName);
    const office = await t.given.office();
    returnees = [];
    for (let p = 0; p < PEOPLE; p++) {
      const r = await t.given.returnee({ officeId: office.id, phone: `+99678${String(p).padStart(7, '0')}` });
      await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{contact_by_phone}', now() - interval '1 day')`, [r.id]);
      returnees.push({ id: r.id, officeId: office.id });
    }
  });

  afterAll(async () => {
    await killAllWorkers();
    await t?.close();
    await smsc?.close();
    await flushRedisDb(redisUrl);
  });

  // n messages due `inMs` from now, their texts tagged so this test's ones can be told apart
  async function enqueue(tag: string, n: number, inMs: number): Promise<string[]> {
    const svc = t.app.get(MessagingService);
    const ids: string[] = [];
    await t.app.get(DataSource).transaction(async (m) => {
      for (let i = 0; i < n; i++) {
        const r = returnees[i % PEOPLE];
        const id = await svc.enqueue(m, {
          returneeId: r.id,
          officeId: r.officeId,
          kind: 'free',
          text: `Lost ${tag} ${i}`,
          fireAt: new Date(Date.now() + inMs),
        });
        ids.push(id!);
      }
    });
    // quiet hours and the cap may have moved them: due when the test says
    await t.db.query(`UPDATE message SET fire_at = now() + $2 * interval '1 millisecond' WHERE id = ANY($1)`, [ids, inMs]);
    return ids;
  }
  const relayed = async (ids: string[]) =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE id = ANY($1) AND status = 'queued' AND claimed_at IS NOT NULL`, [ids]))
      .rows[0].n;
  const settled = async (ids: string[]) =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE id = ANY($1) AND status IN ('sent', 'delivered')`, [ids])).rows[0].n;
  const sentTimes = (tag: string) => {
    const byText = new Map<string, number>();
    for (const m of smsc.messages()) if (m.text.startsWith(`Lost ${tag} `)) byText.set(m.text, (byText.get(m.text) ?? 0) + 1);
    return byText;
  };

  it('should hand every queued message over again when Redis is flushed after the relay, and send each once', async () => {
    const worker = spawnWorker({ ...env, STALE_ENQUEUED_SECONDS: '600', LOG_LEVEL: 'info' });
    await worker.ready();
    await waitFor(async () => (smsc.isBound() ? true : null), { timeoutMs: 20_000, what: 'the SMPP bind' });
    const ids = await enqueue('flush', 40, 4000);
    await waitFor(async () => ((await relayed(ids)) === ids.length ? true : null), { timeoutMs: 3500, everyMs: 50, what: 'every message relayed' });
    expect(smsc.messages().filter((m) => m.text.startsWith('Lost flush ')).length).toBe(0);

    await flushRedisDb(redisUrl);

    // the stale path is two minutes away here: only noticing the loss can send them in time
    await waitFor(async () => ((await settled(ids)) === ids.length ? true : null), { timeoutMs: 30_000, everyMs: 200, what: 'every message sent' });
    const times = sentTimes('flush');
    expect(times.size).toBe(ids.length);
    expect([...times.values()].every((n) => n === 1)).toBe(true);
    expect(worker.output.text()).toContain('queue store was empty');
    expect(worker.isAlive()).toBe(true);
    await worker.kill('SIGTERM');
  }, 90_000);

  it('should re-add a single job lost from the queue once its row is stale, and send that message once', async () => {
    const worker = spawnWorker({ ...env, STALE_ENQUEUED_SECONDS: '3', LOG_LEVEL: 'info' });
    await worker.ready();
    await waitFor(async () => (smsc.isBound() ? true : null), { timeoutMs: 20_000, what: 'the SMPP bind' });
    const ids = await enqueue('one', 10, 2000);
    await waitFor(async () => ((await relayed(ids)) === ids.length ? true : null), { timeoutMs: 1500, everyMs: 50, what: 'every message relayed' });
    // one delayed job removed from Redis (the store's marker stays: nothing tells the relay that this one is gone)
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('messages', { connection, prefix: env.QUEUE_PREFIX });
    try {
      const job = await queue.getJob(ids[0]);
      expect(job).toBeDefined();
      await job!.remove();
      expect(await queue.getJob(ids[0])).toBeUndefined();
    } finally {
      await queue.close();
      connection.disconnect();
    }

    await waitFor(async () => ((await settled(ids)) === ids.length ? true : null), { timeoutMs: 30_000, everyMs: 200, what: 'every message sent' });
    const times = sentTimes('one');
    expect(times.size).toBe(ids.length);
    expect([...times.values()].every((n) => n === 1)).toBe(true);
    // the lost one went only after its row was stale (STALE_ENQUEUED_SECONDS after it was handed over)
    const { rows } = await t.db.query<{ late: number }>(`SELECT extract(epoch FROM sent_at - fire_at)::float AS late FROM message WHERE id = $1`, [ids[0]]);
    expect(rows[0].late).toBeGreaterThan(0.5);
    expect(worker.isAlive()).toBe(true);
    await worker.kill('SIGTERM');
  }, 90_000);
});
