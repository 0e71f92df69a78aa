import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';

// The console in Kyrgyz on a district office's 1366×768 laptop, in Chromium, whose ICU has no Kyrgyz: the
// dashboard's months are Kyrgyz ("2026-ж. дек."), not the browser's Russian ("дек. 2026 г."), the returnee page
// writes dates as Kyrgyzstan does and names the person without a Russian gender, and no menu label is cut short
// in any of the three languages.
const LANGUAGES = [
  { locale: 'ky', name: 'Кыргызча', home: 'Башкы бет' },
  { locale: 'ru', name: 'Русский', home: 'Главная' },
  { locale: 'en', name: 'English', home: 'Dashboard' },
] as const;
type Language = (typeof LANGUAGES)[number];

async function switchLanguage(page: Page, to: Language): Promise<void> {
  const current = LANGUAGES.map((l) => l.name);
  await page.locator('header button', { hasText: new RegExp(`^(${current.join('|')})$`) }).click();
  await page.getByRole('menuitem', { name: to.name }).click();
  await page.getByTestId('app-menu').getByText(to.home, { exact: true }).waitFor();
}

// Menu labels whose text is wider than its box (cut, or ending in "…"), as "label: scrollWidth > clientWidth".
// (The DOM shapes used, typed here: the server's type check has no DOM library.)
type Box = { scrollWidth: number; clientWidth: number; innerText: string; querySelectorAll(selector: string): Iterable<Box> };
async function cutMenuLabels(page: Page): Promise<string[]> {
  return page
    .getByTestId('app-menu')
    .evaluate((menu) =>
      [...(menu as unknown as Box).querySelectorAll('.MuiMenuItem-root')].flatMap((item) =>
        [item, ...item.querySelectorAll('.MuiTypography-root, .MuiListItemText-root')]
          .filter((el) => el.scrollWidth > el.clientWidth)
          .map((el) => `${item.innerText.replace(/\s+/g, ' ')}: ${el.scrollWidth} > ${el.clientWidth}`),
      ),
    );
}

describe('browser: the console in Kyrgyz at 1366×768', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let supervisor: GivenUser;
  let admin: GivenUser;
  let returnee: { id: string; code: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Баткен — райондук бөлүм', oblast: 'batken', district: 'Баткен' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Жыпара Абдыкадырова' });
    admin = await t.given.user('admin', { fullName: 'Нурлан Сыдыков' });
    const caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Динара Мамытова' });
    returnee = await t.given.returnee({ officeId: office.id, lastName: 'Үсөн кызы', firstName: 'Айгуль', sex: 'female', birthDate: '1997-05-14' });
    // cases opened this month and two months ago: the opened-vs-closed chart has more than one month to label
    for (const monthsAgo of [0, 2]) {
      const c = await t.given.caseFile({ returneeId: returnee.id, officeId: office.id, assigneeId: caseworker.id, status: 'in_progress' });
      await t.db.query(`UPDATE case_file SET opened_at = now() - make_interval(days => $2) WHERE id = $1`, [c.id, monthsAgo * 31]);
    }
    browser = await launchBrowser();
    page = browser.page;
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should label the dashboard months and the returnee page in Kyrgyz and cut no menu label in any language', async () => {
    await signIn(page, base, supervisor, 'Жыпара Абдыкадырова');
    await switchLanguage(page, LANGUAGES[0]);

    // the dashboard's month axis: "2026-ж. дек.", never the Russian "дек. 2026 г."
    const chart = page.getByTestId('chart-opened-vs-closed');
    await chart.locator('.MuiChartsAxis-directionX .MuiChartsAxis-tickLabel').first().waitFor();
    const months = await chart.locator('.MuiChartsAxis-directionX .MuiChartsAxis-tickLabel').allTextContents();
    expect(months.length).toBeGreaterThanOrEqual(2);
    expect(months.filter((m) => !/^\d{4}-ж\. [а-яё]+\.?$/.test(m) || / г\.$/.test(m))).toEqual([]);

    // the returnee page: a title without Russian gender, dates as day.month.year (CLDR's ky would say 1997-14-05)
    await page.goto(`${base}/#/returnees/${returnee.id}/show`);
    await page.locator('#react-admin-title').getByText('Айгуль', { exact: false }).waitFor();
    const title = await page.locator('#react-admin-title').innerText();
    expect(title).toMatch(/^Кайткан адам .*Айгуль/);
    expect(title).not.toMatch(/Вернувш/);
    await page.getByText('14.05.1997').first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\d{4} г\.|1997-14-05|(янв|февр|мар|апр|июн|июл|авг|сент|окт|нояб|дек)\. \d{4}/);
    await page.getByRole('tab', { name: 'Хронология' }).click();
    await page.getByText('Системада катталды').waitFor();
    await page.screenshot({ path: join(tmpdir(), 'kaytuu-ky-returnee-1366.png') });

    // the same woman in Russian is "Вернувшаяся", and her timeline uses neutral nouns
    await switchLanguage(page, LANGUAGES[1]);
    await page.locator('#react-admin-title').getByText('Вернувшаяся', { exact: false }).waitFor();
    await page.getByText('Регистрация в системе').waitFor();

    // every menu label whole, for the supervisor's menu and the admin's, in each language
    for (const user of [supervisor, admin]) {
      if (user === admin) await signIn(page, base, admin, 'Нурлан Сыдыков');
      await page.goto(`${base}/#/`);
      for (const language of LANGUAGES) {
        await switchLanguage(page, language);
        await page.screenshot({ path: join(tmpdir(), `kaytuu-menu-${user.role}-${language.locale}-1366.png`) });
        expect({ role: user.role, locale: language.locale, cut: await cutMenuLabels(page) }).toEqual({ role: user.role, locale: language.locale, cut: [] });
      }
    }
  }, 180_000);
});
