import { randomBytes } from 'node:crypto';
import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { AAD } from '../../libs/shared/src/crypto/field-cipher';
import { testCipher } from '../support/data-keys';
import { startTelegramServer, TelegramTestServer } from '../support/telegram-server';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
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
    await waitFor(async () => (await qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)) || null);
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
    const tb = await t.given.caseFile({
      returneeId: returnee.id,
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
        [returnee.id, officeId, cipher.encrypt('Вы выполнили сегодняшний план?', AAD.messageBody), due, tb.id],
      );
      await t.db.query(
        `INSERT INTO checkin (case_id, returnee_id, office_id, due_at, message_id, answer, answered_at) VALUES ($1, $2, $3, $4, $5, $6::text, CASE WHEN $6::text IS NULL THEN NULL ELSE $4::timestamptz + interval '1 hour' END)`,
        [tb.id, returnee.id, officeId, due, msg.rows[0].id, answer],
      );
    }
    await page.reload();
    await waitFor(async () => (await page.getByTestId('adherence-share').textContent()) === '50 %' || null, 15_000);
    // one line with a mark per check-in asked
    await waitFor(async () => (await page.getByTestId('adherence-chart').locator('.MuiLineChart-line').count()) === 1 || null, 15_000);
    await waitFor(async () => (await page.getByTestId('adherence-chart').locator('.MuiLineChart-mark').count()) === 4 || null, 15_000);
    await waitFor(async () => (await page.getByTestId('checkin-row').count()) >= 4 || null);
  });
});
