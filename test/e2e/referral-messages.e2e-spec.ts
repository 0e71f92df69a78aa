import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { ReferralMessageService } from '@kaytuu/referrals';
import { startReceiver, startSmtpSink } from '../support/channels';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

// The organisation hears of a new referral by email and by signed webhook, through the referral_message outbox and
// the real worker (in-process, PostgreSQL queue backend); the webhook receiver refuses once to prove the retry.
describe('messages to the organisation when a referral is sent', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let cw: GivenUser;
  let officeId: string;
  const secret = randomBytes(24).toString('hex');

  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startReceiver(secret, [503, 200]);
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      QUEUE_PREFIX: `kt_rm_${randomBytes(4).toString('hex')}`,
      RELAY_INTERVAL_MS: '200',
      STALE_ENQUEUED_SECONDS: '60',
      PUBLIC_URL: 'https://kaytuu.example.kg',
      LOG_LEVEL: 'silent',
    };
    t = await createTestApp({ env });
    worker = await startTestWorker(t);
    officeId = (await t.given.office()).id;
    cw = await t.given.user('caseworker', { officeId });
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await sink?.close();
    await receiver?.close();
  });

  async function referTo(org: { id: string }): Promise<{ id: string; caseCode: string }> {
    const r = await t.given.returnee({ officeId, lastName: 'Токтогулова', firstName: 'Айгүл', sex: 'female' });
    await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{share_with_ngo}', now())`, [r.id]);
    const c = await t.given.caseFile({ returneeId: r.id, officeId, assigneeId: cw.id, status: 'in_progress' });
    const res = await t.http.post('/api/referrals').set(bearer(cw)).send({ caseId: c.id, organizationId: org.id, reason: 'Юридическая консультация' });
    expect(res.status).toBe(201);
    return { id: res.body.id, caseCode: c.code };
  }

  it('should email the contact address and post a signed webhook, retried after a refusal, each exactly once', async () => {
    const org = await t.given.organization({ services: ['legal_aid'] });
    const admin = await t.given.user('admin');
    const set = await t.http.put(`/api/organizations/${org.id}`).set(bearer(admin)).send({ webhookUrl: receiver.url, webhookSecret: secret });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ webhookUrl: receiver.url, hasWebhookSecret: true });
    expect(set.body).not.toHaveProperty('webhookSecret');
    const {
      rows: [contact],
    } = await t.db.query(`SELECT contact_email FROM organization WHERE id = $1`, [org.id]);

    const referral = await referTo(org);

    const mail = await waitFor(() => sink.inbox.find((m) => m.to.includes(contact.contact_email)) ?? null, 20_000);
    expect(mail.subject).toContain(referral.caseCode);
    expect(mail.text).toContain(`https://kaytuu.example.kg/#/referrals/${referral.id}/show`);
    // no personal data by email
    expect(mail.text).not.toContain('Токтогулова');

    // first attempt refused (503), the queue retries after its backoff
    await waitFor(() => (receiver.hits.filter((h) => h.status === 200).length === 1 ? true : null), 30_000);
    expect(receiver.hits.map((h) => h.status)).toEqual([503, 200]);
    expect(receiver.hits.every((h) => h.validSignature)).toBe(true);
    expect(new Set(receiver.hits.map((h) => h.delivery)).size).toBe(1);
    expect(receiver.hits[1].event).toMatchObject({
      type: 'referral.sent',
      data: { referralId: referral.id, caseCode: referral.caseCode, caseType: 'legal_aid', reason: 'Юридическая консультация' },
    });
    expect(JSON.stringify(receiver.hits[1].event)).not.toContain('Токтогулова');

    // the receiver has answered; the worker marks the row sent in the transaction that made the call, right after it
    const rows = await waitFor(async () => {
      const r = (await t.db.query(`SELECT channel, status, attempts FROM referral_message WHERE referral_id = $1 ORDER BY channel`, [referral.id])).rows;
      return r.every((x) => x.status === 'sent') ? r : null;
    }, 10_000);
    expect(rows).toEqual([
      { channel: 'email', status: 'sent', attempts: 1 },
      { channel: 'webhook', status: 'sent', attempts: 1 },
    ]);
    // delivering again changes nothing
    const service = worker!.get(ReferralMessageService);
    const ids = (await t.db.query(`SELECT id FROM referral_message WHERE referral_id = $1`, [referral.id])).rows.map((r) => r.id);
    for (const id of ids) expect(await service.deliver(id)).toBe('already_sent');
    expect(sink.inbox.filter((m) => m.to.includes(contact.contact_email))).toHaveLength(1);
  });

  it('should write only the email when the organisation has no webhook, and skip a referral cancelled before delivery', async () => {
    const org = await t.given.organization({ services: ['legal_aid'] });
    const referral = await referTo(org);
    const { rows } = await t.db.query(`SELECT channel FROM referral_message WHERE referral_id = $1`, [referral.id]);
    expect(rows).toEqual([{ channel: 'email' }]);

    // with the worker stopped, so nothing delivers before the cancellation
    await worker!.close();
    worker = null;
    const cancelled = await referTo(await t.given.organization({ services: ['legal_aid'] }));
    await t.db.query(`UPDATE referral SET status = 'cancelled' WHERE id = $1`, [cancelled.id]);
    const [msg] = (await t.db.query(`SELECT id FROM referral_message WHERE referral_id = $1`, [cancelled.id])).rows;
    expect(await t.app.get(ReferralMessageService).deliver(msg.id)).toBe('superseded');
    expect((await t.db.query(`SELECT status FROM referral_message WHERE id = $1`, [msg.id])).rows[0].status).toBe('superseded');
  });
});
