import { randomBytes, randomUUID } from 'node:crypto';
import { createQueue, createWorker, QueueBackendKind, queueBackendSettings } from '@kaytuu/shared';
import { MailService, WebhookDeliveryError, WebhookEvent, WebhookService } from '@kaytuu/notifications';
import { ReminderService } from '@kaytuu/follow-ups';
import { dbUrl, REDIS_TEST_URL } from '../support/pg';
import { bearer, createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { startReceiver, startSmtpSink } from '../support/channels';

describe('email channel', () => {
  let t: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Kaytuu <no-reply@kaytuu.test>' } });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('should deliver a mail with Kyrgyz text to the SMTP server from SMTP_URL', async () => {
    const mail = t.app.get(MailService);
    expect(mail.isEnabled()).toBe(true);
    await mail.send({
      to: 'aigul@kaytuu.test',
      subject: 'Эскертме: байланыш бүгүн',
      text: 'Төлөгөнова Айпери менен байланышуу керек.',
      messageId: 'reminder-123',
    });
    await waitFor(() => sink.inbox.length === 1);
    expect(sink.inbox[0]).toMatchObject({
      to: 'aigul@kaytuu.test',
      subject: 'Эскертме: байланыш бүгүн',
      text: 'Төлөгөнова Айпери менен байланышуу керек.',
      messageId: '<reminder-123@kaytuu>',
    });
    expect(sink.inbox[0].from).toContain('no-reply@kaytuu.test');
  });

  it("should email a follow-up reminder once, in the assignee's language, naming only the case code", async () => {
    sink.inbox.length = 0;
    const office = await t.given.office();
    const cw = await t.given.user('caseworker', { officeId: office.id });
    await t.db.query(`UPDATE app_user SET locale = 'ky' WHERE id = $1`, [cw.id]);
    const r = await t.given.returnee({ officeId: office.id, lastName: 'Жээнбеков', firstName: 'Нурбек' });
    const c = await t.given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: cw.id, status: 'in_progress' });
    const res = await t.http
      .post('/api/follow-ups')
      .set(bearer(cw))
      .send({ caseId: c.id, kind: 'call', dueAt: new Date(Date.now() + 3 * 86400_000).toISOString() });
    expect(res.status).toBe(201);
    const { rows } = await t.db.query(`SELECT id, kind FROM reminder WHERE follow_up_id = $1 AND channel = 'email' ORDER BY fire_at`, [res.body.id]);
    expect(rows.map((x) => x.kind)).toEqual(['before_due', 'at_due']);
    const reminders = t.app.get(ReminderService);
    expect(await reminders.deliver(rows[1].id)).toBe('sent');
    expect(await reminders.deliver(rows[1].id)).toBe('already_sent');
    await waitFor(() => sink.inbox.length >= 1);
    await new Promise((done) => setTimeout(done, 300));
    expect(sink.inbox).toHaveLength(1);
    const mail = sink.inbox[0];
    expect(mail.to).toBe(cw.email);
    expect(mail.subject).toBe(`Иш боюнча байланыштын убагы келди ${c.code}`);
    expect(mail.text).toContain(`#/cases/${c.id}/show/follow-ups`);
    expect(mail.text).not.toContain('Жээнбеков');
    expect(mail.messageId).toBe(`<reminder-${rows[1].id}@kaytuu>`);
    // the in-app reminders are separate rows and still pending
    expect(await t.given.count(`reminder WHERE follow_up_id = '${res.body.id}' AND channel = 'in_app' AND status = 'pending'`)).toBe(2);
  });
});

describe('webhook channel', () => {
  let t: TestApp;
  const secret = randomBytes(32).toString('hex');
  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOK_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => t.close());

  const event = (): WebhookEvent => ({
    id: randomUUID(),
    type: 'follow_up.missed',
    occurredAt: new Date().toISOString(),
    data: { caseCode: 'KT-C-2026-000001' },
  });

  it('should sign the JSON body so the receiver can verify it, and throw on a refusal', async () => {
    const receiver = await startReceiver(secret, [200, 503]);
    const hooks = t.app.get(WebhookService);
    const e = event();
    expect(await hooks.post(receiver.url, secret, e)).toBe(200);
    expect(receiver.hits[0]).toMatchObject({ validSignature: true, delivery: e.id, event: e });
    await expect(hooks.post(receiver.url, secret, event())).rejects.toBeInstanceOf(WebhookDeliveryError);
    // a receiver with another secret sees a bad signature
    await expect(hooks.post(receiver.url, 'not-the-secret', event())).rejects.toThrow(/HTTP 401/);
    await receiver.close();
  });

  describe.each<QueueBackendKind>(['postgres', 'redis'])('retries through the queue on the %s backend', (backend) => {
    it('should retry with exponential backoff until the receiver accepts, delivering the same event id', async () => {
      const receiver = await startReceiver(secret, [503, 500, 200]);
      const hooks = t.app.get(WebhookService);
      const settings = queueBackendSettings({
        databaseUrl: dbUrl(t.dbName),
        redisUrl: backend === 'redis' ? REDIS_TEST_URL : undefined,
        queuePrefix: `kt_wh_${randomBytes(4).toString('hex')}`,
      });
      const queue = createQueue<WebhookEvent>('webhooks-test', settings);
      const worker = createWorker<WebhookEvent>('webhooks-test', (job) => hooks.post(receiver.url, secret, job.data), settings);
      try {
        const e = event();
        await queue.add('deliver', e, { jobId: e.id, attempts: 5, backoff: { type: 'exponential', delay: 200 } });
        await waitFor(() => receiver.hits.some((h) => h.status === 200), 20_000);
        expect(receiver.hits.map((h) => h.status)).toEqual([503, 500, 200]);
        expect(new Set(receiver.hits.map((h) => h.delivery))).toEqual(new Set([e.id]));
        expect(receiver.hits.every((h) => h.validSignature)).toBe(true);
        // exponential: the second wait (≈400 ms) is longer than the first (≈200 ms)
        const [a, b, c] = receiver.hits.map((h) => h.at);
        expect(b - a).toBeGreaterThanOrEqual(150);
        expect(c - b).toBeGreaterThanOrEqual(300);
        // and nothing more arrives once it is accepted
        await new Promise((r) => setTimeout(r, 500));
        expect(receiver.hits).toHaveLength(3);
      } finally {
        await worker.close();
        await queue.obliterate({ force: true }).catch(() => undefined);
        await queue.close();
        await receiver.close();
      }
    }, 30_000);
  });
});
