import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';

// The Content-Security-Policy set by helmet must not block anything the console, the Swagger UI or bull-board need.
describe('browser: nothing is blocked by the Content-Security-Policy', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let admin: GivenUser;
  const violations: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ consoleDist: requireConsoleAndChromium() });
    base = await listenLocally(t.app);
    admin = await t.given.user('admin', { fullName: 'Айбек Садыков' });
    browser = await launchBrowser();
    page = browser.page;
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => violations.push(`${page.url()}: ${err.message}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should run the console, the Swagger UI and bull-board without a CSP violation', async () => {
    await signIn(page, base, admin, 'Айбек Садыков');
    await page.goto(`${base}/#/users`);
    await page.getByText(admin.email).first().waitFor();

    await page.goto(`${base}/api/docs`);
    await page.locator('.swagger-ui .info .title').getByText('Kaytuu API').waitFor();
    await page.locator('.opblock-tag').first().waitFor();

    await browser.context.addCookies([
      { name: 'kaytuu_board', value: admin.token, domain: '127.0.0.1', path: '/admin/queues', httpOnly: true, sameSite: 'Strict' },
    ]);
    await page.goto(`${base}/admin/queues`);
    await page.getByText('system').first().waitFor();

    expect(violations).toEqual([]);
  }, 90_000);
});
