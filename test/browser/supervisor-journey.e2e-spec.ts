import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// A supervisor's day in real Chromium: the dashboard's charts render from the office's data, a closure request is
// approved from the approvals queue without retyping the caseworker's reason (monitoring follow-ups get scheduled), a
// case is reassigned from its page and the timeline names the new assignee, and a report is exported as CSV.
describe('browser: a supervisor reviews the dashboard, approves a closure and exports a report', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let supervisor: GivenUser;
  let pending: { id: string; code: string };
  let moving: { id: string; code: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — городской отдел', oblast: 'osh_city', district: 'Ош' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Жыпара Абдыкадырова' });
    const caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Динара Мамытова' });
    await t.given.user('caseworker', { officeId: office.id, fullName: 'Азамат Жумабаев' });
    // a few cases in work, and one waiting for the supervisor's approval
    for (const [i, status] of ['open', 'in_progress', 'in_progress', 'on_hold'].entries()) {
      const r = await t.given.returnee({ officeId: office.id, lastName: `Асанов${i}`, firstName: 'Бакыт' });
      const made = await t.given.caseFile({
        returneeId: r.id,
        officeId: office.id,
        assigneeId: caseworker.id,
        status,
        type: i % 2 ? 'legal_aid' : 'job_placement',
        details: i % 2 ? undefined : { targetSectors: ['construction'], desiredOblast: 'osh', training: false },
      });
      if (i === 1) moving = made;
    }
    const r = await t.given.returnee({ officeId: office.id, lastName: 'Төлөгөнова', firstName: 'Айпери', sex: 'female' });
    // the caseworker asks to close through the API, with the reason and summary the supervisor will read
    pending = await t.given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: caseworker.id, status: 'in_progress' });
    const asked = await t.http
      .put(`/api/cases/${pending.id}`)
      .set(bearer(caseworker))
      .send({ version: 1, status: 'pending_closure', closureReason: 'Зарплата выплачена', outcome: 'Работодатель выплатил долг' });
    expect(asked.status).toBe(200);
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should render the dashboard charts, approve the closure with monitoring, and download a CSV report', async () => {
    await signIn(page, base, supervisor, 'Жыпара Абдыкадырова');

    // the dashboard is the first page; its charts draw SVG from the office's numbers
    await page.getByTestId('supervisor-dashboard').waitFor();
    await page.getByTestId('chart-open-by-status').locator('svg').first().waitFor();
    await page.getByTestId('chart-opened-vs-closed').locator('svg').first().waitFor();

    // the approvals queue shows what the caseworker wrote; approving shows it again and asks only for the decision
    // (monitoring ticked by default), with no closure reason to retype
    await page.goto(`${base}/#/approvals`);
    await page.locator('tr', { hasText: pending.code }).getByText('Зарплата выплачена').waitFor();
    await page.getByTestId(`approve-${pending.code}`).click();
    const dialog = page.getByTestId('close-case-dialog');
    await dialog.waitFor();
    await expect(dialog.getByTestId('closure-request-reason').textContent()).resolves.toBe('Зарплата выплачена');
    await expect(dialog.getByTestId('closure-request-outcome').textContent()).resolves.toBe('Работодатель выплатил долг');
    await expect(dialog.locator('[name="closureReason"]').count()).resolves.toBe(0);
    await expect(page.getByTestId('schedule-monitoring').isChecked()).resolves.toBe(true);
    await page.getByTestId('confirm-close').click();
    const closed = await waitFor(async () => {
      const row = (await t.db.query(`SELECT status, closed_at, closure_reason, outcome FROM case_file WHERE id = $1`, [pending.id])).rows[0];
      return row.status === 'closed' ? row : null;
    });
    expect(closed.closed_at).toBeInstanceOf(Date);
    expect(closed).toMatchObject({ closure_reason: 'Зарплата выплачена', outcome: 'Работодатель выплатил долг' });
    expect(await t.given.count(`follow_up WHERE case_id = '${pending.id}' AND kind LIKE 'monitoring_%' AND status = 'scheduled'`)).toBe(4);
    await page.getByTestId('approvals-empty').waitFor();

    // reassign a case from its page (reason dialog), and the timeline says from whom to whom
    await page.goto(`${base}/#/cases/${moving.id}/show`);
    await page.getByTestId('reassign-case').click();
    const reassign = page.getByTestId('bulk-reassign-dialog');
    await reassign.waitFor();
    await reassign.getByTestId('bulk-reassign-assignee').locator('input').fill('Азамат');
    await page.getByRole('option', { name: 'Азамат Жумабаев' }).click();
    await reassign.getByTestId('bulk-reassign-dialog-text').fill('Динара в отпуске');
    await reassign.getByTestId('bulk-reassign-dialog-confirm').click();
    await reassign.waitFor({ state: 'detached' });
    const movedTo = (await t.db.query(`SELECT u.full_name FROM case_file c JOIN app_user u ON u.id = c.assignee_id WHERE c.id = $1`, [moving.id])).rows[0];
    expect(movedTo.full_name).toBe('Азамат Жумабаев');
    await page.goto(`${base}/#/cases/${moving.id}/show/events`);
    await page.getByText('Передано: Азамат Жумабаев (ранее: Динара Мамытова) — Динара в отпуске').waitFor();

    // a report, exported as CSV through the authenticated download
    await page.goto(`${base}/#/reports`);
    await page.getByTestId('reports-page').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/^kaytuu-.+\.csv$/);
    // written for people: the supervisor's language (Russian) and name in the header block
    expect(csv).toContain('Отчёт,');
    expect(csv).toContain('Сформировал(а),Жыпара Абдыкадырова');
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'export' AND actor_id = $1`, [supervisor.id]);
    expect(audit.rows[0].n).toBe(1);
  }, 150_000);
});
