import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AAD, Clock } from '@kaytuu/shared';
import { MessagingError, MessagingService, type Reply } from '@kaytuu/messaging';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

// The rules of MessagingService on the real database: outbox rows written in the caller's transaction, language,
// consent, opt-out (STOP/START), quiet hours, the daily cap, health words, consent withdrawal, the inbound dispatcher.
describe('MessagingService (rules)', () => {
  let t: TestApp;
  let svc: MessagingService;
  let ds: DataSource;
  let clock: Clock;
  let office: { id: string };
  let caseworker: GivenUser;
  // 12:00 in Bishkek (06:00Z) on a Monday
  const NOON = new Date('2026-12-07T06:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({ env: { MESSAGES_DAILY_CAP: '3' } });
    svc = t.app.get(MessagingService);
    ds = t.app.get(DataSource);
    clock = t.app.get(Clock);
    office = await t.given.office();
    caseworker = await t.given.user('caseworker', { officeId: office.id });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  let n = 0;
  async function person(p: { languages?: string[]; scope?: string[]; phone?: string | null; chatId?: string } = {}) {
    const phone = p.phone === undefined ? `+99655510${String(++n).padStart(4, '0')}` : p.phone;
    const r = await t.given.returnee({ officeId: office.id, phone });
    await t.db.query(`UPDATE returnee SET languages = $2 WHERE id = $1`, [r.id, p.languages ?? ['ky', 'ru']]);
    const scope = p.scope ?? ['data_processing', 'contact_by_phone'];
    const { rows } = await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, $2, now() - interval '1 day') RETURNING id`, [
      r.id,
      scope,
    ]);
    if (p.chatId) {
      await t.db.query(
        `INSERT INTO message_contact (returnee_id, telegram_chat_id_enc, telegram_chat_hmac, preferred_channel) VALUES ($1, $2, $3, 'telegram')`,
        [r.id, t.given.cipher.encrypt(p.chatId, AAD.telegramChatId), t.given.cipher.telegramChatHmac(p.chatId)],
      );
    }
    return { id: r.id, officeId: office.id, phone, consentId: rows[0].id as string };
  }
  const at = (d: Date) => jest.spyOn(clock, 'now').mockReturnValue(d);
  const enqueue = (m: Parameters<MessagingService['enqueue']>[1]) => ds.transaction((tx) => svc.enqueue(tx, m));
  const rowsOf = async (returneeId: string) =>
    (
      await t.db.query(
        `SELECT id, channel, direction, kind, language, body_enc, status, fire_at, template_key, reply_to FROM message WHERE returnee_id = $1 ORDER BY created_at, fire_at`,
        [returneeId],
      )
    ).rows as Array<{
      id: string;
      channel: string;
      direction: string;
      kind: string;
      language: string;
      body_enc: string;
      status: string;
      fire_at: Date;
      template_key: string;
      reply_to: string | null;
    }>;
  const bodyOf = (row: { body_enc: string }) => t.given.cipher.decrypt(row.body_enc, AAD.messageBody);
  const reminder = {
    kind: 'appointment_reminder' as const,
    templateKey: 'appointment_reminder.evening',
    params: { date: '08.12', time: '10:00', place: 'Токтогула 12' },
  };

  it('should write the message sealed, in the returnee language, in the caller transaction, once per dedupe key', async () => {
    at(NOON);
    const p = await person({ languages: ['uz', 'ky'] });
    const id = await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder, dedupeKey: `reminder:${p.id}:evening` });
    const again = await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder, dedupeKey: `reminder:${p.id}:evening` });
    expect(again).toBe(id);
    const rows = await rowsOf(p.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, channel: 'sms', direction: 'out', language: 'ky', status: 'queued' });
    expect(rows[0].body_enc).toMatch(/^v1\./);
    expect(rows[0].body_enc).not.toContain('Токтогула');
    expect(bodyOf(rows[0])).toBe('Эскертүү: эртең 08.12 саат 10:00 жолугушууңуз бар. Жери: Токтогула 12.');
    // a caller transaction that rolls back leaves nothing
    await expect(
      ds.transaction(async (tx) => {
        await svc.enqueue(tx, { returneeId: p.id, officeId: p.officeId, kind: 'free', text: 'Салам' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await rowsOf(p.id)).toHaveLength(1);
    // Russian for a returnee who speaks neither ky nor ru first
    const q = await person({ languages: ['en'] });
    await enqueue({ returneeId: q.id, officeId: q.officeId, ...reminder });
    expect((await rowsOf(q.id))[0].language).toBe('ru');
  });

  it('should write nothing without a contact consent for the channel, without a phone, or for an unknown returnee', async () => {
    at(NOON);
    const noConsent = await person({ scope: ['data_processing'] });
    expect(await enqueue({ returneeId: noConsent.id, officeId: office.id, ...reminder })).toBeNull();
    const noPhone = await person({ phone: null });
    expect(await enqueue({ returneeId: noPhone.id, officeId: office.id, ...reminder })).toBeNull();
    const smsOnly = await person();
    expect(await enqueue({ returneeId: smsOnly.id, officeId: office.id, ...reminder, channel: 'telegram' })).toBeNull();
    expect(await enqueue({ returneeId: '00000000-0000-4000-8000-000000000000', officeId: office.id, ...reminder })).toBeNull();
    for (const p of [noConsent, noPhone, smsOnly]) expect(await rowsOf(p.id)).toHaveLength(0);
  });

  it('should hold a message of the quiet hours until 09:00 Asia/Bishkek', async () => {
    const p = await person();
    at(new Date('2026-12-07T16:30:00Z')); // 22:30 in Bishkek
    await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder });
    at(NOON);
    await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder, fireAt: new Date('2026-12-08T00:00:00Z') }); // 06:00 local
    const rows = await rowsOf(p.id);
    expect(rows.map((r) => r.fire_at.toISOString())).toEqual(['2026-12-08T03:00:00.000Z', '2026-12-08T03:00:00.000Z']);
    expect(rows.every((r) => r.status === 'queued')).toBe(true);
  });

  it('should move a message over the daily cap (3 here) to the next morning', async () => {
    at(NOON);
    const p = await person();
    for (let i = 0; i < 5; i++) await enqueue({ returneeId: p.id, officeId: p.officeId, kind: 'free', text: `Сообщение ${i}` });
    const fires = (await rowsOf(p.id)).map((r) => r.fire_at.toISOString());
    expect(fires.filter((f) => f === NOON.toISOString())).toHaveLength(3);
    expect(fires.filter((f) => f === '2026-12-08T03:00:00.000Z')).toHaveLength(2);
  });

  it('should send an answer to what the returnee has just written at once, in quiet hours and over the cap, pointing to it', async () => {
    const p = await person();
    at(NOON);
    for (let i = 0; i < 3; i++) await enqueue({ returneeId: p.id, officeId: p.officeId, kind: 'free', text: `Сообщение ${i}` });
    const night = new Date('2026-12-07T16:30:00Z'); // 22:30 in Bishkek, the day's cap used up
    at(night);
    const { rows } = await t.db.query(
      `INSERT INTO message (returnee_id, office_id, channel, direction, kind, body_enc, status, fire_at, provider_id)
       VALUES ($1, $2, 'sms', 'in', 'reply', $3, 'received', $4, 'mo-answer-now') RETURNING id`,
      [p.id, p.officeId, t.given.cipher.encrypt('2', AAD.messageBody), night],
    );
    const inbound = rows[0].id as string;
    const answer = await enqueue({ returneeId: p.id, officeId: p.officeId, kind: 'monitoring', text: 'Следующий вопрос', inReplyTo: inbound });
    // without the reply it would wait for the morning; a malformed id is no reply
    const held = await enqueue({ returneeId: p.id, officeId: p.officeId, kind: 'monitoring', text: 'Вопрос', inReplyTo: 'not-an-id' });
    const out = await rowsOf(p.id);
    expect(out.find((r) => r.id === answer)).toMatchObject({ fire_at: night, reply_to: inbound, status: 'queued' });
    expect(out.find((r) => r.id === held)).toMatchObject({ fire_at: new Date('2026-12-08T03:00:00.000Z'), reply_to: null });
  });

  it('should never put health words in an SMS, and say more on Telegram only with health consent', async () => {
    at(NOON);
    const sms = await person({ languages: ['ru'] });
    await enqueue({ returneeId: sms.id, officeId: office.id, kind: 'tb_checkin', templateKey: 'tb_checkin.ask' });
    expect(bodyOf((await rowsOf(sms.id))[0])).toBe('Вы сегодня всё сделали по плану? Ответьте: 1 – да, 2 – нет, 3 – есть вопрос.');
    const refused = await enqueue({ returneeId: sms.id, officeId: office.id, kind: 'free', text: 'Приходите за лекарством от туберкулёза' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(MessagingError);
    expect(refused).toMatchObject({ code: 'HEALTH_WORDS_IN_SMS', status: 422 });
    const free = await enqueue({ returneeId: sms.id, officeId: office.id, kind: 'free', text: 'Позвоните мне', health: true }).catch((e: unknown) => e);
    expect(free).toMatchObject({ code: 'HEALTH_WORDS_IN_SMS' });
    expect(await rowsOf(sms.id)).toHaveLength(1);

    const tgNoHealth = await person({ languages: ['ru'], scope: ['data_processing', 'contact_by_telegram'], chatId: '5550001' });
    await enqueue({ returneeId: tgNoHealth.id, officeId: office.id, kind: 'tb_checkin', templateKey: 'tb_checkin.ask' });
    const [neutral] = await rowsOf(tgNoHealth.id);
    expect(neutral.channel).toBe('telegram');
    expect(bodyOf(neutral)).not.toMatch(/туберкул/i);

    const tgHealth = await person({ languages: ['ru'], scope: ['data_processing', 'contact_by_telegram', 'share_health'], chatId: '5550002' });
    await enqueue({ returneeId: tgHealth.id, officeId: office.id, kind: 'tb_checkin', templateKey: 'tb_checkin.ask' });
    expect(bodyOf((await rowsOf(tgHealth.id))[0])).toMatch(/туберкул/i);
  });

  it('should cancel every pending message at once when the contact consent is withdrawn', async () => {
    at(NOON);
    const p = await person();
    await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder });
    await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder, fireAt: new Date('2026-12-20T06:00:00Z') });
    jest.restoreAllMocks();
    const res = await t.http.post(`/api/consents/${p.consentId}/withdraw`).set(bearer(caseworker)).send({ reason: 'asked' });
    expect(res.status).toBe(200);
    expect((await rowsOf(p.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder })).toBeNull();
  });

  it('should opt out on STOP in any case and language, cancel what is pending, confirm once; START opts back in', async () => {
    at(NOON);
    const p = await person({ languages: ['ky'] });
    await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder });
    const from = { phone: p.phone!.replace('+', '') };
    expect(await svc.receive({ channel: 'sms', from, text: 'токтот', providerId: 'mo-1', at: NOON })).toMatchObject({ outcome: 'opted_out' });
    expect(await svc.receive({ channel: 'sms', from, text: 'STOP', providerId: 'mo-2', at: NOON })).toMatchObject({ outcome: 'opted_out' });
    let rows = await rowsOf(p.id);
    expect(rows.filter((r) => r.direction === 'out').map((r) => [r.kind, r.status, r.template_key])).toEqual([
      ['appointment_reminder', 'cancelled', 'appointment_reminder.evening'],
      ['system', 'queued', 'system.opted_out'],
    ]);
    expect(bodyOf(rows.find((r) => r.kind === 'system')!)).toContain('START');
    expect(rows.filter((r) => r.direction === 'in')).toHaveLength(2);
    const contact = await t.db.query(`SELECT opted_out_at, opted_out_channel FROM message_contact WHERE returnee_id = $1`, [p.id]);
    expect(contact.rows[0]).toMatchObject({ opted_out_channel: 'sms' });
    expect(contact.rows[0].opted_out_at).toBeInstanceOf(Date);
    expect(await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder })).toBeNull();

    expect(await svc.receive({ channel: 'sms', from, text: 'Start', providerId: 'mo-3', at: NOON })).toMatchObject({ outcome: 'opted_in' });
    expect(await svc.receive({ channel: 'sms', from, text: 'СТАРТ', providerId: 'mo-4', at: NOON })).toMatchObject({ outcome: 'opted_in' });
    rows = await rowsOf(p.id);
    expect(rows.filter((r) => r.template_key === 'system.opted_in')).toHaveLength(1);
    expect(await enqueue({ returneeId: p.id, officeId: p.officeId, ...reminder })).not.toBeNull();
  });

  it('should record an inbound message once per provider id, and hand it to the handler of the message it answers', async () => {
    at(NOON);
    const p = await person();
    const asked = await enqueue({ returneeId: p.id, officeId: p.officeId, kind: 'tb_checkin', templateKey: 'tb_checkin.ask', sourceType: 'checkin' });
    await t.db.query(`UPDATE message SET status = 'sent', sent_at = now(), provider_id = 'smsc-1' WHERE id = $1`, [asked]);
    const seen: Reply[] = [];
    svc.registerReplyHandler('tb_checkin', async (_m, reply) => void seen.push(reply));
    const inbound = { channel: 'sms' as const, from: { phone: `${p.phone}` }, text: ' 1 ', providerId: 'mo-dup', at: NOON };
    expect(await svc.receive(inbound)).toMatchObject({ outcome: 'handled' });
    expect(await svc.receive(inbound)).toEqual({ outcome: 'duplicate', messageId: null });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ returneeId: p.id, text: '1', awaiting: { id: asked, kind: 'tb_checkin', sourceType: 'checkin' } });
    const ins = (await rowsOf(p.id)).filter((r) => r.direction === 'in');
    expect(ins).toHaveLength(1);
    expect(ins[0]).toMatchObject({ status: 'received', kind: 'reply', reply_to: asked });
    expect(bodyOf(ins[0])).toBe('1');
  });

  it('should log a reply from an unknown number without the number, store nothing and answer nothing', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const before = await t.given.count('message');
    const res = await svc.receive({ channel: 'sms', from: { phone: '996700999888' }, text: 'STOP', providerId: 'mo-unknown', at: NOON });
    expect(res).toEqual({ outcome: 'unknown_sender', messageId: null });
    expect(await svc.receive({ channel: 'telegram', from: { chatId: '424242' }, text: 'hi', providerId: 'tg-1', at: NOON })).toMatchObject({
      outcome: 'unknown_sender',
    });
    expect(await t.given.count('message')).toBe(before);
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines.filter((l) => l.includes('inbound from unknown sender'))).toHaveLength(2);
    expect(lines.join('\n')).not.toMatch(/700999888|424242/);
  });
});
