import { FollowUpService } from '@kaytuu/follow-ups';
import { CheckinService, MessagingService } from '@kaytuu/messaging';
import { Clock } from '@kaytuu/shared';
import { AAD } from '../../libs/shared/src/crypto/field-cipher';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { startTestWorker } from '../support/worker';

type Body = Record<string, unknown>;
type Msg = {
  id: string;
  kind: string;
  templateKey: string | null;
  status: string;
  channel: string;
  language: string | null;
  fireAt: Date;
  expiresAt: Date | null;
  sourceType: string | null;
  sourceId: string | null;
  dedupeKey: string | null;
  text: string;
};
const HOUR = 3_600_000;
// a Bishkek wall time (UTC+6) as an instant
const bishkek = (isoLocal: string) => new Date(new Date(`${isoLocal}Z`).getTime() - 6 * HOUR);

// What the messages to the returnee are for (issue 18): appointment reminders of visits and calls, TB treatment
// check-ins with their escalation, self-reported monitoring. The SMS relay is stood in for by what it does to a row
// (claimForSend + markSent through MessagingService), replies enter through MessagingService.receive, the single
// inbound dispatcher both channels use.
describe('outreach: reminders, TB check-ins, self-reported monitoring', () => {
  let t: TestApp;
  let clock: Clock;
  let messaging: MessagingService;
  let checkins: CheckinService;
  let office: { id: string; name: string };
  let sup: GivenUser;
  let cw1: GivenUser;
  let cw2: GivenUser;
  let cwB: GivenUser;
  let phoneN = 0;

  const at = (d: Date) => jest.spyOn(clock, 'now').mockReturnValue(d);
  const person = async (officeId: string, languages = ['ky', 'ru']) => {
    const phone = `+99670${String(1_000_000 + ++phoneN).slice(1)}0`;
    const r = await t.given.returnee({ officeId, phone });
    await t.db.query(`UPDATE returnee SET languages = $2 WHERE id = $1`, [r.id, languages]);
    await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')`, [
      r.id,
      ['data_processing', 'contact_by_phone'],
    ]);
    return { ...r, phone };
  };
  const tbCase = (returneeId: string, officeId: string, assigneeId: string | null, details: Body = {}) =>
    t.given.caseFile({
      returneeId,
      officeId,
      type: 'health_referral',
      status: 'in_progress',
      assigneeId,
      details: { condition: 'tb', urgency: 'soon', tbTreatmentStage: 'intensive', ...details },
    });
  const messagesOf = async (returneeId: string, where = 'true'): Promise<Msg[]> => {
    const { rows } = await t.db.query(
      `SELECT id, kind, template_key AS "templateKey", status, channel, language, fire_at AS "fireAt", expires_at AS "expiresAt",
         source_type AS "sourceType", source_id AS "sourceId", dedupe_key AS "dedupeKey", body_enc
       FROM message WHERE returnee_id = $1 AND direction = 'out' AND ${where} ORDER BY created_at, fire_at`,
      [returneeId],
    );
    return rows.map(({ body_enc, ...r }) => ({ ...r, text: t.given.cipher.decrypt(body_enc, AAD.messageBody) }));
  };
  // what the relay does with a due row: claimed (sending), handed to the SMSC, acknowledged (sent)
  const relay = async (id: string) => {
    expect(await messaging.claimForSend(id, ['sms', 'telegram'])).not.toBeNull();
    expect(await messaging.markSent(id, { providerId: `smsc-${id}`, segments: 1 })).toBe(true);
  };
  let providerN = 0;
  const reply = (phone: string, text: string, when: Date, providerId = `mo-${++providerN}`) =>
    messaging.receive({ channel: 'sms', from: { phone: phone.replace('+', '') }, text, providerId, at: when });

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    clock = t.app.get(Clock);
    messaging = t.app.get(MessagingService);
    checkins = t.app.get(CheckinService);
    office = await t.given.office({ name: 'Ош шаардык' });
    const officeB = await t.given.office();
    sup = await t.given.user('supervisor', { officeId: office.id });
    cw1 = await t.given.user('caseworker', { officeId: office.id });
    cw2 = await t.given.user('caseworker', { officeId: office.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  describe('appointment reminders', () => {
    it('should queue the evening-before and two-hours-before reminders in Kyrgyz when a visit is scheduled, and move or cancel them with it', async () => {
      at(bishkek('2026-12-10T12:00:00'));
      const r = await person(office.id, ['ky']);
      const c = await t.given.caseFile({ returneeId: r.id, officeId: office.id, status: 'in_progress', assigneeId: cw1.id });
      const dueAt = bishkek('2026-12-15T14:30:00');
      const created = await t.http.post('/api/follow-ups').set(bearer(cw1)).send({ caseId: c.id, kind: 'visit', dueAt: dueAt.toISOString() });
      expect(created.status).toBe(201);
      const first = await messagesOf(r.id);
      expect(first.map((m) => [m.kind, m.templateKey, m.status, m.channel, m.language, m.fireAt.toISOString(), m.expiresAt?.toISOString()])).toEqual([
        ['appointment_reminder', 'appointment_reminder.evening', 'queued', 'sms', 'ky', bishkek('2026-12-14T18:00:00').toISOString(), dueAt.toISOString()],
        ['appointment_reminder', 'appointment_reminder.soon', 'queued', 'sms', 'ky', bishkek('2026-12-15T12:30:00').toISOString(), dueAt.toISOString()],
      ]);
      expect(first[0].text).toBe('Эскертүү: эртең 15.12 саат 14:30 жолугушууңуз бар. Жери: Ош шаардык.');
      expect(first.every((m) => m.sourceType === 'follow_up' && m.sourceId === created.body.id)).toBe(true);

      // moved: the queued ones are cancelled and written again for the new time
      const newDue = bishkek('2026-12-17T11:00:00');
      const moved = await t.http.put(`/api/follow-ups/${created.body.id}`).set(bearer(cw1)).send({ version: 1, dueAt: newDue.toISOString() });
      expect(moved.status).toBe(200);
      const second = await messagesOf(r.id);
      expect(second.filter((m) => m.status === 'cancelled').map((m) => m.id)).toEqual(first.map((m) => m.id));
      expect(second.filter((m) => m.status === 'queued').map((m) => [m.fireAt.toISOString(), m.dedupeKey])).toEqual([
        [bishkek('2026-12-16T18:00:00').toISOString(), `reminder:${created.body.id}:v2:evening`],
        [bishkek('2026-12-17T09:00:00').toISOString(), `reminder:${created.body.id}:v2:soon`],
      ]);

      // done: nothing left to send
      const done = await t.http.put(`/api/follow-ups/${created.body.id}`).set(bearer(cw1)).send({ version: 2, status: 'done' });
      expect(done.status).toBe(200);
      expect((await messagesOf(r.id, `status = 'queued'`)).length).toBe(0);
    });

    it('should tell the returnee of a call with the call wording, and nothing when they gave no consent to be contacted', async () => {
      at(bishkek('2026-12-10T12:00:00'));
      const r = await person(office.id, ['ru']);
      const c = await t.given.caseFile({ returneeId: r.id, officeId: office.id, status: 'in_progress', assigneeId: cw1.id });
      const res = await t.http
        .post('/api/follow-ups')
        .set(bearer(cw1))
        .send({ caseId: c.id, kind: 'call', dueAt: bishkek('2026-12-12T15:00:00').toISOString() });
      expect(res.status).toBe(201);
      expect((await messagesOf(r.id)).map((m) => m.text)).toEqual([
        'Напоминаем: завтра, 12.12, в 15:00 вам позвонит сотрудник офиса «Ош шаардык».',
        'Напоминаем: сегодня в 15:00 вам позвонит сотрудник офиса «Ош шаардык».',
      ]);

      const silent = await t.given.returnee({ officeId: office.id, phone: '+996555000111' });
      const c2 = await t.given.caseFile({ returneeId: silent.id, officeId: office.id, status: 'in_progress', assigneeId: cw1.id });
      const res2 = await t.http
        .post('/api/follow-ups')
        .set(bearer(cw1))
        .send({ caseId: c2.id, kind: 'visit', dueAt: bishkek('2026-12-12T15:00:00').toISOString() });
      expect(res2.status).toBe(201);
      expect(await messagesOf(silent.id)).toEqual([]);
    });
  });

  describe('TB check-ins', () => {
    const put = (u: GivenUser, caseId: string, body: Body) => t.http.put(`/api/cases/${caseId}/checkin-schedule`).set(bearer(u)).send(body);

    it('should refuse a schedule on a case that is not TB in treatment (422), for a colleague’s case (403), outside the office (404), and bad input (400), storing nothing', async () => {
      const r = await person(office.id);
      const legal = await t.given.caseFile({ returneeId: r.id, officeId: office.id, status: 'in_progress', assigneeId: cw1.id });
      const done = await tbCase(r.id, office.id, cw1.id, { tbTreatmentStage: 'completed' });
      const hiv = await tbCase(r.id, office.id, cw1.id, { condition: 'hiv' });
      const tb = await tbCase(r.id, office.id, cw1.id);
      for (const c of [legal, done, hiv]) {
        const res = await put(cw1, c.id, { frequency: 'daily', localTime: '09:00' });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('CHECKIN_NOT_TB_TREATMENT');
      }
      expect((await put(cw2, tb.id, { frequency: 'daily', localTime: '09:00' })).body.code).toBe('CHECKINS_HIDDEN');
      expect((await put(cwB, tb.id, { frequency: 'daily', localTime: '09:00' })).status).toBe(404);
      const weekly = await put(cw1, tb.id, { frequency: 'weekly', localTime: '09:00' });
      expect(weekly.status).toBe(400);
      expect(weekly.body.errors).toHaveProperty('weekday');
      const badTime = await put(cw1, tb.id, { frequency: 'daily', localTime: '25:00', channel: 'fax' });
      expect(badTime.status).toBe(400);
      expect(Object.keys(badTime.body.errors).sort()).toEqual(['channel', 'localTime']);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM checkin_schedule WHERE returnee_id = $1`, [r.id])).rows[0].n).toBe(0);
      expect((await t.http.get(`/api/cases/${tb.id}/checkin-schedule`).set(bearer(cw1))).status).toBe(404);
    });

    it('should ask every day, record the answers, and reach the caseworker once after two "no" in a row', async () => {
      at(bishkek('2026-12-01T12:00:00'));
      const r = await person(office.id, ['ru']);
      const c = await tbCase(r.id, office.id, cw1.id);
      const res = await put(cw1, c.id, { frequency: 'daily', localTime: '09:30' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        caseId: c.id,
        frequency: 'daily',
        weekday: null,
        localTime: '09:30',
        channel: null,
        active: true,
        startsOn: '2026-12-01',
      });
      expect((await t.http.get(`/api/cases/${c.id}/checkin-schedule`).set(bearer(sup))).body).toEqual(res.body);

      // the next one (tomorrow 09:30) is written at once, its question in the outbox; an SMS carries no health words
      const q1 = await messagesOf(r.id);
      expect(q1.map((m) => [m.kind, m.templateKey, m.fireAt.toISOString(), m.sourceType])).toEqual([
        ['tb_checkin', 'tb_checkin.ask', bishkek('2026-12-02T09:30:00').toISOString(), 'checkin'],
      ]);
      expect(q1[0].text).toBe('Вы сегодня всё сделали по плану? Ответьте: 1 – да, 2 – нет, 3 – есть вопрос.');

      // day 1: asked and answered "no" (a retransmitted reply is recorded once)
      at(bishkek('2026-12-02T09:30:00'));
      await relay(q1[0].id);
      expect((await reply(r.phone, '2', bishkek('2026-12-02T09:40:00'), 'mo-dup')).outcome).toBe('handled');
      expect((await reply(r.phone, '2', bishkek('2026-12-02T09:40:00'), 'mo-dup')).outcome).toBe('duplicate');
      // the sweep writes day 2 (a second sweep writes nothing more)
      expect((await checkins.sweep(bishkek('2026-12-02T10:00:00'))).written).toBeGreaterThanOrEqual(1);
      expect((await checkins.sweep(bishkek('2026-12-02T10:00:00'))).written).toBe(0);
      const q2 = (await messagesOf(r.id, `kind = 'tb_checkin'`)).at(-1)!;
      expect(q2.fireAt).toEqual(bishkek('2026-12-03T09:30:00'));
      at(bishkek('2026-12-03T09:30:00'));
      await relay(q2.id);
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'tb_checkin_concern'`)).rows[0].n;
      expect((await reply(r.phone, 'нет', bishkek('2026-12-03T09:45:00'))).outcome).toBe('handled');

      const notes = await t.db.query(`SELECT user_id, data FROM notification WHERE kind = 'tb_checkin_concern' AND data->>'caseId' = $1`, [c.id]);
      expect(notes.rows.map((n) => [n.user_id, n.data.reason])).toEqual([[cw1.id, 'two_no']]);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'tb_checkin_concern'`)).rows[0].n).toBe(before + 1);
      const calls = await t.db.query(`SELECT kind, status, assignee_id, due_at, notes FROM follow_up WHERE case_id = $1`, [c.id]);
      expect(calls.rows).toEqual([
        { kind: 'call', status: 'scheduled', assignee_id: cw1.id, due_at: bishkek('2026-12-04T10:00:00'), notes: expect.stringContaining('два ответа «нет»') },
      ]);

      const list = await t.http.get(`/api/cases/${c.id}/checkins`).set(bearer(cw1));
      expect(list.status).toBe(200);
      expect(list.body.adherence).toEqual({ asked: 2, yes: 0, no: 2, sideEffects: 0, unanswered: 0, share: 0 });
      expect(list.body.checkins.filter((x: Body) => x.answer).map((x: Body) => [x.answer, x.escalatedAt !== null])).toEqual([
        ['no', true],
        ['no', false],
      ]);
      expect((await t.http.get(`/api/cases/${c.id}/checkins`).set(bearer(cw2))).body.code).toBe('CHECKINS_HIDDEN');
    });

    it('should reach the caseworker at once on side effects, and once after three days without an answer', async () => {
      at(bishkek('2026-12-01T12:00:00'));
      const r = await person(office.id, ['ru']);
      const c = await tbCase(r.id, office.id, null);
      expect((await put(sup, c.id, { frequency: 'daily', localTime: '10:00' })).status).toBe(200);
      const q1 = (await messagesOf(r.id))[0];
      at(bishkek('2026-12-02T10:00:00'));
      await relay(q1.id);
      await reply(r.phone, '3', bishkek('2026-12-02T10:05:00'));
      // nobody assigned: the office's supervisor hears of it
      const side = await t.db.query(`SELECT user_id, data FROM notification WHERE kind = 'tb_checkin_concern' AND data->>'caseId' = $1`, [c.id]);
      expect(side.rows.map((n) => [n.user_id, n.data.reason])).toEqual([[sup.id, 'side_effects']]);

      // then silence: days 3, 4, 5 asked and not answered
      for (const day of ['03', '04', '05']) {
        await checkins.sweep(bishkek(`2026-12-${day}T09:00:00`));
        const q = (await messagesOf(r.id, `kind = 'tb_checkin' AND status = 'queued'`))[0];
        at(bishkek(`2026-12-${day}T10:00:00`));
        await relay(q.id);
      }
      expect((await checkins.sweep(bishkek('2026-12-06T09:59:00'))).escalated).toBe(0);
      expect((await checkins.sweep(bishkek('2026-12-06T10:00:00'))).escalated).toBe(1);
      expect((await checkins.sweep(bishkek('2026-12-06T12:00:00'))).escalated).toBe(0);
      const all = await t.db.query(
        `SELECT data->>'reason' AS reason FROM notification WHERE kind = 'tb_checkin_concern' AND data->>'caseId' = $1 ORDER BY created_at`,
        [c.id],
      );
      expect(all.rows.map((n) => n.reason)).toEqual(['side_effects', 'no_answer']);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM follow_up WHERE case_id = $1 AND kind = 'call'`, [c.id])).rows[0].n).toBe(2);
    });

    it('should ask in plain words on Telegram with health consent and take a button press as the answer', async () => {
      at(bishkek('2026-12-01T12:00:00'));
      const r = await person(office.id, ['ru']);
      const chatId = String(700_000_000 + phoneN);
      await t.db.query(`UPDATE consent SET scope = $2 WHERE returnee_id = $1`, [
        r.id,
        ['data_processing', 'contact_by_phone', 'contact_by_telegram', 'share_health'],
      ]);
      await t.db.query(
        `INSERT INTO message_contact (returnee_id, telegram_chat_id_enc, telegram_chat_hmac, preferred_channel) VALUES ($1, $2, $3, 'telegram')`,
        [r.id, t.given.cipher.encrypt(chatId, AAD.telegramChatId), t.given.cipher.telegramChatHmac(chatId)],
      );
      const c = await tbCase(r.id, office.id, cw1.id);
      expect((await put(cw1, c.id, { frequency: 'daily', localTime: '11:00', channel: 'telegram' })).status).toBe(200);
      const [q] = await messagesOf(r.id);
      expect([q.channel, q.text]).toEqual(['telegram', 'Вы сегодня приняли лекарство от туберкулёза? Ответьте: 1 – да, 2 – нет, 3 – есть побочные эффекты.']);
      at(bishkek('2026-12-02T11:00:00'));
      await relay(q.id);
      const res = await messaging.receive({
        channel: 'telegram',
        from: { chatId },
        callbackData: '3',
        providerId: 'update:77',
        at: bishkek('2026-12-02T11:01:00'),
      });
      expect(res.outcome).toBe('handled');
      const answered = await t.db.query(`SELECT answer, escalated_at IS NOT NULL AS escalated FROM checkin WHERE case_id = $1`, [c.id]);
      expect(answered.rows).toEqual([{ answer: 'side_effects', escalated: true }]);
    });

    it('should stop asking when the treatment is completed', async () => {
      at(bishkek('2026-12-02T08:00:00'));
      const r = await person(office.id);
      const c = await tbCase(r.id, office.id, cw1.id);
      expect((await put(cw1, c.id, { frequency: 'weekly', weekday: 3, localTime: '18:00' })).status).toBe(200);
      const queued = await messagesOf(r.id, `status = 'queued'`);
      expect(queued.map((m) => m.fireAt)).toEqual([bishkek('2026-12-02T18:00:00')]);
      const { rows } = await t.db.query(`SELECT version FROM case_file WHERE id = $1`, [c.id]);
      const upd = await t.http
        .put(`/api/cases/${c.id}`)
        .set(bearer(cw1))
        .send({ version: rows[0].version, details: { condition: 'tb', urgency: 'soon', tbTreatmentStage: 'completed' } });
      expect(upd.status).toBe(200);
      await checkins.sweep(bishkek('2026-12-02T08:05:00'));
      expect((await t.db.query(`SELECT active FROM checkin_schedule WHERE case_id = $1`, [c.id])).rows[0].active).toBe(false);
      expect(await messagesOf(r.id, `status = 'queued'`)).toEqual([]);
    });
  });

  describe('the worker', () => {
    it('should write a schedule’s next check-in with its question on its own, once', async () => {
      const r = await person(office.id);
      const c = await tbCase(r.id, office.id, cw1.id);
      // a schedule set earlier (its next time within the coming day), no check-in written yet
      const inTwoHours = new Date(Date.now() + 2 * HOUR + 6 * HOUR).toISOString().slice(11, 16);
      await t.db.query(
        `INSERT INTO checkin_schedule (case_id, returnee_id, office_id, frequency, local_time, starts_on, created_by, updated_at)
         VALUES ($1, $2, $3, 'daily', $4, current_date - 1, $5, now() - interval '1 hour')`,
        [c.id, r.id, office.id, inTwoHours, cw1.id],
      );
      const worker = await startTestWorker(t);
      try {
        const row = await waitFor(async () => {
          const { rows } = await t.db.query(`SELECT due_at, message_id FROM checkin WHERE case_id = $1 AND message_id IS NOT NULL`, [c.id]);
          return rows[0] as { due_at: Date; message_id: string } | undefined;
        });
        expect(row.due_at.getTime() - Date.now()).toBeLessThanOrEqual(2 * HOUR);
        const [q] = await messagesOf(r.id);
        expect([q.id, q.kind, q.status]).toEqual([row.message_id, 'tb_checkin', 'queued']);
      } finally {
        await worker.close();
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM checkin WHERE case_id = $1`, [c.id])).rows[0].n).toBe(1);
    });
  });

  describe('the sweep at once from two workers', () => {
    it('should write each check-in and its question once and escalate a silence once', async () => {
      at(bishkek('2026-11-20T12:00:00'));
      const r = await person(office.id);
      const c = await tbCase(r.id, office.id, cw1.id);
      expect((await t.http.put(`/api/cases/${c.id}/checkin-schedule`).set(bearer(cw1)).send({ frequency: 'daily', localTime: '15:00' })).status).toBe(200);
      for (const day of ['21', '22', '23']) {
        await Promise.all([checkins.sweep(bishkek(`2026-11-${day}T14:00:00`)), checkins.sweep(bishkek(`2026-11-${day}T14:00:00`))]);
        // the day's 15:00 check-in (the schedule set at noon wrote that day's only), written by one of the two
        const ofDay = await t.db.query(`SELECT count(*)::int AS n FROM checkin WHERE case_id = $1 AND due_at = $2`, [c.id, bishkek(`2026-11-${day}T15:00:00`)]);
        expect(ofDay.rows[0].n).toBe(1);
        const q = (await messagesOf(r.id, `kind = 'tb_checkin' AND fire_at = '${bishkek(`2026-11-${day}T15:00:00`).toISOString()}'`))[0];
        at(bishkek(`2026-11-${day}T15:00:00`));
        await relay(q.id);
      }
      await Promise.all([checkins.sweep(bishkek('2026-11-24T15:30:00')), checkins.sweep(bishkek('2026-11-24T15:30:00'))]);
      // 20 (never sent: expired), 21–23 (sent, unanswered), 24 and 25 (written by the last sweeps)
      expect((await t.db.query(`SELECT count(*)::int AS n FROM checkin WHERE case_id = $1`, [c.id])).rows[0].n).toBe(6);
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM message WHERE source_type = 'checkin' AND source_id IN (SELECT id FROM checkin WHERE case_id = $1)`,
            [c.id],
          )
        ).rows[0].n,
      ).toBe(6);
      expect(
        (await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'tb_checkin_concern' AND data->>'caseId' = $1`, [c.id])).rows[0].n,
      ).toBe(1);
    });
  });

  describe('self-reported monitoring', () => {
    const closeCase = async (returneeId: string) => {
      const c = await t.given.caseFile({ returneeId, officeId: office.id, status: 'pending_closure', assigneeId: cw1.id });
      const res = await t.http.put(`/api/cases/${c.id}`).set(bearer(sup)).send({ version: 1, status: 'closed', closureReason: 'Трудоустроен' });
      expect(res.status).toBe(200);
      const { rows } = await t.db.query(`SELECT id, kind, due_at FROM follow_up WHERE case_id = $1 ORDER BY due_at`, [c.id]);
      return { caseId: c.id, followUps: rows as Array<{ id: string; kind: string; due_at: Date }> };
    };
    // answers the short form question by question: each answer is recorded and the next question sent at once
    const answerAll = async (r: { id: string; phone: string }, followUpId: string, digits: string[], from: Date) => {
      let when = from;
      for (const d of digits) {
        const q = (await messagesOf(r.id, `kind IN ('monitoring', 'system') AND status = 'queued' AND source_id = '${followUpId}'`))[0];
        expect(q).toBeDefined();
        at(when);
        await relay(q.id);
        when = new Date(when.getTime() + 60_000);
        expect((await reply(r.phone, d, when)).outcome).toBe('handled');
      }
    };

    it('should ask the short form at each monitoring follow-up and close it when every answer is good', async () => {
      at(bishkek('2026-12-01T11:00:00'));
      const r = await person(office.id, ['ru']);
      const { followUps } = await closeCase(r.id);
      expect(followUps.map((f) => f.kind)).toEqual(['monitoring_1m', 'monitoring_3m', 'monitoring_6m', 'monitoring_12m']);
      const queued = await messagesOf(r.id);
      expect(queued.map((m) => [m.kind, m.templateKey, m.sourceType, m.fireAt.toISOString()])).toEqual(
        followUps.map((f) => ['monitoring', 'monitoring.start', 'monitoring', f.due_at.toISOString()]),
      );
      expect(queued[0].text).toContain('Здравствуйте! Это офис «Ош шаардык».');
      expect(queued[0].text).toContain('1 – Постоянная зарплата или собственное дело');

      const oneMonth = followUps[0];
      // a wrong number asks the same question again; then regular wage, full time, own home, often calm, no wish to leave
      const q0 = queued[0];
      at(oneMonth.due_at);
      await relay(q0.id);
      await reply(r.phone, '9', new Date(oneMonth.due_at.getTime() + 60_000));
      const again = await messagesOf(r.id, `template_key = 'monitoring.q.income_source'`);
      expect(again.map((m) => [m.kind, m.status])).toEqual([['system', 'queued']]);
      expect(again[0].text).not.toContain('Здравствуйте');
      await answerAll(r, oneMonth.id, ['1', '1', '1', '2', '1'], new Date(oneMonth.due_at.getTime() + 120_000));

      const score = await t.db.query(
        `SELECT occasion, answers, self_reported, recorded_by, survey_version, follow_up_id, economic::float8 AS economic FROM reintegration_score WHERE returnee_id = $1`,
        [r.id],
      );
      expect(score.rows).toEqual([
        {
          occasion: 'monitoring_1m',
          answers: { income_source: 'regular_wage', employment: 'full_time', housing: 'own_home', wellbeing: 'often', remigration_desire: 'no_wish' },
          self_reported: true,
          recorded_by: null,
          survey_version: 'rss-kg-1-short',
          follow_up_id: oneMonth.id,
          economic: 1,
        },
      ]);
      const fu = await t.db.query(`SELECT status, outcome FROM follow_up WHERE id = $1`, [oneMonth.id]);
      expect(fu.rows[0]).toEqual({ status: 'done', outcome: 'Самоотчёт (короткая анкета): все ответы в норме' });
      expect((await messagesOf(r.id, `template_key = 'monitoring.thanks'`)).length).toBe(1);
      // the score is readable through the reintegration API, marked self-reported
      const api = await t.http
        .get('/api/reintegration-scores')
        .query({ filter: JSON.stringify({ returneeId: r.id }) })
        .set(bearer(cw1));
      expect(api.status).toBe(200);
      expect(api.body[0]).toMatchObject({ selfReported: true, recordedBy: null, occasion: 'monitoring_1m' });
    });

    it('should keep the caseworker’s follow-up open with a note when an answer is below the line', async () => {
      at(bishkek('2026-12-01T11:00:00'));
      const r = await person(office.id, ['ky']);
      const { followUps } = await closeCase(r.id);
      const oneMonth = followUps[0];
      // not working and looking for work (below the line), and preparing to leave again
      await answerAll(r, oneMonth.id, ['2', '3', '2', '3', '3'], oneMonth.due_at);
      const fu = await t.db.query(`SELECT status, notes FROM follow_up WHERE id = $1`, [oneMonth.id]);
      expect(fu.rows[0].status).toBe('scheduled');
      expect(fu.rows[0].notes).toContain('Самоотчёт (короткая анкета): нужны внимание и встреча');
      expect(fu.rows[0].notes).toContain('Какова ваша ситуация с работой?');
      expect((await t.db.query(`SELECT count(*)::int AS n FROM reintegration_score WHERE returnee_id = $1 AND self_reported`, [r.id])).rows[0].n).toBe(1);
    });

    it('should cancel the queued questions when the monitoring follow-up is cancelled', async () => {
      at(bishkek('2026-12-01T11:00:00'));
      const r = await person(office.id);
      const { followUps } = await closeCase(r.id);
      const res = await t.http.put(`/api/follow-ups/${followUps[1].id}`).set(bearer(cw1)).send({ version: 1, status: 'cancelled' });
      expect(res.status).toBe(200);
      expect((await messagesOf(r.id, `source_id = '${followUps[1].id}'`)).map((m) => m.status)).toEqual(['cancelled']);
    });

    it('should cancel the waiting question when the monitoring follow-up is missed', async () => {
      at(bishkek('2026-12-01T11:00:00'));
      const r = await person(office.id);
      const { followUps } = await closeCase(r.id);
      const oneMonth = followUps[0];
      await t.app.get(FollowUpService).escalateOverdue(new Date(oneMonth.due_at.getTime() + 10 * 86_400_000));
      expect((await t.db.query(`SELECT status FROM follow_up WHERE id = $1`, [oneMonth.id])).rows[0].status).toBe('missed');
      expect((await messagesOf(r.id, `source_id = '${oneMonth.id}'`)).map((m) => m.status)).toEqual(['cancelled']);
      expect((await messagesOf(r.id, `source_id = '${followUps[1].id}'`)).map((m) => m.status)).toEqual(['queued']);
    });
  });

  describe('report tb-adherence', () => {
    it('should count the check-ins asked and answered yes per patient in the supervisor’s office', async () => {
      // one more patient who answers "yes"
      at(bishkek('2026-12-04T12:00:00'));
      const r = await person(office.id, ['ru']);
      const c = await tbCase(r.id, office.id, cw1.id);
      expect((await t.http.put(`/api/cases/${c.id}/checkin-schedule`).set(bearer(cw1)).send({ frequency: 'daily', localTime: '10:00' })).status).toBe(200);
      const [q] = await messagesOf(r.id);
      at(bishkek('2026-12-05T10:00:00'));
      await relay(q.id);
      await reply(r.phone, '1', bishkek('2026-12-05T10:02:00'));

      at(bishkek('2026-12-06T12:00:00'));
      const res = await t.http.get('/api/reports/tb-adherence').query({ from: '2026-12-01', to: '2026-12-31' }).set(bearer(sup));
      expect(res.status).toBe(200);
      expect(res.body.columns.map((col: Body) => col.key)).toEqual(['patients', 'checkins', 'answeredYes', 'adherence', 'escalated']);
      // the questions sent: two "no" (case 1), one "side effects" and three unanswered (case 2), one "side effects" on
      // Telegram, one "yes"; questions still queued, and the weekly case stopped before its first question, do not count
      expect(res.body.rows).toEqual([{ patients: 4, checkins: 8, answeredYes: 1, adherence: 0.125, escalated: 3 }]);
      const external = await t.http.get('/api/reports/tb-adherence').query({ from: '2026-12-01', to: '2026-12-31', share: 'external' }).set(bearer(sup));
      expect(external.body.rows).toEqual([{ patients: '<5', checkins: '<5', answeredYes: '<5', adherence: '<5', escalated: '<5' }]);
    });
  });
});
