import { Page } from 'playwright-core';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

// In real Chromium against the real API and the built console: on the Plan tab a caseworker links a goal's action to
// one of the returnee's assistance items, picked from the item list; the action shows the item and follows it when
// the supervisor approves it.
describe('browser: a plan action linked to an assistance item', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let supervisor: GivenUser;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — городской отдел', oblast: 'osh_city', district: 'Ош' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Динара Мамытова' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Нурлан Асанов' });
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("should offer the returnee's items in the action dialog, store the link, and show the item's status as it changes", async () => {
    const admin = await t.given.user('admin');
    const office = caseworker.officeId as string;
    const r = await t.given.returnee({ officeId: office });
    const programme = await t.http
      .post('/api/programmes')
      .set(bearer(admin))
      .send({
        name: 'Стартап грант',
        funder: 'Государственный фонд',
        currency: 'KGS',
        startsOn: day(-30),
        endsOn: day(300),
        oblasts: [],
        assistanceTypes: ['business_grant'],
        lines: [{ assistanceType: 'business_grant', amountMinor: 10_000_000 }],
      });
    expect(programme.status).toBe(201);
    const item = await t.http.post('/api/assistance').set(bearer(caseworker)).send({
      returneeId: r.id,
      programmeId: programme.body.id,
      type: 'business_grant',
      amountMinor: 1_500_000,
      currency: 'KGS',
      justification: 'Инструменты',
    });
    expect(item.status).toBe(201);
    const plan = await t.http
      .post('/api/plans')
      .set(bearer(caseworker))
      .send({ returneeId: r.id, goals: [{ dimension: 'economic', text: 'Открыть мастерскую', targetDate: day(120), actions: [] }] });
    expect(plan.status).toBe(201);

    await signIn(page, base, caseworker, 'Динара Мамытова');
    await page.goto(`${base}/#/returnees/${r.id}/show/plan`);
    await page.getByTestId('plan-add-action').click();
    await choose(page, 'kind', 'assistance');
    await page.locator('input[name="refId"]').locator('xpath=..').locator('[role="combobox"]').click();
    // the picker lists the item by its type, amount and status in the UI language
    await page.getByTestId('plan-action-ref-option').filter({ hasText: 'Грант на бизнес' }).filter({ hasText: 'Предложена' }).click();
    await page.locator(`input[name="refId"][value="${item.body.id}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('plan-action-save').click();
    await page.getByTestId('plan-action-dialog').waitFor({ state: 'hidden' });
    const row = page.locator(`[data-testid="plan-action"][data-kind="assistance"][data-ref-id="${item.body.id}"]`);
    await row.getByTestId('plan-action-link').filter({ hasText: 'Грант на бизнес' }).waitFor();
    await row.getByTestId('plan-action-ref-status').filter({ hasText: 'Предложена' }).waitFor();
    expect(await row.getByTestId('plan-action-status').getAttribute('data-status')).toBe('pending');
    const { rows } = await t.db.query(`SELECT kind, ref_id FROM plan_action WHERE plan_version_id = $1`, [plan.body.id]);
    expect(rows).toEqual([{ kind: 'assistance', ref_id: item.body.id }]);

    // the supervisor approves the item: the action is in progress
    expect((await t.http.post(`/api/assistance/${item.body.id}/approve`).set(bearer(supervisor)).send({})).status).toBe(200);
    await page.reload();
    await row.getByTestId('plan-action-ref-status').filter({ hasText: 'Утверждена' }).waitFor();
    expect(await row.getByTestId('plan-action-status').getAttribute('data-status')).toBe('in_progress');
  }, 120_000);
});
