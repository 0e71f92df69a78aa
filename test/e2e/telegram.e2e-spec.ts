import { randomBytes } from 'node:crypto';
import { ChatUser, startTelegramServer, TelegramTestServer, Update } from '../support/telegram-server';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

// The Telegram bot through the API (webhook mode) against the local Bot API server: linking a chat with a one-time
// code, the webhook's secrets, inbound texts and button presses handed to MessagingService.receive, STOP, and the
// contact settings. README "Reaching the returnee: Telegram".
const SECRET = `tg-${randomBytes(18).toString('base64url')}`;

describe('Telegram bot (webhook)', () => {
  let tg: TelegramTestServer;
  let t: TestApp;
  let caseworker: GivenUser;
  let officeId: string;
  let chatSeq = 900_000_000 + Math.floor(Math.random() * 1_000_000);
  const newChat = (languageCode = 'ru'): ChatUser => ({ chatId: ++chatSeq, languageCode });

  beforeAll(async () => {
    tg = await startTelegramServer();
    t = await createTestApp({
      env: {
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_BOT_USERNAME: tg.username,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_MODE: 'webhook',
      },
    });
    officeId = (await t.given.office()).id;
    caseworker = await t.given.user('caseworker', { officeId });
  });
  afterAll(async () => {
    await t.close();
    await tg.close();
  });

  const hook = (update: Update, o: { secret?: string; header?: string | null } = {}) => {
    const r = t.http.post(`/api/telegram/webhook/${o.secret ?? SECRET}`);
    const header = o.header === undefined ? SECRET : o.header;
    return (header === null ? r : r.set('X-Telegram-Bot-Api-Secret-Token', header)).send(update);
  };
  const returnee = async (languages: string[] = ['ky', 'ru']) => {
    const r = await t.given.returnee({ officeId, phone: '+996555123456' });
    await t.db.query(`UPDATE returnee SET languages = $2 WHERE id = $1`, [r.id, languages]);
    return r.id;
  };
  const link = async (returneeId: string) => {
    const res = await t.http.post(`/api/returnees/${returneeId}/telegram-link`).set(bearer(caseworker));
    expect(res.status).toBe(201);
    return { ...res.body, code: new URL(res.body.url).searchParams.get('start') as string };
  };
  const lastReplyTo = (chat: ChatUser) =>
    tg
      .callsOf('sendMessage')
      .filter((c) => String(c.body.chat_id) === String(chat.chatId))
      .at(-1)?.body.text;
  const contactRow = async (returneeId: string) =>
    (
      await t.db.query(
        `SELECT telegram_chat_id_enc, telegram_chat_hmac, preferred_channel, opted_out_at, opted_out_channel FROM message_contact WHERE returnee_id = $1`,
        [returneeId],
      )
    ).rows[0];
  const inbound = async (returneeId: string) =>
    (await t.db.query(`SELECT body_enc, status, provider_id FROM message WHERE returnee_id = $1 AND direction = 'in' ORDER BY created_at`, [returneeId])).rows;

  async function linked(languages?: string[]): Promise<{ returneeId: string; chat: ChatUser }> {
    const returneeId = await returnee(languages);
    const chat = newChat();
    const { code } = await link(returneeId);
    expect((await hook(tg.textUpdate(chat, `/start ${code}`))).status).toBe(200);
    return { returneeId, chat };
  }

  describe('linking', () => {
    it('should link the chat that opens a fresh code, store neither the code nor the chat id in clear, and answer in the returnee’s language', async () => {
      const returneeId = await returnee(['ky']);
      const made = await link(returneeId);
      expect(made.url).toMatch(new RegExp(`^https://t\\.me/${tg.username}\\?start=[A-Za-z0-9_-]{20,64}$`));
      const ttl = new Date(made.expiresAt).getTime() - Date.now();
      expect(ttl).toBeGreaterThan(14 * 60_000);
      expect(ttl).toBeLessThanOrEqual(15 * 60_000);
      expect(made.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      const codes = (await t.db.query(`SELECT code_hmac, used_at FROM telegram_link_code WHERE returnee_id = $1`, [returneeId])).rows;
      expect(codes).toHaveLength(1);
      expect(codes[0].code_hmac).not.toContain(made.code);
      const audit = await t.db.query(`SELECT action, diff FROM audit_log WHERE entity = 'telegram_link_code' AND diff->>'returneeId' = $1`, [returneeId]);
      expect(audit.rows).toHaveLength(1);
      expect(JSON.stringify(audit.rows)).not.toContain(made.code);

      const chat = newChat('en');
      expect((await hook(tg.textUpdate(chat, `/start ${made.code}`))).status).toBe(200);
      const row = await contactRow(returneeId);
      expect(row.telegram_chat_hmac).toMatch(/^[0-9a-f]{64}$/);
      expect(row.telegram_chat_id_enc).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain(String(chat.chatId));
      expect(row.preferred_channel).toBe('telegram');
      // the returnee speaks Kyrgyz: the bot answers in Kyrgyz, whatever Telegram's own language
      expect(lastReplyTo(chat)).toMatch(/^Telegram Kaytuu менен байланышты/);
      expect((await t.db.query(`SELECT used_at FROM telegram_link_code WHERE returnee_id = $1`, [returneeId])).rows[0].used_at).not.toBeNull();
      // linking gives no consent: none recorded
      expect((await t.db.query(`SELECT count(*)::int AS n FROM consent WHERE returnee_id = $1`, [returneeId])).rows[0].n).toBe(0);

      const contact = await t.http.get(`/api/returnees/${returneeId}/contact`).set(bearer(caseworker));
      expect(contact.status).toBe(200);
      expect(contact.body).toMatchObject({ returneeId, telegramLinked: true, preferredChannel: 'telegram', optedOut: false, telegramAvailable: true });
      expect(JSON.stringify(contact.body)).not.toContain(String(chat.chatId));
    });

    it('should refuse a code used already (another chat) with a clear answer, and say "linked" again to the same chat’s retry', async () => {
      const returneeId = await returnee(['ru']);
      const { code } = await link(returneeId);
      const first = newChat();
      const update = tg.textUpdate(first, `/start ${code}`);
      expect((await hook(update)).status).toBe(200);
      const before = await contactRow(returneeId);

      const second = newChat('ky');
      expect((await hook(tg.textUpdate(second, `/start ${code}`))).status).toBe(200);
      expect(lastReplyTo(second)).toBe('Эта ссылка уже использована. Попросите у специалиста новую.');
      expect(await contactRow(returneeId)).toEqual(before);

      // Telegram delivering the same update again (our 200 was lost)
      expect((await hook(update)).status).toBe(200);
      expect(lastReplyTo(first)).toMatch(/^Telegram подключён к Kaytuu/);
      expect(await contactRow(returneeId)).toEqual(before);
    });

    it('should refuse an expired code and an unknown one, linking nothing', async () => {
      const returneeId = await returnee(['ru']);
      const { code } = await link(returneeId);
      await t.db.query(`UPDATE telegram_link_code SET expires_at = now() - interval '1 second' WHERE returnee_id = $1`, [returneeId]);
      const chat = newChat();
      expect((await hook(tg.textUpdate(chat, `/start ${code}`))).status).toBe(200);
      expect(lastReplyTo(chat)).toBe('Срок действия ссылки истёк (она действует 15 минут). Попросите у специалиста новую.');
      expect(await contactRow(returneeId)).toBeUndefined();

      const stranger = newChat('en');
      expect((await hook(tg.textUpdate(stranger, '/start AAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(200);
      expect(lastReplyTo(stranger)).toBe('This link is not valid. Ask your caseworker for a new one.');
      expect((await hook(tg.textUpdate(stranger, '/start'))).status).toBe(200);
      expect(lastReplyTo(stranger)).toMatch(/^Hello! This is the Kaytuu bot/);
    });

    it('should end an older open code when a new one is made', async () => {
      const returneeId = await returnee(['ru']);
      const older = await link(returneeId);
      await link(returneeId);
      const chat = newChat();
      await hook(tg.textUpdate(chat, `/start ${older.code}`));
      expect(lastReplyTo(chat)).toMatch(/^Срок действия ссылки истёк/);
      expect(await contactRow(returneeId)).toBeUndefined();
    });

    it('should move a chat linked to someone else to the returnee whose code it opens', async () => {
      const a = await linked(['ru']);
      const chatHmac = (await contactRow(a.returneeId)).telegram_chat_hmac;
      const b = await returnee(['ru']);
      const { code } = await link(b);
      await hook(tg.textUpdate(a.chat, `/start ${code}`));
      expect((await contactRow(b)).telegram_chat_hmac).toBe(chatHmac);
      expect(await contactRow(a.returneeId)).toMatchObject({ telegram_chat_hmac: null, telegram_chat_id_enc: null, preferred_channel: null });
    });
  });

  describe('the webhook’s secrets', () => {
    it('should answer 404 to a wrong path secret and 401 to a missing or wrong header, recording and answering nothing', async () => {
      const { chat } = await linked();
      const counts = async () =>
        (
          await t.db.query(
            `SELECT (SELECT count(*) FROM message)::int AS m, (SELECT count(*) FROM audit_log)::int AS a, (SELECT count(*) FROM telegram_link_code WHERE used_at IS NOT NULL)::int AS u`,
          )
        ).rows[0];
      const before = await counts();
      const calls = tg.calls.length;
      const wrongPath = await hook(tg.textUpdate(chat, 'СТОП'), { secret: `${SECRET}x` });
      expect(wrongPath.status).toBe(404);
      expect(wrongPath.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      const noHeader = await hook(tg.textUpdate(chat, 'СТОП'), { header: null });
      expect(noHeader.status).toBe(401);
      expect(noHeader.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect((await hook(tg.textUpdate(chat, 'СТОП'), { header: SECRET.slice(0, -1) })).status).toBe(401);
      expect((await hook({ update_id: 1, message: { chat: 'x' } } as unknown as Update)).status).toBe(400);
      expect(await counts()).toEqual(before);
      expect(tg.calls.length).toBe(calls);
    });
    it('should take a burst of Telegram retries without throttling them into failures', async () => {
      const stranger = newChat();
      const statuses = await Promise.all(Array.from({ length: 120 }, (_, i) => hook(tg.textUpdate(stranger, `повтор ${i}`)).then((r) => r.status)));
      expect(new Set(statuses)).toEqual(new Set([200]));
    });
  });

  describe('inbound', () => {
    it('should hand a text to receive() once, even when Telegram retransmits it, and drop a stranger’s', async () => {
      const { returneeId, chat } = await linked();
      const update = tg.textUpdate(chat, 'Здравствуйте, когда приём?');
      expect((await hook(update)).status).toBe(200);
      expect((await hook(update)).status).toBe(200);
      const rows = await inbound(returneeId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'received', provider_id: `update:${update.update_id}` });
      expect(rows[0].body_enc).toMatch(/^v1\./);
      expect(rows[0].body_enc).not.toContain('приём');

      const before = (await t.db.query(`SELECT count(*)::int AS n FROM message`)).rows[0].n;
      expect((await hook(tg.textUpdate(newChat(), 'Кто это?'))).status).toBe(200);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM message`)).rows[0].n).toBe(before);
    });

    it('should hand a button press to receive(), stop its spinner and take the buttons away', async () => {
      const { returneeId, chat } = await linked();
      const update = tg.callbackUpdate(chat, 'checkin:yes', 4242);
      expect((await hook(update)).status).toBe(200);
      expect(await inbound(returneeId)).toEqual([expect.objectContaining({ provider_id: `update:${update.update_id}`, status: 'received' })]);
      const q = update.callback_query as { id: string };
      expect(tg.callsOf('answerCallbackQuery').at(-1)?.body).toMatchObject({ callback_query_id: q.id });
      expect(tg.callsOf('editMessageReplyMarkup').at(-1)?.body).toMatchObject({
        chat_id: String(chat.chatId),
        message_id: 4242,
        reply_markup: { inline_keyboard: [] },
      });
    });

    it('should opt the returnee out on /stop or ТОКТОТ over Telegram, confirm once, and back in on БАШТОО', async () => {
      const { returneeId, chat } = await linked(['ky']);
      const consent = await t.http
        .post('/api/consents')
        .set(bearer(caseworker))
        .send({ returneeId, scope: ['contact_by_telegram'], givenAt: new Date(Date.now() - 60_000).toISOString() });
      expect(consent.status).toBe(201);
      // Telegram's own /stop command opts out too
      expect((await hook(tg.textUpdate(chat, '/stop'))).status).toBe(200);
      // already opted out: not confirmed again
      expect((await hook(tg.textUpdate(chat, 'токтот'))).status).toBe(200);
      expect(await contactRow(returneeId)).toMatchObject({ opted_out_channel: 'telegram', opted_out_at: expect.any(Date) });
      const confirmations = await t.db.query(`SELECT channel, status FROM message WHERE returnee_id = $1 AND direction = 'out' AND kind = 'system'`, [
        returneeId,
      ]);
      expect(confirmations.rows).toEqual([{ channel: 'telegram', status: 'queued' }]);
      const contact = await t.http.get(`/api/returnees/${returneeId}/contact`).set(bearer(caseworker));
      expect(contact.body).toMatchObject({ optedOut: true, optedOutChannel: 'telegram', optedOutAt: expect.any(String) });
      // the caseworker cannot lift it: only the returnee, with START
      const put = await t.http.put(`/api/returnees/${returneeId}/contact`).set(bearer(caseworker)).send({ optedOut: false });
      expect(put.status).toBe(400);
      expect((await hook(tg.textUpdate(chat, 'Баштоо'))).status).toBe(200);
      expect(await contactRow(returneeId)).toMatchObject({ opted_out_at: null, opted_out_channel: null });
      const system = await t.db.query(`SELECT template_key FROM message WHERE returnee_id = $1 AND direction = 'out' AND kind = 'system' ORDER BY created_at`, [
        returneeId,
      ]);
      expect(system.rows.map((r) => r.template_key)).toEqual(['system.opted_out', 'system.opted_in']);
    });
  });

  describe('contact settings', () => {
    it('should set the preferred channel, refuse Telegram when no chat is linked, and unlink', async () => {
      const { returneeId } = await linked();
      const put = (body: unknown) =>
        t.http
          .put(`/api/returnees/${returneeId}/contact`)
          .set(bearer(caseworker))
          .send(body as object);
      expect((await put({ preferredChannel: 'sms' })).body).toMatchObject({ preferredChannel: 'sms', telegramLinked: true });
      const unlinked = await put({ telegramLinked: false, preferredChannel: 'telegram' });
      expect(unlinked.status).toBe(422);
      expect(unlinked.body.errors).toHaveProperty('preferredChannel');
      const off = await put({ telegramLinked: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ telegramLinked: false, preferredChannel: 'sms' });
      expect(await contactRow(returneeId)).toMatchObject({ telegram_chat_hmac: null, telegram_chat_id_enc: null });
      expect((await put({ telegramLinked: true })).status).toBe(422);
      for (const bad of [{ preferredChannel: 'email' }, { telegramLinked: 'no' }, { optedOut: false }]) {
        const res = await put(bad);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const audit = await t.db.query(
        `SELECT action, diff FROM audit_log WHERE entity = 'message_contact' AND entity_id = $1 AND action = 'update' AND actor_id = $2`,
        [returneeId, caseworker.id],
      );
      expect(audit.rows.map((r) => r.diff)).toEqual([{ preferredChannel: { from: 'telegram', to: 'sms' } }, { telegramLinked: { from: true, to: false } }]);
    });

    it('should keep another office’s returnee out of reach (404) and refuse NGO staff and admins (403)', async () => {
      const other = await t.given.returnee({ officeId: (await t.given.office()).id });
      expect((await t.http.get(`/api/returnees/${other.id}/contact`).set(bearer(caseworker))).status).toBe(404);
      expect((await t.http.post(`/api/returnees/${other.id}/telegram-link`).set(bearer(caseworker))).status).toBe(404);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM telegram_link_code WHERE returnee_id = $1`, [other.id])).rows[0].n).toBe(0);
      const admin = await t.given.user('admin');
      expect((await t.http.post(`/api/returnees/${other.id}/telegram-link`).set(bearer(admin))).status).toBe(403);
    });
  });
});
