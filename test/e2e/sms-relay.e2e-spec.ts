import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingService, type EnqueueMessage } from '@kaytuu/messaging';
import { AAD, QueueBackendKind } from '@kaytuu/shared';
import { SmppTestServer } from '../support/smpp-server';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { startTestWorker } from '../support/worker';

jest.setTimeout(120_000);

// SMS end to end: MessagingService writes the outbox row, the real worker (in-process) relays it on queue 'messages'
// through its SMPP bind to a real SMPP server; receipts and replies come back as deliver_sm. The faults of issue 18 —
// throttled, bind refused, connection dropped mid-batch, no receipt, a receipt retransmitted — on both queue backends.
// Quiet hours and the daily cap are MessagingService's rules (messaging-service.e2e-spec.ts); here rows are made due
// at once, whatever the hour the suite runs at.
describe.each<QueueBackendKind>(['postgres', 'redis'])('SMS over SMPP on the %s backend', (backend) => {
  let t: TestApp;
  let smsc: SmppTestServer;
  let worker: INestApplicationContext | null = null;
  let svc: MessagingService;
  let ds: DataSource;
  let office: { id: string };

  beforeAll(async () => {
    smsc = await SmppTestServer.start();
    t = await createTestApp({
      queue: backend,
      env: { ...smsc.env(), RELAY_INTERVAL_MS: '100', MESSAGES_RETRY_BASE_MS: '200', STALE_ENQUEUED_SECONDS: '30', MESSAGES_DAILY_CAP: '100' },
    });
    worker = await startTestWorker(t);
    svc = t.app.get(MessagingService);
    ds = t.app.get(DataSource);
    office = await t.given.office();
    await waitFor(() => smsc.isBound());
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smsc?.close();
  });

  let n = 0;
  async function person(languages = ['ky']) {
    const phone = `+99670${String(++n).padStart(7, '0')}`;
    const r = await t.given.returnee({ officeId: office.id, phone });
    await t.db.query(`UPDATE returnee SET languages = $2 WHERE id = $1`, [r.id, languages]);
    await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{data_processing,contact_by_phone}', now() - interval '1 day')`, [r.id]);
    return { id: r.id, phone, digits: phone.slice(1) };
  }
  async function send(returneeId: string, m: Partial<EnqueueMessage> = {}): Promise<string> {
    const id = await ds.transaction((tx) => svc.enqueue(tx, { returneeId, officeId: office.id, kind: 'free', text: 'Hello', ...m }));
    if (!id) throw new Error('not enqueued');
    if (!m.fireAt) await t.db.query(`UPDATE message SET fire_at = now() WHERE id = $1`, [id]);
    return id;
  }
  const row = async (id: string) =>
    (await t.db.query(`SELECT status, attempts, segments, encoding, provider_id, sent_at, delivered_at, last_error, body_enc FROM message WHERE id = $1`, [id]))
      .rows[0];
  const statusIs = (id: string, status: string) =>
    waitFor(async () => ((await row(id)).status === status ? true : null), 30_000).catch(async (e: Error) => {
      const r = await row(id);
      const receipts = smsc.receipts.filter((x) => x.messageId === r.provider_id).map((x) => x.status);
      throw new Error(
        `${e.message}: wanted ${status}, the message is ${r.status} (provider ${r.provider_id}, attempts ${r.attempts}, last_error ${r.last_error}, receipts ${receipts})`,
      );
    });
  const textCount = (text: string) => smsc.messages().filter((m) => m.text === text).length;

  it('should send a Kyrgyz reminder as UCS-2 in 2 segments, mark it delivered from its receipt, and record a retransmitted receipt once', async () => {
    const p = await person(['ky']);
    const place = 'Бишкек ш., Токтогул көчөсү 12, Эмгек борбору, 3-кабат';
    const id = await send(p.id, { kind: 'appointment_reminder', templateKey: 'appointment_reminder.evening', params: { date: '08.12', time: '10:00', place } });
    await statusIs(id, 'delivered');
    const r = await row(id);
    const text = t.given.cipher.decrypt(r.body_enc, AAD.messageBody);
    expect(text).toBe(`Эскертүү: эртең 08.12 саат 10:00 жолугушууңуз бар. Жери: ${place}.`);
    expect(r).toMatchObject({ segments: 2, encoding: 'ucs2', attempts: 1, last_error: null });
    const [sms] = smsc.messages().filter((m) => m.destination === p.digits);
    expect(sms).toMatchObject({ text, segments: 2, dataCoding: 8, messageId: r.provider_id });
    const deliveredAt = r.delivered_at as Date;
    // the SMSC sends the receipt again, then a contradicting late one: the first final state stands
    expect(await smsc.sendReceipt(r.provider_id, 'DELIVRD', p.digits)).toBe(0);
    expect(await smsc.sendReceipt(r.provider_id, 'UNDELIV', p.digits)).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'delivered', delivered_at: deliveredAt });
  });

  it('should mark a message failed with the reason of an undelivered receipt, and keep one without a receipt sent', async () => {
    const p = await person(['ru']);
    smsc.autoReceipt = false;
    try {
      const a = await send(p.id, { text: 'Receipt says undelivered' });
      const b = await send(p.id, { text: 'No receipt ever' });
      await statusIs(a, 'sent');
      await statusIs(b, 'sent');
      await smsc.sendReceipt((await row(a)).provider_id, 'UNDELIV', p.digits);
      await statusIs(a, 'failed');
      expect(await row(a)).toMatchObject({ last_error: 'receipt_undeliv' });
      await new Promise((res) => setTimeout(res, 1000));
      expect(await row(b)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(textCount('No receipt ever')).toBe(1);
    } finally {
      smsc.autoReceipt = true;
    }
  });

  it('should take a reply by SMS: STOP opts out, the confirmation goes out once, a retransmitted reply is recorded once', async () => {
    const p = await person(['ky']);
    await send(p.id, { text: 'Before stop', fireAt: new Date(Date.now() + 3_600_000) });
    expect(await smsc.sendMo(p.digits, 'Токтот', { userMessageReference: 11 })).toBe(0);
    expect(await smsc.sendMo(p.digits, 'Токтот', { userMessageReference: 11 })).toBe(0);
    const confirmation = await waitFor(async () => {
      const { rows } = await t.db.query(`SELECT id, status FROM message WHERE returnee_id = $1 AND kind = 'system'`, [p.id]);
      return rows[0]?.status === 'delivered' ? rows : null;
    });
    expect(confirmation).toHaveLength(1);
    const { rows } = await t.db.query(`SELECT direction, kind, status FROM message WHERE returnee_id = $1 ORDER BY created_at`, [p.id]);
    expect(rows.map((x) => `${x.direction}/${x.kind}/${x.status}`).sort()).toEqual(['in/reply/received', 'out/free/cancelled', 'out/system/delivered']);
    const sms = smsc.messages().filter((m) => m.destination === p.digits);
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toContain('START');
    // a reply from a number nobody has: answered at the protocol level, nothing stored, nothing sent
    const before = await t.given.count('message');
    expect(await smsc.sendMo('996709999999', 'STOP')).toBe(0);
    expect(await t.given.count('message')).toBe(before);
  });

  it('should back off when throttled and send every message exactly once', async () => {
    const p = await person(['en']);
    smsc.throttleNext = 3;
    const texts = [1, 2, 3, 4, 5].map((i) => `Throttled ${i}`);
    const ids = [];
    for (const text of texts) ids.push(await send(p.id, { text }));
    for (const id of ids) await statusIs(id, 'delivered');
    for (const text of texts) expect(textCount(text)).toBe(1);
    const attempts = await Promise.all(ids.map(async (id) => (await row(id)).attempts as number));
    expect(attempts.some((a) => a > 1)).toBe(true);
    expect(smsc.submits.filter((s) => s.status === 0x58)).toHaveLength(3);
  });

  it('should hold messages queued while the bind is refused, and send each once when it is accepted', async () => {
    const p = await person(['ru']);
    const binds = smsc.binds.length;
    smsc.refuseBinds = 3;
    smsc.dropConnections();
    await waitFor(() => smsc.binds.length > binds);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await send(p.id, { text: `While refused ${i}` }));
    for (const id of ids) await statusIs(id, 'delivered');
    expect(smsc.binds.slice(binds).map((b) => b.accepted)).toEqual([false, false, false, true]);
    for (let i = 0; i < 5; i++) expect(textCount(`While refused ${i}`)).toBe(1);
  });

  it('should send every message of a batch exactly once when the connection drops mid-batch', async () => {
    const p = await person(['ru']);
    smsc.dropAfterAccepted = 10;
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push(await send(p.id, { text: `Batch ${i}` }));
    for (const id of ids) await statusIs(id, 'delivered');
    expect(smsc.submits.some((s) => s.status === -2)).toBe(true);
    for (let i = 0; i < 40; i++) expect(textCount(`Batch ${i}`)).toBe(1);
  });

  it('should expire a message whose expires_at passes before it goes', async () => {
    const p = await person(['ru']);
    const id = await send(p.id, { text: 'Too late', fireAt: new Date(Date.now() + 3_600_000), expiresAt: new Date(Date.now() + 7_200_000) });
    await t.db.query(`UPDATE message SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    await statusIs(id, 'expired');
    expect(textCount('Too late')).toBe(0);
  });
});

describe('SMS channel state and the channel off', () => {
  let t: TestApp;
  let smsc: SmppTestServer;
  let worker: INestApplicationContext | null = null;

  afterEach(async () => {
    await worker?.close();
    worker = null;
    await t?.close();
    await smsc?.close();
  });

  it('should show the bind in /api/health once the worker reports it', async () => {
    smsc = await SmppTestServer.start();
    t = await createTestApp({ env: smsc.env({ RELAY_INTERVAL_MS: '100' }) });
    const before = await t.http.get('/api/health');
    expect(before.body.channels).toEqual({
      sms: { up: false, detail: 'configured, no report from the worker yet' },
      telegram: { up: false, detail: 'off (TELEGRAM_BOT_TOKEN is not set)' },
    });
    worker = await startTestWorker(t);
    await waitFor(async () => ((await t.http.get('/api/health')).body.channels?.sms?.up ? true : null), 40_000, 500).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify((await t.http.get('/api/health')).body)}`);
    });
    expect((await t.http.get('/api/health')).body.channels.sms).toEqual({ up: true, detail: 'bound as transceiver' });
  });

  it('should keep SMS queued and say the channel is off without SMPP_URL', async () => {
    smsc = await SmppTestServer.start();
    t = await createTestApp({ env: { RELAY_INTERVAL_MS: '100' } });
    worker = await startTestWorker(t);
    const office = await t.given.office();
    const r = await t.given.returnee({ officeId: office.id, phone: '+996555000111' });
    await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{contact_by_phone}', now() - interval '1 day')`, [r.id]);
    const ds = t.app.get(DataSource);
    const id = await ds.transaction((tx) => t.app.get(MessagingService).enqueue(tx, { returneeId: r.id, officeId: office.id, kind: 'free', text: 'Queued' }));
    await t.db.query(`UPDATE message SET fire_at = now() WHERE id = $1`, [id]);
    await new Promise((res) => setTimeout(res, 1500));
    expect((await t.db.query(`SELECT status, attempts FROM message WHERE id = $1`, [id])).rows[0]).toEqual({ status: 'queued', attempts: 0 });
    expect((await t.http.get('/api/health')).body.channels.sms).toEqual({ up: false, detail: 'off (SMPP_URL is not set)' });
  });
});
