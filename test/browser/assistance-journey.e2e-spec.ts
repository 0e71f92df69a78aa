import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { axeProblems } from '../support/walk';

const day = (offsetDays: number) => new Date(Date.now() + 6 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

// Issue 19's assistance in real Chromium against the real API and the built console: an admin creates a programme
// with a budget line, a caseworker proposes a grant from it on the returnee's Assistance tab, the supervisor approves
// it from the approvals page (the dashboard's "budget left" drops), it is disbursed and verified, and the programme's
// budget bar shows the money paid out.
describe('browser: an admin creates a programme, a caseworker proposes assistance, the supervisor approves it, it is disbursed', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let admin: GivenUser;
  let caseworker: GivenUser;
  let supervisor: GivenUser;
  let programmeId = '';

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Нарын — областной отдел', oblast: 'naryn', district: 'Нарын' });
    admin = await t.given.user('admin', { fullName: 'Айгерим Токтосунова' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Эрмек Жумабаев' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Гүлнара Осмонова' });
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(tmpdir(), `kaytuu-assistance-${name}.png`), fullPage: true }).catch(() => undefined);
  const line = () => page.getByTestId('budget-line').and(page.locator('[data-type="business_grant"]'));

  it('should create a programme, propose, approve, disburse and verify a grant, and move the budget bar', async () => {
    // the admin creates the programme: 100 000 som for business grants, a second approval above 50 000 som
    await signIn(page, base, admin, 'Айгерим Токтосунова');
    await page.getByTestId('menu-programmes').click();
    await page.getByTestId('programmes-empty').waitFor();
    await page.goto(`${base}/#/programmes/create`);
    await page.locator('input[name="name"]').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.locator('input[name="name"]').fill('Старт в Нарыне');
    await page.locator('input[name="funder"]').fill('Государственный фонд занятости');
    await page.locator('input[name="startsOn"]').fill(day(-30));
    await page.locator('input[name="endsOn"]').fill(day(365));
    await choose(page, 'lines.0.assistanceType', 'business_grant');
    // a fraction of a tyiyn is refused in the form, before the API
    await page.getByTestId('programme-line-amount').fill('100000,555');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Не больше 2 знаков после запятой').waitFor();
    await page.getByTestId('programme-line-amount').fill('100 000');
    await page.locator('input[name="approvalThresholdMinor"]').fill('50000');
    await page.locator('input[name="eligibility.ageMin"]').fill('18');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/#\/programmes\/[0-9a-f-]{36}\/show/);
    programmeId = /programmes\/([0-9a-f-]{36})/.exec(page.url())![1];
    const { rows: lines } = await t.db.query(
      `SELECT l.assistance_type, l.amount_minor::bigint AS amount, p.currency, p.approval_threshold_minor::bigint AS threshold
         FROM budget_line l JOIN programme p ON p.id = l.programme_id WHERE p.id = $1`,
      [programmeId],
    );
    expect(lines).toEqual([{ assistance_type: 'business_grant', amount: '10000000', currency: 'KGS', threshold: '5000000' }]);
    await line().and(page.locator('[data-available-minor="10000000"]')).waitFor();
    await page.getByTestId('programme-eligibility').getByText('Возраст от 18 лет').waitFor();
    expect(await axeProblems(page)).toEqual([]);

    // the caseworker proposes a grant of 25 000,50 som on the returnee's Assistance tab
    const returnee = await t.given.returnee({ officeId: caseworker.officeId!, lastName: 'Абдыкалыков', firstName: 'Нурбек', birthDate: '1990-02-11' });
    await signIn(page, base, caseworker, 'Эрмек Жумабаев');
    await page.goto(`${base}/#/returnees/${returnee.id}/show/assistance`);
    await page.getByTestId('assistance-empty').waitFor();
    await page.getByTestId('assistance-propose').click();
    const dialog = page.getByTestId('assistance-propose-dialog');
    await dialog.getByTestId('assistance-amount').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await choose(page, 'programmeId', programmeId);
    await choose(page, 'type', 'business_grant');
    await dialog.getByTestId('assistance-amount').fill('25 000,50');
    await dialog.getByTestId('assistance-justification').fill('Открытие швейного цеха в Нарыне: две машины и аренда на три месяца');
    await page.getByTestId('assistance-propose-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const item = await waitFor(
      async () =>
        (await t.db.query(`SELECT id, status, amount_minor::bigint AS amount FROM assistance_item WHERE returnee_id = $1`, [returnee.id])).rows[0] ?? null,
    );
    expect(item).toMatchObject({ status: 'proposed', amount: '2500050' });
    const card = page.getByTestId('assistance-item').and(page.locator(`[data-id="${item.id}"]`));
    await card.getByTestId('assistance-status').and(page.locator('[data-status="proposed"]')).waitFor();
    await card.getByText('25 000,50').waitFor();
    // the proposer has no approve button
    expect(await page.getByTestId(`assistance-approve-${item.id}`).count()).toBe(0);
    await shot('proposed');

    // the supervisor approves it from the approvals page; the amount is committed on the line
    await signIn(page, base, supervisor, 'Гүлнара Осмонова');
    await page.getByTestId('budget-left-card').locator('[data-testid="budget-left-programme"][data-available-minor="10000000"]').waitFor();
    await page
      .getByTestId('approvals-badge')
      .filter({ hasText: /^[1-9]/ })
      .waitFor();
    await page.goto(`${base}/#/approvals`);
    await page.getByTestId('assistance-awaiting').getByText('Абдыкалыков Нурбек').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.getByTestId(`assistance-approve-${item.id}`).click();
    await page.getByTestId('assistance-approve-confirm').click();
    await page.getByTestId('assistance-approve-dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('assistance-awaiting-empty').waitFor();
    const { rows: approved } = await t.db.query(`SELECT status, first_approved_by FROM assistance_item WHERE id = $1`, [item.id]);
    expect(approved[0]).toEqual({ status: 'approved', first_approved_by: supervisor.id });
    const { rows: commits } = await t.db.query(`SELECT kind, amount_minor::bigint AS amount FROM ledger_entry WHERE assistance_item_id = $1`, [item.id]);
    expect(commits).toEqual([{ kind: 'commit', amount: '2500050' }]);
    // the dashboard's "budget left" has dropped by the commitment
    await page.goto(`${base}/#/`);
    await page.getByTestId('budget-left-card').locator('[data-testid="budget-left-programme"][data-available-minor="7499950"]').waitFor();

    // disbursed by bank transfer, then verified at a monitoring visit
    await page.goto(`${base}/#/returnees/${returnee.id}/show/assistance`);
    await page.getByTestId(`assistance-disburse-${item.id}`).click();
    await choose(page, 'method', 'bank_transfer');
    await page.getByTestId('assistance-reference').fill('ПП-2026-0412');
    await page.getByTestId('assistance-disburse-save').click();
    await page.getByTestId('assistance-disburse-dialog').waitFor({ state: 'hidden' });
    await card.getByTestId('assistance-status').and(page.locator('[data-status="disbursed"]')).waitFor();
    await card.getByTestId('assistance-ledger-toggle').click();
    await card.locator('[data-testid="assistance-ledger-row"][data-kind="disburse"]').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.getByTestId(`assistance-verify-${item.id}`).click();
    await page.getByTestId('assistance-used-yes').check();
    await page.getByTestId('assistance-verify-note').fill('Цех работает, две машины на месте');
    await page.getByTestId('assistance-verify-save').click();
    await page.getByTestId('assistance-verify-dialog').waitFor({ state: 'hidden' });
    await card.getByTestId('assistance-status').and(page.locator('[data-status="verified"]')).waitFor();
    const { rows: done } = await t.db.query(
      `SELECT status, disbursement_method, disbursement_reference, disbursed_minor::bigint AS disbursed, used_as_intended FROM assistance_item WHERE id = $1`,
      [item.id],
    );
    expect(done[0]).toEqual({
      status: 'verified',
      disbursement_method: 'bank_transfer',
      disbursement_reference: 'ПП-2026-0412',
      disbursed: '2500050',
      used_as_intended: 'yes',
    });
    await shot('verified');

    // the admin's programme page: a quarter of the budget line is paid out, nothing committed, the rest available
    await signIn(page, base, admin, 'Айгерим Токтосунова');
    await page.goto(`${base}/#/programmes/${programmeId}/show`);
    await line().and(page.locator('[data-disbursed-minor="2500050"][data-committed-minor="0"][data-available-minor="7499950"]')).waitFor();
    expect(await line().getByTestId('budget-bar-disbursed').getAttribute('data-width')).toBe('25.00');
    await line().getByTestId('budget-available').getByText('74 999,50').waitFor();
    await shot('programme');
  }, 300_000);

  it("should grant a donor the programme in the user form, and show the donor only the programmes' budgets and reports, no person", async () => {
    expect(programmeId).not.toBe('');
    await signIn(page, base, admin, 'Айгерим Токтосунова');
    await page.goto(`${base}/#/users/create`);
    await page.locator('input[name="email"]').fill('donor.naryn@kaytuu.test');
    await page.locator('input[name="fullName"]').fill('Фонд занятости — наблюдатель');
    await choose(page, 'role', 'donor');
    await page.getByRole('combobox', { name: 'Программы' }).fill('Старт');
    await page.getByRole('option', { name: 'Старт в Нарыне' }).click();
    await page.locator('input[name="password"]').fill('Нарын-2026-донор!');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/#\/users$/);
    const { rows: grants } = await t.db.query(
      `SELECT d.programme_id FROM donor_programme d JOIN app_user u ON u.id = d.user_id WHERE u.email = 'donor.naryn@kaytuu.test' AND u.role = 'donor'`,
    );
    expect(grants).toEqual([{ programme_id: programmeId }]);

    await signIn(page, base, { email: 'donor.naryn@kaytuu.test', password: 'Нарын-2026-донор!' }, 'Фонд занятости — наблюдатель');
    await page.getByTestId('donor-dashboard').getByTestId('budget-left-programme').filter({ hasText: 'Старт в Нарыне' }).waitFor();
    const menu = page.getByTestId('app-menu');
    await menu.getByTestId('menu-reports').waitFor();
    const entries = await menu.locator('a').allInnerTexts();
    expect(entries.map((e) => e.trim())).toEqual(['Главная', 'Отчёты', 'Уведомления']);
    const [report] = await Promise.all([page.waitForResponse((res) => /\/api\/reports\/assistance/.test(res.url())), menu.getByTestId('menu-reports').click()]);
    expect(report.status()).toBe(200);
    await page.getByTestId('reports-page').waitFor();
    expect(await page.getByText('Абдыкалыков').count()).toBe(0);
    await shot('donor-reports');
  }, 120_000);

  it('should take a 1+1 application with the match computed live through the committee, pay its first tranche, hold the second until the 3-month check, and show the donor its 1+1 report', async () => {
    expect(programmeId).not.toBe('');
    // the admin sets the programme's matching terms in its edit form: one som for one, at most 30 000 som
    await signIn(page, base, admin, 'Айгерим Токтосунова');
    await page.goto(`${base}/#/programmes/${programmeId}`);
    await page.locator('input[name="matchRatioPercent"]').fill('100');
    await page.locator('input[name="matchCapMinor"]').fill('30 000');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/#\/programmes\/[0-9a-f-]{36}\/show/);
    await page.getByTestId('programme-matching').waitFor();
    const { rows: terms } = await t.db.query(
      `SELECT p.match_ratio_percent AS ratio, p.match_cap_minor::bigint AS cap, l.amount_minor::bigint AS budget
         FROM programme p JOIN budget_line l ON l.programme_id = p.id WHERE p.id = $1`,
      [programmeId],
    );
    // the budget line typed as 100 000 som earlier came back into the form and was saved unchanged
    expect(terms).toEqual([{ ratio: 100, cap: '3000000', budget: '10000000' }]);

    // the caseworker fills the application: 40 000 som of own money is matched up to the 30 000 cap, shown live
    const returnee = await t.given.returnee({
      officeId: caseworker.officeId!,
      lastName: 'Сыдыкова',
      firstName: 'Мээрим',
      sex: 'female',
      birthDate: '1994-07-03',
    });
    const caseFile = await t.given.caseFile({ returneeId: returnee.id, officeId: caseworker.officeId!, type: 'job_placement', assigneeId: caseworker.id });
    await signIn(page, base, caseworker, 'Эрмек Жумабаев');
    await page.goto(`${base}/#/returnees/${returnee.id}/show/assistance`);
    await page.getByTestId('matching-create').click();
    const dialog = page.getByTestId('matching-dialog');
    await choose(page, 'programmeId', programmeId);
    await choose(page, 'caseId', caseFile.id);
    await choose(page, 'sector', 'manufacturing');
    await choose(page, 'oblast', 'naryn');
    await dialog.getByTestId('matching-district').fill('Нарын');
    await dialog.getByTestId('matching-description').fill('Тигүү цехи: мектеп формасы жана жумушчу кийимдер');
    await dialog.getByTestId('matching-totalCost').fill('120000');
    await dialog.getByTestId('matching-jobsForOthers').fill('2');
    await dialog.getByTestId('matching-ownContribution').fill('20000');
    await dialog.locator('[data-testid="matching-live"][data-matched-minor="2000000"]').waitFor();
    await dialog.getByTestId('matching-ownContribution').fill('40000');
    await dialog.locator('[data-testid="matching-live"][data-matched-minor="3000000"]').waitFor();
    await dialog.getByTestId('matching-matched').getByText('30 000').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.getByTestId('matching-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const application = await waitFor(
      async () =>
        (
          await t.db.query(`SELECT id, status, matched_minor::bigint AS matched, match_limited_by FROM matching_application WHERE returnee_id = $1`, [
            returnee.id,
          ])
        ).rows[0] ?? null,
    );
    expect(application).toMatchObject({ status: 'proposed', matched: '3000000', match_limited_by: 'cap' });
    await page.getByTestId('matching-application').and(page.locator('[data-status="proposed"]')).waitFor();
    await shot('matching-proposed');

    // the committee: the supervisor approves first, then the admin; the second approval makes the grant
    for (const [who, name] of [
      [supervisor, 'Гүлнара Осмонова'],
      [admin, 'Айгерим Токтосунова'],
    ] as const) {
      await signIn(page, base, who, name);
      await page.goto(`${base}/#/approvals`);
      await page.getByTestId('matching-awaiting-item').getByText('Сыдыкова Мээрим').waitFor();
      await page.getByTestId(`matching-approve-${application.id}`).click();
      await page.getByTestId('matching-approve-confirm').click();
      await page.getByTestId('matching-approve-dialog').waitFor({ state: 'hidden' });
      await page.getByTestId('assistance-awaiting-empty').waitFor();
    }
    const { rows: decided } = await t.db.query(
      `SELECT a.status, a.supervisor_approved_by, a.admin_approved_by, i.status AS item_status, i.id AS item_id
         FROM matching_application a JOIN assistance_item i ON i.id = a.assistance_item_id WHERE a.id = $1`,
      [application.id],
    );
    expect(decided[0]).toMatchObject({ status: 'approved', supervisor_approved_by: supervisor.id, admin_approved_by: admin.id, item_status: 'approved' });

    // the first tranche (half, as planned) is paid; the 3-, 6- and 12-month checks are scheduled on the case
    const itemId = decided[0].item_id as string;
    await signIn(page, base, supervisor, 'Гүлнара Осмонова');
    await page.goto(`${base}/#/returnees/${returnee.id}/show/assistance`);
    await page.getByTestId(`assistance-disburse-${itemId}`).click();
    await expect(page.getByTestId('assistance-disbursed-amount').inputValue()).resolves.toBe('15000');
    await choose(page, 'method', 'mobile_wallet');
    await page.getByTestId('assistance-disburse-save').click();
    await page.getByTestId('assistance-disburse-dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('matching-checks-scheduled').and(page.locator('[data-m3="scheduled"]')).waitFor();
    const { rows: checks } = await t.db.query(
      `SELECT kind FROM follow_up WHERE case_id = $1 AND kind IN ('monitoring_3m', 'monitoring_6m', 'monitoring_12m') ORDER BY kind`,
      [caseFile.id],
    );
    expect(checks).toEqual([{ kind: 'monitoring_12m' }, { kind: 'monitoring_3m' }, { kind: 'monitoring_6m' }]);
    // the rest stays committed for the second tranche, which waits for the 3-month check: the card and the disburse
    // dialog say so, and the dialog does not save
    await page.getByTestId('matching-tranche-hold').and(page.locator('[data-hold="check_3m"]')).waitFor();
    await page.getByTestId(`assistance-disburse-${itemId}`).click();
    await page.getByTestId('assistance-tranche-hold').waitFor();
    expect(await page.getByTestId('assistance-disburse-save').isDisabled()).toBe(true);
    expect(await axeProblems(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('assistance-disburse-dialog').waitFor({ state: 'hidden' });
    // at the 3-month visit the business is operating: the check is recorded on the application
    await page.getByTestId(`survival-check-3m-${application.id}`).click();
    await choose(page, 'businessStatus', 'operating');
    await choose(page, 'monthlyIncomeBand', '10k_30k');
    await page.getByTestId('survival-peopleEmployed').fill('3');
    await page.getByTestId('survival-check-save').click();
    await page.getByTestId('survival-check-dialog').waitFor({ state: 'hidden' });
    await page.locator('[data-testid="survival-check"][data-milestone="3m"]').waitFor();
    await page.getByTestId('matching-tranche-hold').waitFor({ state: 'detached' });
    const { rows: survival } = await t.db.query(`SELECT milestone, business_status, people_employed FROM business_survival_check WHERE application_id = $1`, [
      application.id,
    ]);
    expect(survival).toEqual([{ milestone: '3m', business_status: 'operating', people_employed: 3 }]);
    // the second tranche: the rest of the grant
    await page.getByTestId(`assistance-disburse-${itemId}`).click();
    await expect(page.getByTestId('assistance-disbursed-amount').inputValue()).resolves.toBe('15000');
    await choose(page, 'method', 'mobile_wallet');
    await page.getByTestId('assistance-disburse-save').click();
    await page.getByTestId('assistance-disburse-dialog').waitFor({ state: 'hidden' });
    await page.getByTestId(`assistance-disburse-${itemId}`).waitFor({ state: 'detached' });
    const { rows: paid } = await t.db.query(
      `SELECT kind, amount_minor::bigint AS amount FROM ledger_entry WHERE assistance_item_id = $1 AND kind = 'disburse'`,
      [itemId],
    );
    expect(paid).toEqual([
      { kind: 'disburse', amount: '1500000' },
      { kind: 'disburse', amount: '1500000' },
    ]);
    await shot('matching-tranche');

    // the programme's bar: 25 000,50 + 30 000 paid out, nothing committed
    await signIn(page, base, admin, 'Айгерим Токтосунова');
    await page.goto(`${base}/#/programmes/${programmeId}/show`);
    await line().and(page.locator('[data-disbursed-minor="5500050"][data-committed-minor="0"][data-available-minor="4499950"]')).waitFor();

    // the donor reads the 1+1 report of its programme: figures, no person
    await signIn(page, base, { email: 'donor.naryn@kaytuu.test', password: 'Нарын-2026-донор!' }, 'Фонд занятости — наблюдатель');
    await page.getByTestId('app-menu').getByTestId('menu-reports').click();
    await page.getByTestId('reports-page').waitFor();
    await page.getByTestId('report-picker').locator('[role="combobox"]').click();
    const [report] = await Promise.all([
      page.waitForResponse((res) => /\/api\/reports\/matching/.test(res.url())),
      page.locator('li[role="option"][data-value="matching"]').click(),
    ]);
    expect(report.status()).toBe(200);
    const body = (await report.json()) as { rows: { programmeId: string }[] };
    expect(body.rows.map((r) => r.programmeId)).toEqual([programmeId]);
    await page.getByTestId('report-table').getByText('Старт в Нарыне').waitFor();
    expect(await page.getByText(/Сыдыкова|Абдыкалыков/).count()).toBe(0);
  }, 240_000);
});
