import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { defaultConsoleDist } from '../../apps/api/src/app.factory';
import { Given } from './test-app';

// Debian's Chromium driven by playwright-core (no downloaded browsers), with the flags this machine needs.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Browser = { context: BrowserContext; page: Page; close(): Promise<void> };

// The built console must exist (npm test builds it when stale) and Chromium must be installed.
export function requireConsoleAndChromium(): string {
  const dist = defaultConsoleDist();
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`console build missing at ${dist}: run npm run build:console`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  return dist;
}

// Starts listening on a free local port and answers the base URL the browser opens.
export async function listenLocally(app: { listen(port: number, host: string): Promise<unknown>; getHttpServer(): { address(): unknown } }): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

// A fresh profile (--user-data-dir) per run, in Russian and Bishkek time like the offices using it.
export async function launchBrowser(): Promise<Browser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'kaytuu-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'ru-RU',
    timezoneId: 'Asia/Bishkek',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

// Signs in through the login form, after dropping any session kept in localStorage by an earlier user.
export async function signIn(page: Page, base: string, user: { email: string; password?: string }, expectText: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.evaluate('localStorage.clear()');
  // a full load, so nothing of the previous user's session stays in the page's memory
  await page.goto(`${base}/#/login`);
  await page.reload();
  await page.locator('input[name="username"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password ?? Given.PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page
    .getByText(expectText)
    .first()
    .waitFor()
    .catch(async (err: unknown) => {
      await page.screenshot({ path: join(tmpdir(), 'kaytuu-signin-failed.png') });
      throw err;
    });
}

// react-admin's MUI selects: a hidden input carries the name; the visible combobox next to it opens the options.
export async function choose(page: Page, name: string, value: string): Promise<void> {
  await page.locator(`input[name="${name}"]`).locator('xpath=..').locator('[role="combobox"]').click();
  await page.locator(`li[role="option"][data-value="${value}"]`).click();
  await page.locator(`input[name="${name}"][value="${value}"]`).waitFor({ state: 'attached' });
}
