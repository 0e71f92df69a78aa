import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';

// A signed-out visitor of a bookmarked page (a returnee list filtered by region) gets the login form at once — no
// storm of redirects (react-admin's own logout-on-mount navigated to the login page hundreds of times, 10–16 s, before
// the form showed) — and after signing in is on the page they asked for, filter included.
describe('browser: a signed-out visit of a page', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let caseworker: GivenUser;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Талас — областной отдел', oblast: 'talas', district: 'Талас' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Гүлзат Токтосунова' });
    await t.given.returnee({ officeId: office.id, lastName: 'Бекешова', firstName: 'Айжан', sex: 'female' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should show the login form after one redirect and return to the page with its filter after sign-in', async () => {
    const page = browser.page;
    // every change of the page's history, counted from the first script on
    await page.addInitScript(() => {
      const g = globalThis as unknown as { history: Record<'pushState' | 'replaceState', (...a: unknown[]) => void>; __historyChanges: number };
      g.__historyChanges = 0;
      for (const name of ['pushState', 'replaceState'] as const) {
        const original = g.history[name].bind(g.history);
        g.history[name] = (...a: unknown[]) => {
          g.__historyChanges++;
          original(...a);
        };
      }
    });
    const filter = encodeURIComponent(JSON.stringify({ oblast: ['bishkek'] }));
    await page.goto(`${base}/#/returnees?filter=${filter}`);
    await page.locator('input[name="username"]').waitFor();
    expect(page.url()).toMatch(/#\/login$/);
    // let anything still scheduled run, then count
    await page.waitForTimeout(1_000);
    expect(await page.evaluate('globalThis.__historyChanges')).toBeLessThanOrEqual(3);

    await page.locator('input[name="username"]').fill(caseworker.email);
    await page.locator('input[name="password"]').fill(caseworker.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/#\/returnees\?/);
    expect(decodeURIComponent(page.url())).toContain('"oblast":["bishkek"]');
    await page.getByText('Бекешова').first().waitFor();
  }, 60_000);
});
