import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QUEUE_NAMES, QueueBackendKind, Queues } from '@kaytuu/shared';
import { ReminderService } from '@kaytuu/follow-ups';
import { EscalationProcessor } from '../../apps/worker/src/processors/escalation.processor';
import { DELIVER_REMINDER_JOB, MAX_REMINDER_ATTEMPTS, RemindersProcessor } from '../../apps/worker/src/processors/reminders.processor';
import { REDIS_TEST_URL } from '../support/pg';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';
import { waitFor } from '../support/wait';

// due times are seconds ahead and the suite shares two cores with the others: room for a slow machine
jest.setTimeout(150_000);

// A Redis database of its own, so the lost-data test can FLUSHDB without touching other test files' keys.
const REDIS_DB = 7;
const redisUrl = (() => {
  const u = new URL(REDIS_TEST_URL);
  u.pathname = `/${REDIS_DB}`;
  return u.toString();
})();

type FollowUpBody = { id: string; version: number; dueAt: string };
type ReminderRow = { id: string; status: string; fire_at: Date; sent_at: Date | null; notifications: number; first_notified_at: Date | null };

// The API and the worker booted in-process on the same database and queue backend; follow-ups are created through
// HTTP due seconds ahead, and the tests poll the database until the worker has delivered their reminders.
describe.each<QueueBackendKind>(['postgres', 'redis'])('reminder delivery on the %s backend', (backend) => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let queue: Queue;
  let env: Record<string, string>;
  let office: { id: string };

  beforeAll(async () => {
    if (backend === 'redis') await flushRedisDb();
    env = {
      QUEUE_PREFIX: `kt_rd_${randomBytes(4).toString('hex')}`,
      RELAY_INTERVAL_MS: '200',
      REMINDER_OFFSETS_MINUTES: '0',
      STALE_ENQUEUED_SECONDS: '1',
      LOG_LEVEL: 'silent',
      ...(backend === 'redis' ? { REDIS_URL: redisUrl } : {}),
    };
    t = await createTestApp({ env });
    const app = await startTestWorker(t);
    worker = app;
    queue = app.get(Queues).get(QUEUE_NAMES.reminders);
    office = await t.given.office();
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    if (backend === 'redis') await flushRedisDb();
  });

  async function caseworkerWithCase(): Promise<{ cw: GivenUser; caseId: string }> {
    const cw = await t.given.user('caseworker', { officeId: office.id });
    const r = await t.given.returnee({ officeId: office.id });
    const c = await t.given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: cw.id, status: 'in_progress' });
    return { cw, caseId: c.id };
  }

  async function scheduleFollowUps(cw: GivenUser, caseId: string, dueAt: Date, n: number): Promise<FollowUpBody[]> {
    const out: FollowUpBody[] = [];
    for (let i = 0; i < n; i += 20) {
      const chunk = await Promise.all(
        Array.from({ length: Math.min(20, n - i) }, () =>
          t.http.post('/api/follow-ups').set(bearer(cw)).send({ caseId, kind: 'call', dueAt: dueAt.toISOString() }),
        ),
      );
      for (const res of chunk) {
        if (res.status !== 201) throw new Error(`POST /api/follow-ups answered ${res.status}: ${JSON.stringify(res.body)}`);
        out.push(res.body);
      }
    }
    return out;
  }

  // Every reminder of these follow-ups with how many notifications carry its dedupe key.
  async function remindersOf(followUpIds: string[]): Promise<ReminderRow[]> {
    const { rows } = await t.db.query<ReminderRow>(
      `SELECT r.id, r.status, r.fire_at, r.sent_at,
              (SELECT count(*)::int FROM notification n WHERE n.dedupe_key = 'reminder:' || r.id) AS notifications,
              (SELECT min(n.created_at) FROM notification n WHERE n.dedupe_key = 'reminder:' || r.id) AS first_notified_at
         FROM reminder r WHERE r.follow_up_id = ANY($1::uuid[]) ORDER BY r.fire_at`,
      [followUpIds],
    );
    return rows;
  }

  const allSent = (ids: string[]) => async () => {
    const rows = await remindersOf(ids);
    return rows.length === ids.length && rows.every((r) => r.status === 'sent' && r.notifications === 1) ? rows : null;
  };

  async function notificationsFor(userId: string): Promise<number> {
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND dedupe_key LIKE 'reminder:%'`, [userId]);
    return rows[0].n;
  }

  // A job has settled when it is gone (removed after completion) or completed/failed.
  async function jobsSettled(ids: string[]): Promise<true | null> {
    for (const id of ids) {
      const job = await queue.getJob(id);
      if (job && !['completed', 'failed'].includes(await job.getState())) return null;
    }
    return true;
  }

  it('should deliver each of 200 due reminders exactly once and not before its due time when the worker runs', async () => {
    const { cw, caseId } = await caseworkerWithCase();
    // due far enough ahead that the 200 POSTs finish before it on a loaded machine (CI once took more than 15 s)
    const dueAt = new Date(Date.now() + 40_000);
    const followUps = await scheduleFollowUps(cw, caseId, dueAt, 200);
    const ids = followUps.map((f) => f.id);

    const rows = await waitFor(allSent(ids), 80_000);

    expect(rows).toHaveLength(200);
    for (const r of rows) {
      expect(r.notifications).toBe(1);
      expect(r.first_notified_at!.getTime()).toBeGreaterThanOrEqual(r.fire_at.getTime());
    }
    expect(await notificationsFor(cw.id)).toBe(200);
    const unread = await t.http.get('/api/notifications/unread-count').set(bearer(cw));
    expect(unread.body).toEqual({ count: 200 });
    const health = await t.http.get('/api/health');
    expect(health.body.queue.reminders).toEqual({ waiting: expect.any(Number), delayed: expect.any(Number), active: expect.any(Number), failed: 0 });
    expect(health.body.oldestPendingReminderAgeSeconds).toBe(0);
  });

  it('should fire one reminder, at the last due time, when a follow-up is rescheduled three times quickly', async () => {
    const { cw, caseId } = await caseworkerWithCase();
    const base = Date.now();
    const [fu] = await scheduleFollowUps(cw, caseId, new Date(base + 2500), 1);
    let version = fu.version;
    let lastDue = '';
    for (const ahead of [3000, 3500, 4000]) {
      lastDue = new Date(base + ahead).toISOString();
      const res = await t.http.put(`/api/follow-ups/${fu.id}`).set(bearer(cw)).send({ version, dueAt: lastDue });
      expect(res.status).toBe(200);
      version = res.body.version;
    }

    const sent = await waitFor(async () => {
      const rows = await remindersOf([fu.id]);
      return rows.some((r) => r.status === 'sent') ? rows : null;
    }, 20_000);
    const reminderIds = sent.map((r) => r.id);
    await waitFor(() => jobsSettled(reminderIds), 10_000);

    const rows = await remindersOf([fu.id]);
    expect(rows.map((r) => r.status)).toEqual(['superseded', 'superseded', 'superseded', 'sent']);
    expect(rows.map((r) => r.notifications)).toEqual([0, 0, 0, 1]);
    expect(rows[3].fire_at.toISOString()).toBe(lastDue);
    expect(rows[3].first_notified_at!.getTime()).toBeGreaterThanOrEqual(Date.parse(lastDue));
    expect(await notificationsFor(cw.id)).toBe(1);
  });

  (backend === 'redis' ? it : it.skip)('should re-enqueue and deliver each reminder exactly once when Redis loses its data while they wait', async () => {
    const { cw, caseId } = await caseworkerWithCase();
    const followUps = await scheduleFollowUps(cw, caseId, new Date(Date.now() + 25_000), 40);
    const ids = followUps.map((f) => f.id);
    // the relay has moved them into delayed jobs
    let seen = '';
    const enqueued = await waitFor(async () => {
      const rows = await remindersOf(ids);
      seen = JSON.stringify(rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}));
      if (rows.length !== 40 || rows.some((r) => r.status !== 'enqueued')) return null;
      for (const r of rows) if ((await queue.getJob(r.id)) === undefined) return null;
      return rows;
    }, 20_000).catch((err: Error) => {
      throw new Error(`${err.message}; reminder statuses ${seen}`);
    });
    expect(enqueued.every((r) => r.fire_at.getTime() > Date.now())).toBe(true);

    await flushRedisDb();
    expect(await queue.getJob(enqueued[0].id)).toBeUndefined();

    // due 25 s after they were scheduled: the wait covers that and the re-enqueue
    const rows = await waitFor(allSent(ids), 50_000);
    expect(rows.every((r) => r.notifications === 1)).toBe(true);
    expect(await notificationsFor(cw.id)).toBe(40);
    const recreated = await queue.getJob(enqueued[0].id);
    expect(recreated === undefined || (await recreated.getState()) === 'completed').toBe(true);
  });

  it('should store one notification when the same reminder is delivered twice, directly and by a duplicate job', async () => {
    const { cw, caseId } = await caseworkerWithCase();
    const [fu] = await scheduleFollowUps(cw, caseId, new Date(Date.now() + 3000), 1);
    const [reminder] = await waitFor(async () => {
      const rows = await remindersOf([fu.id]);
      return rows.length === 1 && rows[0].status === 'enqueued' && (await queue.getJob(rows[0].id)) ? rows : null;
    }, 10_000);
    // same jobId: BullMQ keeps the one job it has
    const same = await queue.add(DELIVER_REMINDER_JOB, { reminderId: reminder.id }, { jobId: reminder.id });
    expect(same.id).toBe(reminder.id);
    const queued = await queue.getJobs(['delayed', 'waiting', 'active', 'completed']);
    expect(queued.filter((j) => j.data.reminderId === reminder.id)).toHaveLength(1);
    await waitFor(async () => (Date.now() >= reminder.fire_at.getTime() ? true : null), 5000, 20);
    const service = worker!.get(ReminderService);

    const [direct1, direct2, dup] = await Promise.all([
      service.deliver(reminder.id),
      service.deliver(reminder.id),
      queue.add(DELIVER_REMINDER_JOB, { reminderId: reminder.id }, { jobId: `${reminder.id}-again` }),
    ]);
    await waitFor(() => jobsSettled([reminder.id, String(dup.id)]), 10_000);

    const original = await queue.getJob(reminder.id);
    const again = await queue.getJob(String(dup.id));
    const outcomes = [direct1, direct2, original?.returnvalue, again?.returnvalue].filter((o) => o !== undefined);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'sent').every((o) => o === 'already_sent')).toBe(true);
    expect(await remindersOf([fu.id])).toEqual([expect.objectContaining({ status: 'sent', notifications: 1 })]);
    expect(await notificationsFor(cw.id)).toBe(1);
    expect(await service.deliver('00000000-0000-4000-8000-000000000000')).toBe('not_found');
  });

  it('should mark a reminder failed when its job uses up its attempts, then retry it once the cause is gone', async () => {
    const { cw, caseId } = await caseworkerWithCase();
    // due beyond the relay's horizon (RELAY_HORIZON_SECONDS, 300 s), so the relay never queues it before the test does
    const [fu] = await scheduleFollowUps(cw, caseId, new Date(Date.now() + 2 * 3_600_000), 1);
    const [reminder] = await remindersOf([fu.id]);
    // a delivery that keeps failing (here: a channel delivery refuses) exhausts its only attempt
    await t.db.query(`UPDATE reminder SET channel = 'webhook', status = 'enqueued', enqueued_at = now(), fire_at = now() - interval '1 minute' WHERE id = $1`, [
      reminder.id,
    ]);
    await queue.add(DELIVER_REMINDER_JOB, { reminderId: reminder.id }, { jobId: reminder.id, attempts: 1 });
    const failed = await waitFor(async () => {
      const { rows } = await t.db.query(`SELECT status, attempts, last_error FROM reminder WHERE id = $1`, [reminder.id]);
      return rows[0].status === 'failed' ? rows[0] : null;
    }, 10_000);
    expect(failed).toEqual({ status: 'failed', attempts: 1, last_error: 'reminder channel webhook is not supported' });
    // the cause goes away; the relay hands the failed row back to the queue (its failed job is retried)
    await t.db.query(`UPDATE reminder SET channel = 'in_app' WHERE id = $1`, [reminder.id]);
    await waitFor(allSent([fu.id]), 15_000);
    expect(await notificationsFor(cw.id)).toBe(1);
    const { rows } = await t.db.query(`SELECT status, attempts, last_error FROM reminder WHERE id = $1`, [reminder.id]);
    expect(rows[0]).toEqual({ status: 'sent', attempts: 2, last_error: null });
  });

  it('should leave a reminder failed, and count it in /api/health, once it has used up MAX_REMINDER_ATTEMPTS', async () => {
    const { cw, caseId } = await caseworkerWithCase();
    // due beyond the relay's horizon (RELAY_HORIZON_SECONDS, 300 s), so the relay never queues it before the test does
    const [fu] = await scheduleFollowUps(cw, caseId, new Date(Date.now() + 2 * 3_600_000), 1);
    const [reminder] = await remindersOf([fu.id]);
    const healthBefore = await t.http.get('/api/health');
    await t.db.query(
      `UPDATE reminder SET channel = 'webhook', status = 'enqueued', enqueued_at = now(), fire_at = now() - interval '1 minute', attempts = $2 WHERE id = $1`,
      [reminder.id, MAX_REMINDER_ATTEMPTS - 1],
    );
    await queue.add(DELIVER_REMINDER_JOB, { reminderId: reminder.id }, { jobId: reminder.id, attempts: 1 });
    await waitFor(
      async () => ((await t.db.query(`SELECT status FROM reminder WHERE id = $1`, [reminder.id])).rows[0].status === 'failed' ? true : null),
      10_000,
    );
    // several relay rounds past STALE_ENQUEUED_SECONDS (1 s here): a row at the cap is not handed back
    await new Promise((resolve) => setTimeout(resolve, 2500));

    const { rows } = await t.db.query(`SELECT status, attempts FROM reminder WHERE id = $1`, [reminder.id]);
    expect(rows[0]).toEqual({ status: 'failed', attempts: MAX_REMINDER_ATTEMPTS });
    expect(await (await queue.getJob(reminder.id))?.getState()).toBe('failed');
    expect(await notificationsFor(cw.id)).toBe(0);
    const health = await t.http.get('/api/health');
    expect(health.body.failedReminders).toBe(healthBefore.body.failedReminders + 1);
  });

  it('should mark an overdue follow-up missed and notify the office supervisor once when the escalation tick runs', async () => {
    const { cw, caseId } = await caseworkerWithCase();
    const supervisor = await t.given.user('supervisor', { officeId: office.id });
    const [fu] = await scheduleFollowUps(cw, caseId, new Date(Date.now() + 600_000), 1);
    // stands for a follow-up left undone for longer than ESCALATION_HOURS (48 by default)
    await t.db.query(`UPDATE follow_up SET due_at = now() - interval '49 hours' WHERE id = $1`, [fu.id]);
    const processor = worker!.get(EscalationProcessor);

    await processor.escalateOnce();
    await processor.escalateOnce();

    const { rows } = await t.db.query(`SELECT status, missed_at FROM follow_up WHERE id = $1`, [fu.id]);
    expect(rows[0].status).toBe('missed');
    expect(rows[0].missed_at).toBeInstanceOf(Date);
    const missed = await t.db.query(`SELECT kind FROM notification WHERE user_id = $1 AND dedupe_key = $2`, [
      supervisor.id,
      `missed:${fu.id}:${supervisor.id}`,
    ]);
    expect(missed.rows).toEqual([{ kind: 'follow_up_missed' }]);
  });

  it('should stop the relay and the worker when the worker app closes', async () => {
    const processor = worker!.get(RemindersProcessor);
    expect(processor.isRunning()).toBe(true);

    await worker!.close();
    worker = null;

    expect(processor.isRunning()).toBe(false);
  });
});

describe('reminder health without a worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { REMINDER_OFFSETS_MINUTES: '0' } });
  });
  afterAll(() => t.close());

  it('should report the age of the oldest overdue undelivered reminder when no worker delivers it', async () => {
    const office = await t.given.office();
    const cw = await t.given.user('caseworker', { officeId: office.id });
    const r = await t.given.returnee({ officeId: office.id });
    const c = await t.given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: cw.id, status: 'in_progress' });
    const before = await t.http.get('/api/health');
    expect(before.body.oldestPendingReminderAgeSeconds).toBe(0);
    const res = await t.http
      .post('/api/follow-ups')
      .set(bearer(cw))
      .send({ caseId: c.id, kind: 'visit', dueAt: new Date(Date.now() + 60_000).toISOString() });
    expect(res.status).toBe(201);
    // stands for a reminder whose due time passed 90 s ago while no worker ran
    await t.db.query(`UPDATE reminder SET fire_at = now() - interval '90 seconds' WHERE follow_up_id = $1`, [res.body.id]);

    const health = await t.http.get('/api/health');

    expect(health.status).toBe(200);
    expect(health.body.oldestPendingReminderAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(health.body.oldestPendingReminderAgeSeconds).toBeLessThan(120);
    expect(health.body.queue.reminders).toEqual({ waiting: 0, delayed: 0, active: 0, failed: 0 });
  });
});

async function flushRedisDb(): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
