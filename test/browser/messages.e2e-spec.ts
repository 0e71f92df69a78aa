import { randomBytes } from 'node:crypto';
import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { AAD } from '../../libs/shared/src/crypto/field-cipher';
import { isQuietHour } from '../../libs/messaging/src/messaging-rules';
import { testCipher } from '../support/data-keys';
import { startTelegramServer, TelegramTestServer } from '../support/telegram-server';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';
import { waitFor } from '../support/wait';

const SECRET = `tg-${randomBytes(18).toString('base64url')}`;

// Reaching the returnee from the console (issue 18): a caseworker links the returnee's Telegram with the QR dialog
// (the test "scans" it by sending /start <code> to the webhook as Telegram would), records the Telegram contact
// consent, writes a free message that the worker relays to the local Bot API server, and a supervisor reads the
// messages page.
describe('browser: messages', () => {
  let tg: TelegramTestServer;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let returnee: { id: string; code: string };
  let officeId: string;
  let worker: { close(): Promise<void> } | undefined;
  const chat = { chatId: 700_000_000 + Math.floor(Math.random() * 1_000_000), languageCode: 'ru' };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    tg = await startTelegramServer();
    t = await createTestApp({
      consoleDist: dist,
      env: {
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_BOT_USERNAME: tg.username,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_MODE: 'webhook',
      },
    });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — Кара-Суу', oblast: 'osh', district: 'Кара-Суу' });
    officeId = office.id;
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Айдай Токтогулова' });
    returnee = await t.given.returnee({ officeId: office.id, lastName: 'Маматов', firstName: 'Нурлан', phone: '+996700111222' });
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, base, caseworker, 'Айдай Токтогулова');
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await browser?.close();
    await t?.close();
    await tg?.close();
  });

  it('should link the returnee’s Telegram with the QR dialog and offer the Telegram consent', async () => {
    await page.goto(`${base}/#/returnees/${returnee.id}/show/messages`);
    await page.getByTestId('messages-empty').waitFor();
    const contact = page.getByTestId('message-contact');
    await contact.waitFor();
    await expect(contact.getByTestId('contact-telegram-state').getAttribute('data-linked')).resolves.toBe('false');
    // no consent yet: the composer says so and stays closed
    await expect(page.getByTestId('composer-block').getAttribute('data-block')).resolves.toBe('no_consent');
    await expect(page.getByTestId('composer-send').isDisabled()).resolves.toBe(true);

    await contact.getByTestId('link-telegram').click();
    const dialog = page.getByTestId('telegram-link-dialog');
    await dialog.waitFor();
    const qr = dialog.getByTestId('telegram-link-qr');
    await qr.waitFor();
    // the QR code is drawn (the content security policy lets the data: image through)
    await waitFor(
      async () =>
        (await qr.evaluate((img) => (img as unknown as { complete: boolean }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0)) ||
        null,
    );
    const url = (await dialog.getByTestId('telegram-link-url').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^https://t\\.me/${tg.username}\\?start=[A-Za-z0-9_-]{20,64}$`));
    await expect(dialog.getByTestId('telegram-link-expires').textContent()).resolves.toMatch(/^Действует до .+, один раз$/);

    // the returnee scans it: Telegram sends "/start <code>" to the bot's webhook
    const code = new URL(url).searchParams.get('start') as string;
    const hook = await t.http
      .post(`/api/telegram/webhook/${SECRET}`)
      .set('X-Telegram-Bot-Api-Secret-Token', SECRET)
      .send(tg.textUpdate(chat, `/start ${code}`));
    expect(hook.status).toBe(200);
    await dialog.getByTestId('telegram-link-close').click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor(async () => (await contact.getByTestId('contact-telegram-state').getAttribute('data-linked')) === 'true' || null, 15_000);
    // linked but no consent yet: the default channel is Telegram and the composer asks for its consent
    await expect(page.getByTestId('composer-block').getAttribute('data-block')).resolves.toBe('no_consent');

    // the consent dialog offers contact by Telegram
    await contact.getByTestId('contact-consents-link').click();
    await page.getByTestId('record-consent').first().click();
    const consentDialog = page.getByTestId('record-consent-dialog');
    await consentDialog.getByTestId('consent-scope-contact_by_telegram').check();
    await consentDialog.getByText('Связь через Telegram').waitFor();
    await page.getByTestId('consent-save').click();
    await consentDialog.waitFor({ state: 'detached' });
    const { rows } = await t.db.query(`SELECT scope FROM consent WHERE returnee_id = $1 AND withdrawn_at IS NULL`, [returnee.id]);
    expect(rows.map((r: { scope: string[] }) => r.scope)).toEqual([['contact_by_telegram']]);

    await page.goto(`${base}/#/returnees/${returnee.id}/show/messages`);
    await page.getByTestId('contact-consent-telegram').waitFor();
    // the consents list refetches on the way back
    await waitFor(async () => (await page.getByTestId('composer-block').count()) === 0 || null, 15_000);
    await expect(page.getByTestId('composer-send').isDisabled()).resolves.toBe(false);
  });

  it('should set a weekly check-in schedule on a TB case and show its adherence', async () => {
    // a returnee of their own, so the conversation below holds only what that test writes
    const patient = await t.given.returnee({ officeId, lastName: 'Садыков', firstName: 'Улан', phone: '+996700333444' });
    const tb = await t.given.caseFile({
      returneeId: patient.id,
      officeId,
      type: 'health_referral',
      assigneeId: caseworker.id,
      details: { condition: 'tb', urgency: 'routine', facility: 'Кара-Суу ЦСМ', tbTreatmentStage: 'continuation' },
    });
    await page.goto(`${base}/#/cases/${tb.id}/show/checkins`);
    const form = page.getByTestId('checkin-schedule');
    await form.getByTestId('checkin-schedule-none').waitFor();
    await expect(page.getByTestId('adherence-share').textContent()).resolves.toBe('—');
    await page.getByTestId('checkins-empty').waitFor();

    // weekly without a day: the form says so before anything is sent
    await form.getByTestId('checkin-frequency').locator('xpath=..').getByRole('combobox').click();
    await page.getByRole('option', { name: 'Раз в неделю' }).click();
    await form.getByTestId('checkin-time').fill('08:30');
    await form.getByTestId('checkin-schedule-save').click();
    await form.getByText('Обязательное поле').waitFor();
    expect(await t.given.count('checkin_schedule')).toBe(0);

    await form.getByTestId('checkin-weekday').locator('xpath=..').getByRole('combobox').click();
    await page.getByRole('option', { name: 'Среда' }).click();
    await form.getByTestId('checkin-schedule-save').click();
    await form.getByTestId('checkin-schedule-none').waitFor({ state: 'detached' });
    const { rows } = await t.db.query(`SELECT frequency, weekday, local_time, channel, active FROM checkin_schedule WHERE case_id = $1`, [tb.id]);
    expect(rows).toEqual([{ frequency: 'weekly', weekday: 3, local_time: '08:30', channel: null, active: true }]);

    // four weeks asked and answered yes, yes, no and nothing: half taken, drawn as a line over the weeks
    const cipher = testCipher(t.env);
    const answers: Array<string | null> = ['yes', 'yes', 'no', null];
    for (const [i, answer] of answers.entries()) {
      const due = new Date(Date.now() - (answers.length - i) * 7 * 86_400_000);
      const msg = await t.db.query(
        `INSERT INTO message (returnee_id, office_id, channel, direction, kind, template_key, language, body_enc, status, fire_at, created_at, sent_at, segments, source_type, source_id)
         VALUES ($1, $2, 'sms', 'out', 'tb_checkin', 'tb_checkin.ask', 'ru', $3, 'delivered', $4, $4, $4, 2, 'case', $5) RETURNING id`,
        [patient.id, officeId, cipher.encrypt('Вы выполнили сегодняшний план?', AAD.messageBody), due, tb.id],
      );
      await t.db.query(
        `INSERT INTO checkin (case_id, returnee_id, office_id, due_at, message_id, answer, answered_at) VALUES ($1, $2, $3, $4, $5, $6::text, CASE WHEN $6::text IS NULL THEN NULL ELSE $4::timestamptz + interval '1 hour' END)`,
        [tb.id, patient.id, officeId, due, msg.rows[0].id, answer],
      );
    }
    await page.reload();
    await waitFor(async () => (await page.getByTestId('adherence-share').textContent()) === '50 %' || null, 15_000);
    // one line with a mark per check-in asked
    await waitFor(async () => (await page.getByTestId('adherence-chart').locator('.MuiLineChart-line').count()) === 1 || null, 15_000);
    await waitFor(async () => (await page.getByTestId('adherence-chart').locator('.MuiLineChart-mark').count()) === 4 || null, 15_000);
    await waitFor(async () => (await page.getByTestId('checkin-row').count()) >= 4 || null);
  });

  it('should load older messages on demand and send a free message that reaches the returnee’s Telegram', async () => {
    // a week ago: 24 messages (more than one page), delivered by SMS in two parts each
    const cipher = testCipher(t.env);
    const weekAgo = Date.now() - 7 * 86_400_000;
    for (let i = 0; i < 24; i++) {
      const at = new Date(weekAgo + i * 60_000);
      await t.db.query(
        `INSERT INTO message (returnee_id, office_id, channel, direction, kind, language, body_enc, status, fire_at, created_at, sent_at, delivered_at, segments, encoding)
         VALUES ($1, $2, 'sms', 'out', 'free', 'ru', $3, 'delivered', $4, $4, $4, $4, 2, 'ucs2')`,
        [returnee.id, officeId, cipher.encrypt(`Старое сообщение ${i + 1}`, AAD.messageBody), at],
      );
    }
    await page.goto(`${base}/#/returnees/${returnee.id}/show/messages`);
    const bubbles = page.getByTestId('message-bubble');
    await waitFor(async () => (await bubbles.count()) === 20 || null, 15_000);
    // the newest at the bottom, with its status and parts
    await expect(bubbles.last().getByTestId('message-text').textContent()).resolves.toBe('Старое сообщение 24');
    await expect(bubbles.last().getByTestId('message-status').textContent()).resolves.toBe('доставлено');
    await expect(bubbles.last().getByTestId('message-segments').textContent()).resolves.toBe('2 части SMS');
    await page.getByTestId('messages-older').click();
    await waitFor(async () => (await bubbles.count()) === 24 || null, 15_000);
    await expect(bubbles.first().getByTestId('message-text').textContent()).resolves.toBe('Старое сообщение 1');
    await expect(page.getByTestId('messages-older').count()).resolves.toBe(0);

    // a free message by Telegram (linked, consent given): Ctrl+Enter sends it
    const text = `Здравствуйте, Нурлан! Ждём вас в офисе ${randomBytes(3).toString('hex')}.`;
    await page.getByTestId('composer-text').fill(text);
    await page.getByTestId('composer-text').press('Control+Enter');
    await waitFor(async () => (await bubbles.last().getByTestId('message-text').textContent()) === text || null, 15_000);
    // ours name who sent them; the older ones of this test were written by nobody (automatic)
    await expect(bubbles.last().getByTestId('message-sender').textContent()).resolves.toBe('Айдай Токтогулова');
    await expect(bubbles.first().getByTestId('message-sender').textContent()).resolves.toBe('Kaytuu (автоматически)');
    const row = async () =>
      (
        await t.db.query(`SELECT id, channel, kind, status, body_enc, fire_at FROM message WHERE returnee_id = $1 AND kind = 'free' AND channel = 'telegram'`, [
          returnee.id,
        ])
      ).rows;
    const [queued] = await row();
    expect({ channel: queued.channel, kind: queued.kind, text: cipher.decrypt(queued.body_enc, AAD.messageBody) }).toEqual({
      channel: 'telegram',
      kind: 'free',
      text,
    });
    expect(['queued', 'sending', 'sent']).toContain(queued.status);
    await expect(page.getByTestId('composer-text').inputValue()).resolves.toBe('');

    if (isQuietHour(new Date())) {
      // 21:00–09:00 Bishkek: held until the morning, and the bubble says when it goes
      expect(new Date(queued.fire_at).getTime()).toBeGreaterThan(Date.now());
      await expect(bubbles.last().getByTestId('message-status').textContent()).resolves.toBe('в очереди');
      return;
    }
    // the worker relays it to the (test) Telegram and the conversation shows it sent
    worker = await startTestWorker(t);
    const call = await waitFor(() => tg.callsOf('sendMessage').find((c) => c.body.text === text) ?? null, 30_000);
    expect(String(call.body.chat_id)).toBe(String(chat.chatId));
    await waitFor(async () => ((await row())[0].status === 'sent' ? true : null), 15_000);
    await page.reload();
    await waitFor(async () => (await bubbles.last().getByTestId('message-status').textContent()) === 'отправлено' || null, 15_000);
    await expect(bubbles.last().getByTestId('message-segments').count()).resolves.toBe(0);
  });

  it('should fill a message from a template: its placeholders asked for, the text shown as it will read', async () => {
    // a reply of the returnee's: their bubble names them
    await t.db.query(
      `INSERT INTO message (returnee_id, office_id, channel, direction, kind, body_enc, status, fire_at, provider_id)
       VALUES ($1, $2, 'sms', 'in', 'reply', $3, 'received', now(), $4)`,
      [returnee.id, officeId, testCipher(t.env).encrypt('Спасибо, приду', AAD.messageBody), `mo-${randomBytes(4).toString('hex')}`],
    );
    await page.goto(`${base}/#/returnees/${returnee.id}/show/messages`);
    // the page is the one the previous test left (a hash change): load it afresh so the conversation is read again
    // with the reply in it, not shown from react-admin's cache until its next poll
    await page.reload();
    const reply = page.locator('[data-testid="message-bubble"][data-direction="in"]').last();
    await waitFor(async () => ((await reply.count()) ? true : null), 15_000);
    await expect(reply.getByTestId('message-sender').textContent()).resolves.toContain('Нурлан');
    const composer = page.getByTestId('message-composer');
    await composer.getByTestId('composer-template').locator('xpath=..').getByRole('combobox').click();
    await page.getByTestId('composer-template-appointment_reminder.evening').click();
    // the text is the template's, read-only, its placeholders still in braces until filled
    await waitFor(async () => ((await composer.getByTestId('composer-text').inputValue()).includes('{place}') ? true : null), 10_000);
    await expect(composer.getByTestId('composer-text').getAttribute('readonly')).resolves.not.toBeNull();
    // sending with a placeholder empty says which one
    await composer.getByTestId('composer-param-date').fill('12.12.2026');
    await composer.getByTestId('composer-param-time').fill('10:00');
    await composer.getByTestId('composer-send').click();
    await waitFor(async () => ((await composer.getByTestId('composer-param-place').getAttribute('aria-invalid')) === 'true' ? true : null), 10_000);
    await composer.getByTestId('composer-param-place').fill('Токтогула 12');
    const preview = await composer.getByTestId('composer-text').inputValue();
    expect(preview).toBe('Напоминаем: завтра, 12.12.2026, в 10:00 у вас встреча. Место: Токтогула 12.');
    await composer.getByTestId('composer-send').click();
    const cipher = testCipher(t.env);
    const rows = await waitFor(async () => {
      const r = (
        await t.db.query(`SELECT template_key, body_enc FROM message WHERE returnee_id = $1 AND template_key IS NOT NULL AND kind = 'free'`, [returnee.id])
      ).rows;
      return r.length ? r : null;
    }, 15_000);
    expect(rows).toHaveLength(1);
    expect(rows[0].template_key).toBe('appointment_reminder.evening');
    expect(cipher.decrypt(rows[0].body_enc, AAD.messageBody)).toContain('Токтогула 12');
  });

  it('should show a supervisor the messages of the office per day, the failures and their reasons', async () => {
    const supervisor = await t.given.user('supervisor', { officeId, fullName: 'Гулнара Абдыкадырова' });
    const cipher = testCipher(t.env);
    await t.db.query(
      `INSERT INTO message (returnee_id, office_id, channel, direction, kind, language, body_enc, status, fire_at, created_at, attempts, last_error, segments)
       VALUES ($1, $2, 'sms', 'out', 'free', 'ru', $3, 'failed', now(), now(), 3, 'ESME_RINVDSTADR: invalid destination', 1)`,
      [returnee.id, officeId, cipher.encrypt('Не дошло', AAD.messageBody)],
    );
    await signIn(page, base, supervisor, 'Гулнара Абдыкадырова');
    await page.getByTestId('menu-messages').click();
    const summary = page.getByTestId('stats-summary');
    await summary.waitFor();
    await waitFor(async () => Number(await summary.getByTestId('stats-failed').textContent()) >= 1 || null, 15_000);
    await page.getByTestId('stats-by-reason').getByText('ESME_RINVDSTADR: invalid destination').waitFor();
    await page.getByTestId('stats-office-row').first().waitFor();
    const failure = page.getByTestId('message-failure-row');
    await failure.first().waitFor();
    await expect(failure.first().textContent()).resolves.toContain('ESME_RINVDSTADR: invalid destination');
    await expect(failure.first().textContent()).resolves.toContain('Маматов');
  });
});
