import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// The console's one dialog (shared/FormDialog) in real Chromium, through two of the dialogs built on it: the API's
// refusal in the UI language under the input it names with the focus there, Ctrl+Enter, Escape, and "keep" having
// the focus in a confirmation that is hard to undo.
describe('browser: the shared form dialog', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let returneeId: string;
  let caseId: string;
  let org: { id: string; name: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Нарын — областной отдел', oblast: 'naryn', district: 'Нарын' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Гульнара Токтогулова' });
    org = await t.given.organization({ name: 'Центр «Ыйман»', services: ['legal_aid'], oblasts: ['naryn'] });
    const r = await t.given.returnee({ officeId: office.id, lastName: 'Асанов', firstName: 'Нурлан', sex: 'male', phone: '+996700111222' });
    returneeId = r.id;
    await t.db.query(`UPDATE returnee SET oblast = 'naryn' WHERE id = $1`, [r.id]);
    await t.db.query(
      `INSERT INTO consent (returnee_id, scope, given_at, recorded_by) VALUES ($1, '{data_processing,share_with_ngo}', now() - interval '1 day', $2)`,
      [r.id, caseworker.id],
    );
    caseId = (await t.given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: caseworker.id, status: 'in_progress' })).id;
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, base, caseworker, 'Гульнара Токтогулова');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const refer = async (reason: string) => {
    await page.getByTestId('refer-case').click();
    await page.getByTestId('refer-consent-ok').waitFor();
    await page.getByTestId('refer-organization').click();
    await page.getByTestId('refer-organization-option').filter({ hasText: org.name }).click();
    await page.getByTestId('refer-reason').fill(reason);
  };
  const referrals = async () => (await t.db.query(`SELECT id FROM referral WHERE case_id = $1`, [caseId])).rows;

  it('should show the API refusal in Russian under the organisation and focus it, send with Ctrl+Enter and close with Escape', async () => {
    await page.goto(`${base}/#/cases/${caseId}/show/referrals`);
    await refer('Нужна помощь с документами');
    // the dialog says the reason and the case title reach the organisation only while consent holds
    await expect(page.getByTestId('refer-reason-privacy').innerText()).resolves.toContain('согласие');
    await page.getByTestId('refer-reason').press('Control+Enter');
    await waitFor(async () => ((await referrals()).length === 1 ? true : null));
    await page.getByTestId('refer-dialog').waitFor({ state: 'detached' });

    // the same organisation again: 409 REFERRAL_ALREADY_OPEN, shown under the organisation in the UI language
    await refer('Ещё раз');
    await page.getByTestId('refer-submit').click();
    const dialog = page.getByTestId('refer-dialog');
    await dialog.getByText('По этому делу уже есть открытое направление в эту организацию.').waitFor();
    await expect(dialog.getByText('already referred').count()).resolves.toBe(0);
    await expect(dialog.locator(':focus').getAttribute('role')).resolves.toBe('combobox');
    await expect(page.getByTestId('refer-submit').isEnabled()).resolves.toBe(true);
    expect(await referrals()).toHaveLength(1);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('should keep the consent on a stray Enter and withdraw it when the reason is sent with Ctrl+Enter', async () => {
    const consent = async () => (await t.db.query(`SELECT id, withdrawn_at FROM consent WHERE returnee_id = $1`, [returneeId])).rows[0];
    const { id } = await consent();
    await page.goto(`${base}/#/returnees/${returneeId}/show/consents`);
    await page.getByTestId(`withdraw-consent-${id}`).click();
    const dialog = page.getByTestId('withdraw-consent-dialog');
    await dialog.waitFor();
    // "keep" has the focus: Enter closes the dialog and changes nothing
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect((await consent()).withdrawn_at).toBeNull();

    await page.getByTestId(`withdraw-consent-${id}`).click();
    await page.getByTestId('consent-withdraw-reason').fill('Попросил по телефону');
    await page.getByTestId('consent-withdraw-reason').press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await waitFor(async () => ((await consent()).withdrawn_at ? true : null));
  });

  it('should stop a consent without scope at the first checkbox, then record it once one is ticked', async () => {
    const count = async () => Number((await t.db.query(`SELECT count(*) AS n FROM consent WHERE returnee_id = $1`, [returneeId])).rows[0].n);
    const before = await count();
    await page.goto(`${base}/#/returnees/${returneeId}/show/consents`);
    await page.getByTestId('record-consent').first().click();
    const dialog = page.getByTestId('record-consent-dialog');
    await page.getByTestId('consent-save').click();
    await dialog.getByText('Отметьте хотя бы одно разрешение.').waitFor();
    await expect(page.locator(':focus').getAttribute('data-testid')).resolves.toBe('consent-scope-data_processing');
    await page.keyboard.press('Space');
    await expect(dialog.getByText('Отметьте хотя бы одно разрешение.').count()).resolves.toBe(0);
    await page.getByTestId('consent-save').click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor(async () => ((await count()) === before + 1 ? true : null));
  });
});
