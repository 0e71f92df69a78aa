import { CDPSession, Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium } from '../support/browser';
import { createTestApp, Given, GivenUser, TestApp } from '../support/test-app';

type Loaded = { url: string; type: string; status: number; encoding?: string; bytes: number };

// What the login page costs a cold browser (bytes on the wire, as the DevTools protocol counts them), and that the
// catalogs left out of it still arrive when a user picks or comes back to another language.
describe('browser: a light first load', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let base: string;
  let caseworker: GivenUser;
  const loaded: Loaded[] = [];

  beforeAll(async () => {
    t = await createTestApp({ consoleDist: requireConsoleAndChromium() });
    base = await listenLocally(t.app);
    caseworker = await t.given.user('caseworker', { fullName: 'Айгуль Бекова' });
    browser = await launchBrowser();
    page = browser.page;
    cdp = await browser.context.newCDPSession(page);
    const pending = new Map<string, Omit<Loaded, 'bytes'>>();
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      pending.set(e.requestId, { url: e.response.url, type: e.type ?? '', status: e.response.status, encoding: headers['content-encoding'] });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = pending.get(e.requestId);
      if (r) loaded.push({ ...r, bytes: e.encodedDataLength });
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should load the login page with less than 300 KB of compressed JavaScript and nothing missing', async () => {
    await page.goto(`${base}/#/login`);
    await page.locator('input[name="username"]').waitFor();
    await page.waitForLoadState('networkidle');

    const scripts = loaded.filter((r) => r.type === 'Script');
    const bytes = scripts.reduce((sum, r) => sum + r.bytes, 0);
    console.log(`login page: ${scripts.length} scripts, ${(bytes / 1000).toFixed(1)} kB transferred`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(300_000);
    // brotli (Chromium asks for it), never the plain file, but for a few bytes of glue left uncompressed at build
    expect(scripts.filter((r) => r.encoding !== 'br' && r.bytes > 2000).map((r) => r.url)).toEqual([]);
    // no 404 (favicon included) and the manifest linked
    expect(loaded.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`)).toEqual([]);
    expect(await page.evaluate(() => fetch('/favicon.ico').then((r) => r.status))).toBe(200);
    const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(await page.evaluate((href) => fetch(href as string).then((r) => r.status), manifest)).toBe(200);
  }, 60_000);

  it('should fetch the Kyrgyz catalog when chosen, and again on the next visit', async () => {
    await page.locator('input[name="username"]').fill(caseworker.email);
    await page.locator('input[name="password"]').fill(Given.PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.getByText('Айгуль Бекова').first().waitFor();
    expect(loaded.some((r) => /\/assets\/ky-[^/]+\.js$/.test(r.url))).toBe(false);

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('menuitem', { name: 'Кыргызча' }).click();
    await page.getByText('Кайткан адамдар').first().waitFor();
    expect(loaded.some((r) => /\/assets\/ky-[^/]+\.js$/.test(r.url))).toBe(true);

    await page.reload();
    await page.getByText('Кайткан адамдар').first().waitFor();
    await page.getByText('Башкы бет').first().waitFor();
  }, 60_000);
});
