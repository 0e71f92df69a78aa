import { DataSource } from 'typeorm';
import { MessagingService } from '@kaytuu/messaging';
import { QueueBackendKind } from '@kaytuu/shared';
import { dbUrl } from '../support/pg';
import { fastReminderEnv, flushRedisDb, killAllWorkers, redisUrlForDb, spawnWorker, waitFor, WorkerProcess } from '../support/processes';
import { SmppTestServer } from '../support/smpp-server';
import { createTestApp, TestApp } from '../support/test-app';

const MESSAGES = 300;
const PEOPLE = 10;
const WINDOW = 10;
// a Redis database of this file's own (7–10 are the other fault and delivery tests')
const REDIS_DB = 11;

// The real built worker, as a child process holding the SMPP bind, is SIGKILLed while it relays 300 SMS, then a new one
// is started. No message reaches the SMSC twice; every message the SMSC acknowledged is recorded sent (or delivered);
// the few the killed worker had claimed without an acknowledgement recorded (at most SMPP_WINDOW, in flight at the
// kill) are settled 'failed' with 'outcome_unknown' after the lease — never resent blindly; nothing stays queued.
describe.each<QueueBackendKind>(['postgres', 'redis'])('SMS worker killed mid-send on the %s backend', (backend) => {
  const redisUrl = redisUrlForDb(REDIS_DB);
  let t: TestApp;
  let smsc: SmppTestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (backend === 'redis') await flushRedisDb(redisUrl);
    smsc = await SmppTestServer.start();
    env = fastReminderEnv({
      LOG_LEVEL: 'silent',
      ...smsc.env({ SMPP_WINDOW: String(WINDOW) }),
      MESSAGES_SENDING_LEASE_SECONDS: '3',
      MESSAGES_RETRY_BASE_MS: '200',
      MESSAGES_DAILY_CAP: '100',
      ...(backend === 'redis' ? { REDIS_URL: redisUrl } : {}),
    });
    t = await createTestApp({ env });
    env.DATABASE_URL = dbUrl(t.dbName);
  });

  afterAll(async () => {
    await killAllWorkers();
    await t?.close();
    await smsc?.close();
    if (backend === 'redis') await flushRedisDb(redisUrl);
  });

  const states = async () =>
    Object.fromEntries(
      (await t.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM message WHERE direction = 'out' GROUP BY status`)).rows.map(
        (r) => [r.status, r.n],
      ),
    ) as Record<string, number>;

  it('should never send an SMS twice, record every acknowledged one, and settle the ones in doubt', async () => {
    const office = await t.given.office();
    const svc = t.app.get(MessagingService);
    const ds = t.app.get(DataSource);
    const ids: string[] = [];
    for (let p = 0; p < PEOPLE; p++) {
      const r = await t.given.returnee({ officeId: office.id, phone: `+99677${String(p).padStart(7, '0')}` });
      await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{contact_by_phone}', now() - interval '1 day')`, [r.id]);
      await ds.transaction(async (m) => {
        for (let i = 0; i < MESSAGES / PEOPLE; i++) {
          const id = await svc.enqueue(m, {
            returneeId: r.id,
            officeId: office.id,
            kind: 'free',
            text: `Message ${p}-${i}`,
            fireAt: new Date(Date.now() + 3_600_000),
          });
          ids.push(id!);
        }
      });
    }
    const first: WorkerProcess = spawnWorker({ ...env, LOG_LEVEL: 'info' });
    await first.ready();
    await waitFor(async () => (smsc.isBound() ? true : null), { timeoutMs: 20_000, what: 'the SMPP bind' });
    // due one every 10 ms from a second on, so the kill lands mid-batch whatever the machine's speed
    await t.db.query(`UPDATE message SET fire_at = now() + interval '1 second' + (x.n * interval '10 milliseconds')
                      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM message) x WHERE x.id = message.id`);
    await waitFor(async () => (smsc.accepted().length >= MESSAGES / 5 ? true : null), { timeoutMs: 30_000, everyMs: 20, what: 'a fifth sent' });
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const atKill = smsc.accepted().length;
    expect(atKill).toBeLessThan(MESSAGES * 0.9);

    const second = spawnWorker({ ...env, LOG_LEVEL: 'info' });
    await second.ready();
    const final = await waitFor(
      async () => {
        const s = await states();
        return (s.queued ?? 0) + (s.sending ?? 0) === 0 && (s.sent ?? 0) === 0 ? s : null;
      },
      { timeoutMs: 60_000, everyMs: 200, what: 'every message settled' },
    );

    // no text reached the SMSC twice
    const byText = new Map<string, number>();
    for (const m of smsc.messages()) byText.set(m.text, (byText.get(m.text) ?? 0) + 1);
    expect([...byText.values()].filter((n) => n > 1)).toEqual([]);
    // every row delivered is one the SMSC acknowledged under the same id; the others are the ones in doubt
    const { rows } = await t.db.query<{ id: string; status: string; provider_id: string | null; last_error: string | null }>(
      `SELECT id, status, provider_id, last_error FROM message WHERE direction = 'out'`,
    );
    const acked = new Set(smsc.messages().map((m) => m.messageId));
    const delivered = rows.filter((r) => r.status === 'delivered');
    expect(delivered.every((r) => r.provider_id && acked.has(r.provider_id))).toBe(true);
    const inDoubt = rows.filter((r) => r.status !== 'delivered');
    expect(inDoubt.every((r) => r.status === 'failed' && r.last_error === 'outcome_unknown')).toBe(true);
    expect(inDoubt.length).toBeLessThanOrEqual(WINDOW);
    expect(final.delivered + (final.failed ?? 0)).toBe(MESSAGES);
    expect(smsc.messages().length).toBeGreaterThanOrEqual(MESSAGES - inDoubt.length);
    // the worker's output names no number and no text
    expect(first.output.text() + second.output.text()).not.toMatch(/99677\d{7}|Message \d+-\d+/);
    expect(second.isAlive()).toBe(true);
    await second.kill('SIGTERM');
  }, 150_000);
});
