import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { ChatUser, startTelegramServer, TelegramTestServer } from '../support/telegram-server';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { startTestWorker } from '../support/worker';

jest.setTimeout(120_000);

// The Telegram bot's worker side against the local Bot API server, on both queue backends: long polling (linking and
// inbound through getUpdates, the offset kept across a restart) and the webhook's registration. README "Reaching the
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
