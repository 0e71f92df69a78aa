import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingService } from '@kaytuu/messaging';
import { ChatUser, startTelegramServer, TelegramTestServer } from '../support/telegram-server';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { startTestWorker } from '../support/worker';

jest.setTimeout(120_000);

// The Telegram bot's worker side against the local Bot API server, on both queue backends: the messages relay sending
// through Telegram (inline keyboard; 429 retry_after and 5xx), long polling (linking and inbound through getUpdates, the
// offset kept across a restart) and the webhook's registration. README "Reaching the
// returnee: Telegram".
describe.each(['postgres', 'redis'] as const)('Telegram bot in the worker on the %s backend', (queue) => {
  let tg: TelegramTestServer;
  let caseworker: GivenUser;
  let officeId: string;
  let chatSeq = 800_000_000 + Math.floor(Math.random() * 1_000_000);
  const newChat = (): ChatUser => ({ chatId: ++chatSeq, languageCode: 'ru' });

  beforeAll(async () => {
    tg = await startTelegramServer();
  });
  afterAll(() => tg.close());

  const botEnv = (mode: 'polling' | 'webhook', secret?: string) => ({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_BOT_USERNAME: tg.username,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_MODE: mode,
    ...(secret ? { TELEGRAM_WEBHOOK_SECRET: secret } : {}),
    QUEUE_PREFIX: `kt_tg_${randomBytes(4).toString('hex')}`,
  });

  async function staff(t: TestApp) {
    officeId = (await t.given.office()).id;
    caseworker = await t.given.user('caseworker', { officeId });
  }
  const linkCode = async (t: TestApp, returneeId: string) => {
    const res = await t.http.post(`/api/returnees/${returneeId}/telegram-link`).set(bearer(caseworker));
    expect(res.status).toBe(201);
    return new URL(res.body.url).searchParams.get('start') as string;
  };
  const inbound = async (t: TestApp, returneeId: string) =>
    (await t.db.query(`SELECT provider_id FROM message WHERE returnee_id = $1 AND direction = 'in' ORDER BY created_at`, [returneeId])).rows.map(
      (r) => r.provider_id,
    );

  describe('relay', () => {
    let t: TestApp;
    let worker: INestApplicationContext | null = null;

    beforeAll(async () => {
      t = await createTestApp({ queue, env: { ...botEnv('polling'), RELAY_INTERVAL_MS: '200', STALE_ENQUEUED_SECONDS: '1' } });
      await staff(t);
      worker = await startTestWorker(t);
    });
    afterAll(async () => {
      await worker?.close();
      await t.close();
    });

    // a returnee linked through the bot, with contact_by_telegram (and share_health: the check-in may name TB)
    async function reachable(): Promise<{ returneeId: string; chat: ChatUser }> {
      const returneeId = (await t.given.returnee({ officeId })).id;
      await t.db.query(`UPDATE returnee SET languages = '{ru}' WHERE id = $1`, [returneeId]);
      const chat = newChat();
      tg.queueUpdate(tg.textUpdate(chat, `/start ${await linkCode(t, returneeId)}`));
      await waitFor(
        async () => (await t.db.query(`SELECT 1 FROM message_contact WHERE returnee_id = $1 AND telegram_chat_hmac IS NOT NULL`, [returneeId])).rowCount === 1,
      );
      const consent = await t.http
        .post('/api/consents')
        .set(bearer(caseworker))
        .send({ returneeId, scope: ['contact_by_telegram', 'share_health'], givenAt: new Date(Date.now() - 60_000).toISOString() });
      expect(consent.status).toBe(201);
      return { returneeId, chat };
    }
    // the check-in question, due now (quiet hours would hold it until 09:00 Asia/Bishkek)
    async function checkin(returneeId: string): Promise<string> {
      const messaging = t.app.get(MessagingService);
      const id = await t.app
        .get(DataSource)
        .transaction((m) => messaging.enqueue(m, { returneeId, officeId, kind: 'tb_checkin', templateKey: 'tb_checkin.ask', channel: 'telegram' }));
      expect(id).toEqual(expect.any(String));
      await t.db.query(`UPDATE message SET fire_at = now() WHERE id = $1`, [id]);
      return id as string;
    }
    const row = async (id: string) => (await t.db.query(`SELECT status, attempts, provider_id, segments, last_error FROM message WHERE id = $1`, [id])).rows[0];
    const sendsTo = (chat: ChatUser) =>
      tg.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === String(chat.chatId) && !/^Telegram подключён/.test(String(c.body.text)));

    it('should send a queued message to the chat with its answer buttons and record the Telegram message id', async () => {
      const { returneeId, chat } = await reachable();
      const id = await checkin(returneeId);
      await waitFor(async () => (await row(id)).status === 'sent');
      const [call] = sendsTo(chat);
      expect(sendsTo(chat)).toHaveLength(1);
      expect(call.body.text).toBe('Вы сегодня приняли лекарство от туберкулёза? Ответьте: 1 – да, 2 – нет, 3 – есть побочные эффекты.');
      const buttons = (call.body.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard.flat();
      expect(buttons).toEqual([
        { text: 'Да', callback_data: '1' },
        { text: 'Нет', callback_data: '2' },
        { text: 'Есть вопрос', callback_data: '3' },
      ]);
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, segments: 1, provider_id: expect.stringMatching(/^\d+$/) });
    });

    it('should show the Telegram channel up in /api/health, as the worker reports it', async () => {
      const health = await waitFor(async () => {
        const res = await t.http.get('/api/health');
        return res.body.channels?.telegram?.up === true && res.body.channels;
      }, 45_000);
      expect(health.telegram.detail).toContain(`@${tg.username}`);
      expect(JSON.stringify(health)).not.toContain(tg.token);
    });

    it('should wait for retry_after on a 429 and then send once', async () => {
      const { returneeId, chat } = await reachable();
      tg.failNext('sendMessage', { status: 429, retryAfter: 2 });
      const id = await checkin(returneeId);
      await waitFor(async () => (await row(id)).status === 'sent', 60_000);
      const calls = sendsTo(chat);
      expect(calls.map((c) => c.status)).toEqual([429, 200]);
      expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(2000);
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('should retry after a 5xx and send once', async () => {
      const { returneeId, chat } = await reachable();
      tg.failNext('sendMessage', { status: 502 });
      const id = await checkin(returneeId);
      await waitFor(async () => (await row(id)).status === 'sent', 60_000);
      expect(sendsTo(chat).map((c) => c.status)).toEqual([502, 200]);
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('should fail a message for good when the user blocked the bot (403)', async () => {
      const { returneeId, chat } = await reachable();
      tg.failNext('sendMessage', { status: 403 });
      const id = await checkin(returneeId);
      await waitFor(async () => (await row(id)).status === 'failed', 30_000);
      expect(sendsTo(chat).map((c) => c.status)).toEqual([403]);
      expect(await row(id)).toMatchObject({ status: 'failed', last_error: 'telegram_blocked' });
    });
  });

  describe('long polling', () => {
    let t: TestApp;
    let worker: INestApplicationContext | null = null;

    beforeAll(async () => {
      t = await createTestApp({ queue, env: botEnv('polling') });
      await staff(t);
    });
    afterAll(async () => {
      await worker?.close();
      await t.close();
    });

    it('should link and receive through getUpdates, keep the offset across a restart and replay nothing', async () => {
      worker = await startTestWorker(t);
      const returneeId = (await t.given.returnee({ officeId })).id;
      const chat = newChat();
      tg.queueUpdate(tg.textUpdate(chat, `/start ${await linkCode(t, returneeId)}`));
      const hello = tg.textUpdate(chat, 'Салам, бул мен');
      tg.queueUpdate(hello);
      await waitFor(async () => (await inbound(t, returneeId)).length === 1);
      expect(await inbound(t, returneeId)).toEqual([`update:${hello.update_id}`]);
      expect(tg.callsOf('deleteWebhook').length).toBeGreaterThanOrEqual(1);
      expect(tg.callsOf('sendMessage').some((c) => String(c.body.chat_id) === String(chat.chatId) && /^Telegram подключён/.test(String(c.body.text)))).toBe(
        true,
      );
      const botId = Number(tg.token.split(':')[0]);
      await waitFor(async () => {
        const { rows } = await t.db.query(`SELECT update_offset FROM telegram_poll_state WHERE bot_id = $1`, [botId]);
        return rows[0] && Number(rows[0].update_offset) === hello.update_id + 1;
      });

      await worker.close();
      worker = null;
      const polls = tg.callsOf('getUpdates').length;
      const later = tg.textUpdate(chat, 'Ещё вопрос');
      tg.queueUpdate(later);
      worker = await startTestWorker(t);
      await waitFor(async () => (await inbound(t, returneeId)).length === 2);
      // the restarted worker asked from the saved offset: the first text was not offered again
      expect(tg.callsOf('getUpdates').slice(polls)[0].body.offset).toBe(hello.update_id + 1);
      expect((await inbound(t, returneeId)).sort()).toEqual([`update:${hello.update_id}`, `update:${later.update_id}`].sort());
    });

    it('should keep polling after the Bot API answers 5xx and 429', async () => {
      const returneeId = (await t.given.returnee({ officeId })).id;
      const chat = newChat();
      const failed = () => tg.callsOf('getUpdates').filter((c) => c.status === 502 || c.status === 429).length;
      const before = failed();
      // the poll now waiting takes the /start; the next two polls are refused
      tg.failNext('getUpdates', { status: 502 }, { status: 429, retryAfter: 1 });
      tg.queueUpdate(tg.textUpdate(chat, `/start ${await linkCode(t, returneeId)}`));
      await waitFor(() => failed() === before + 2, 30_000);
      const text = tg.textUpdate(chat, 'Алло');
      tg.queueUpdate(text);
      await waitFor(async () => (await inbound(t, returneeId)).length === 1, 30_000);
      expect(await inbound(t, returneeId)).toEqual([`update:${text.update_id}`]);
    });
  });

  describe('webhook', () => {
    let t: TestApp;
    let worker: INestApplicationContext | null = null;
    const secret = `wh-${randomBytes(18).toString('base64url')}`;

    afterAll(async () => {
      await worker?.close();
      await t.close();
    });

    it('should register PUBLIC_URL/api/telegram/webhook/<secret> with the secret token, and take the updates Telegram pushes there', async () => {
      t = await createTestApp({ queue, env: botEnv('webhook', secret) });
      await staff(t);
      await t.app.listen(0, '127.0.0.1');
      const publicUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      worker = await startTestWorker(t, { PUBLIC_URL: publicUrl });
      await waitFor(() => tg.webhook()?.url === `${publicUrl}/api/telegram/webhook/${secret}`);
      expect(tg.webhook()?.secretToken).toBe(secret);

      const returneeId = (await t.given.returnee({ officeId })).id;
      const chat = newChat();
      expect(await tg.pushUpdate(tg.textUpdate(chat, `/start ${await linkCode(t, returneeId)}`))).toBe(200);
      const text = tg.textUpdate(chat, 'Рахмат');
      expect(await tg.pushUpdate(text)).toBe(200);
      expect(await inbound(t, returneeId)).toEqual([`update:${text.update_id}`]);
      // getUpdates is refused while a webhook is set (as Telegram does): the worker does not poll in webhook mode
      expect(tg.callsOf('getUpdates').filter((c) => c.status === 409)).toEqual([]);
    });
  });
});
