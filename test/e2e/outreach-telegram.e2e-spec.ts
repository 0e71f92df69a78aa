import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { ChatUser, startTelegramServer, TelegramTestServer } from '../support/telegram-server';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { startTestWorker } from '../support/worker';

jest.setTimeout(120_000);

// The returnee's side on Telegram, against the local Bot API server with the real worker (polling): a caseworker links
// the returnee's Telegram, schedules a visit, and the chat gets the reminder (made due at once: the evening-before time
// is the messaging rules' to hold); at a monitoring follow-up the short form arrives with answer buttons, and pressing
// them answers it to a self-reported score.
describe('outreach on Telegram', () => {
  let tg: TelegramTestServer;
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let cw: GivenUser;
  let sup: GivenUser;
  let officeId: string;
  let chatSeq = 900_000_000 + Math.floor(Math.random() * 1_000_000);

  beforeAll(async () => {
    tg = await startTelegramServer();
    t = await createTestApp({
      env: {
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_BOT_USERNAME: tg.username,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_MODE: 'polling',
        QUEUE_PREFIX: `kt_out_${randomBytes(4).toString('hex')}`,
        RELAY_INTERVAL_MS: '200',
        MESSAGES_DAILY_CAP: '100',
      },
    });
    officeId = (await t.given.office({ name: 'Нарын' })).id;
    cw = await t.given.user('caseworker', { officeId });
    sup = await t.given.user('supervisor', { officeId });
    worker = await startTestWorker(t);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await tg?.close();
  });

  // linked through the bot's deep link, with contact_by_telegram
  async function linked(): Promise<{ returneeId: string; chat: ChatUser }> {
    const returneeId = (await t.given.returnee({ officeId })).id;
    await t.db.query(`UPDATE returnee SET languages = '{ru}' WHERE id = $1`, [returneeId]);
    const chat: ChatUser = { chatId: ++chatSeq, languageCode: 'ru' };
    const link = await t.http.post(`/api/returnees/${returneeId}/telegram-link`).set(bearer(cw));
    expect(link.status).toBe(201);
    tg.queueUpdate(tg.textUpdate(chat, `/start ${new URL(link.body.url).searchParams.get('start')}`));
    await waitFor(
      async () => (await t.db.query(`SELECT 1 FROM message_contact WHERE returnee_id = $1 AND telegram_chat_hmac IS NOT NULL`, [returneeId])).rowCount === 1,
    );
    const consent = await t.http
      .post('/api/consents')
      .set(bearer(cw))
      .send({ returneeId, scope: ['data_processing', 'contact_by_telegram'], givenAt: new Date(Date.now() - 60_000).toISOString() });
    expect(consent.status).toBe(201);
    return { returneeId, chat };
  }
  const sentTo = (chat: ChatUser) =>
    tg
      .callsOf('sendMessage')
      .filter((c) => c.status === 200 && String(c.body.chat_id) === String(chat.chatId) && !/^Telegram подключён/.test(String(c.body.text)));
  const dueNow = (where: string, params: unknown[]) => t.db.query(`UPDATE message SET fire_at = now() WHERE status = 'queued' AND ${where}`, params);

  it('should bring the visit reminder to the linked chat', async () => {
    const { returneeId, chat } = await linked();
    const c = await t.given.caseFile({ returneeId, officeId, status: 'in_progress', assigneeId: cw.id });
    const dueAt = new Date(Date.now() + 3 * 86_400_000);
    const res = await t.http.post('/api/follow-ups').set(bearer(cw)).send({ caseId: c.id, kind: 'visit', dueAt: dueAt.toISOString() });
    expect(res.status).toBe(201);
    await dueNow(`source_id = $1 AND template_key = 'appointment_reminder.evening'`, [res.body.id]);
    const call = await waitFor(() => sentTo(chat)[0], 30_000);
    expect(call.body.text).toMatch(/^Напоминаем: завтра, \d\d\.\d\d, в \d\d:\d\d у вас встреча\. Место: Нарын\.$/);
    expect(sentTo(chat)).toHaveLength(1);
  });

  it('should ask the short form with buttons and take the presses as the answers', async () => {
    const { returneeId, chat } = await linked();
    const c = await t.given.caseFile({ returneeId, officeId, status: 'pending_closure', assigneeId: cw.id });
    const closed = await t.http.put(`/api/cases/${c.id}`).set(bearer(sup)).send({ version: 1, status: 'closed', closureReason: 'Трудоустроен' });
    expect(closed.status).toBe(200);
    const { rows } = await t.db.query(`SELECT id FROM follow_up WHERE case_id = $1 AND kind = 'monitoring_1m'`, [c.id]);
    const followUpId = rows[0].id as string;
    // five questions: each press brings the next one (made due at once: at night quiet hours would hold it)
    for (let i = 0; i < 5; i++) {
      await waitFor(async () => (await dueNow(`source_id = $1`, [followUpId])).rowCount === 1 || sentTo(chat).length > i);
      const question = await waitFor(() => sentTo(chat)[i], 30_000);
      const buttons = (question.body.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard.flat();
      expect(buttons[0]).toMatchObject({ callback_data: '1' });
      if (i === 0) expect(buttons[0].text).toBe('Постоянная зарплата или собственное дело');
      // a person answers after the message is recorded as sent (the relay records it right after Telegram's answer)
      await waitFor(
        async () => (await t.db.query(`SELECT 1 FROM message WHERE source_id = $1 AND status IN ('queued', 'sending')`, [followUpId])).rowCount === 0,
      );
      tg.queueUpdate(tg.callbackUpdate(chat, '1'));
    }
    const score = await waitFor(
      async () => (await t.db.query(`SELECT self_reported, survey_version FROM reintegration_score WHERE follow_up_id = $1`, [followUpId])).rows[0],
      30_000,
    );
    expect(score).toEqual({ self_reported: true, survey_version: 'rss-kg-1-short' });
    expect((await t.db.query(`SELECT status FROM follow_up WHERE id = $1`, [followUpId])).rows[0].status).toBe('done');
  });
});
