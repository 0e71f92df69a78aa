import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { focusInsideDialog } from '../support/walk';

// Without a mouse: a caseworker reaches the returnee list's first row with Tab and opens it with Enter, moves to the
// consents tab with the arrow keys, opens "Record consent" with Enter, cannot Tab out of the dialog, and on Escape is
// back on the button that opened it.
type Active = { className?: unknown; getAttribute(name: string): string | null; innerText?: string };
const activeElement = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: Active | null } }).document.activeElement;
    return {
      className: typeof el?.className === 'string' ? el.className : '',
      role: el?.getAttribute('role') ?? null,
      testId: el?.getAttribute('data-testid') ?? null,
      text: el?.innerText ?? '',
    };
  });

async function tabUntil(page: Page, found: (a: Awaited<ReturnType<typeof activeElement>>) => boolean, limit = 80): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const a = await activeElement(page);
    if (process.env.KEYS_DEBUG) console.log(a);
    if (found(a)) return true;
  }
  return false;
}

describe('browser: the console by keyboard alone', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let returnee: { id: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Нарын — областной отдел', oblast: 'naryn', district: 'Нарын' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Эрмек Шаршен уулу' });
    returnee = await t.given.returnee({ officeId: office.id, lastName: 'Токтогулова', firstName: 'Нуриза', sex: 'female' });
    browser = await launchBrowser();
    page = browser.page;
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should open a record, change tab, and open, trap and leave a dialog with the keyboard', async () => {
    await signIn(page, base, caseworker, 'Эрмек Шаршен уулу');
    await page.goto(`${base}/#/returnees`);
    await page.locator('.RaDataTable-clickableRow').first().waitFor();

    // Tab reaches the row; Enter opens the record
    expect(await tabUntil(page, (a) => String(a.className).includes('RaDataTable-clickableRow'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/returnees/${returnee.id}/show`));

    // Tab reaches the selected tab; the arrow keys move along the tabs and Enter opens the consents tab
    await page.locator('[role="tab"]').first().waitFor();
    expect(await tabUntil(page, (a) => a.role === 'tab')).toBe(true);
    const tabs = await page.locator('#main-content [role="tab"]').allInnerTexts();
    const consents = tabs.findIndex((x) => /согласи/i.test(x));
    expect(consents).toBeGreaterThan(0);
    for (let i = 0; i < consents; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/show\/consents$/);

    // Tab reaches "Record consent"; Enter opens its dialog with the focus inside
    await page.getByTestId('record-consent').first().waitFor();
    expect(await tabUntil(page, (a) => a.testId === 'record-consent')).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('[role="dialog"]').waitFor();
    expect(await focusInsideDialog(page)).toBe(true);
    // the focus stays in the dialog however far one tabs (forwards and back)
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInsideDialog(page)).toBe(true);
    }
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInsideDialog(page)).toBe(true);
    }
    // Escape closes it and gives the focus back to the button that opened it
    await page.keyboard.press('Escape');
    await page.locator('[role="dialog"]').waitFor({ state: 'hidden' });
    expect((await activeElement(page)).testId).toBe('record-consent');
  }, 120_000);
});
