import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// A supervisor's day in real Chromium: the dashboard's charts render from the office's data, a closure request is
// approved from the approvals queue (monitoring follow-ups get scheduled), and a report is exported as CSV.
describe('browser: a supervisor reviews the dashboard, approves a closure and exports a report', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let supervisor: GivenUser;
  let pending: { id: string; code: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — городской отдел', oblast: 'osh_city', district: 'Ош' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Жыпара Абдыкадырова' });
    const caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Динара Мамытова' });
    // a few cases in work, and one waiting for the supervisor's approval
    for (const [i, status] of ['open', 'in_progress', 'in_progress', 'on_hold'].entries()) {
      const r = await t.given.returnee({ officeId: office.id, lastName: `Асанов${i}`, firstName: 'Бакыт' });
      await t.given.caseFile({
        returneeId: r.id,
        officeId: office.id,
        assigneeId: caseworker.id,
        status,
        type: i % 2 ? 'legal_aid' : 'job_placement',
        details: i % 2 ? undefined : { targetSectors: ['construction'], desiredOblast: 'osh', training: false },
      });
    }
    const r = await t.given.returnee({ officeId: office.id, lastName: 'Төлөгөнова', firstName: 'Айпери', sex: 'female' });
    pending = await t.given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: caseworker.id, status: 'pending_closure' });
    await t.db.query(`UPDATE case_file SET closure_reason = 'Зарплата выплачена', outcome = 'Работодатель выплатил долг' WHERE id = $1`, [pending.id]);
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

    // the approvals queue: approve the pending closure, monitoring ticked by default
    await page.goto(`${base}/#/approvals`);
    await page.getByTestId(`approve-${pending.code}`).click();
    await page.getByTestId('close-case-dialog').waitFor();
    await expect(page.getByTestId('schedule-monitoring').isChecked()).resolves.toBe(true);
    await page.getByTestId('confirm-close').click();
    const closed = await waitFor(async () => {
      const row = (await t.db.query(`SELECT status, closed_at FROM case_file WHERE id = $1`, [pending.id])).rows[0];
      return row.status === 'closed' ? row : null;
    });
    expect(closed.closed_at).toBeInstanceOf(Date);
    expect(await t.given.count(`follow_up WHERE case_id = '${pending.id}' AND kind LIKE 'monitoring_%' AND status = 'scheduled'`)).toBe(4);
    await page.getByTestId('approvals-empty').waitFor();

    // a report, exported as CSV through the authenticated download
    await page.goto(`${base}/#/reports`);
    await page.getByTestId('reports-page').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/^kaytuu-.+\.csv$/);
    expect(csv).toContain('# report');
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'export' AND actor_id = $1`, [supervisor.id]);
    expect(audit.rows[0].n).toBe(1);
  }, 150_000);
});
