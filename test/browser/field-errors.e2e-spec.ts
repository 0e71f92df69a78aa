import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';

// A page form (react-admin Edit through the httpClient) in Russian: the API's refusal of a too common password and a
// too long name shows under each input in Russian, by the field codes, with the limit the API named — no English.
describe('browser: server field errors in the user’s language', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let admin: GivenUser;
  let caseworker: GivenUser;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — городской отдел', oblast: 'osh', district: 'Ош' });
    admin = await t.given.user('admin', { fullName: 'Айжан Мамытова' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Бакыт Осмонов' });
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, base, admin, 'Айжан Мамытова');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should show a too common password and a too long name in Russian under their inputs on the user form', async () => {
    await page.goto(`${base}/#/users/${caseworker.id}`);
    const name = page.locator('input[name="fullName"]');
    await name.waitFor();
    await name.fill('Б'.repeat(201));
    await page.locator('input[name="password"]').fill('qwerty123456');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Этот пароль слишком распространён; выберите другой.').waitFor();
    await page.getByText('Слишком длинно: максимальная длина — 200.').waitFor();
    for (const english of ['too common', 'shorter than', 'Check this value']) await expect(page.getByText(english).count()).resolves.toBe(0);
    const { rows } = await t.db.query(`SELECT full_name FROM app_user WHERE id = $1`, [caseworker.id]);
    expect(rows[0].full_name).toBe('Бакыт Осмонов');
  });
});
