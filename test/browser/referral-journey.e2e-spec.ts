import { Page } from 'playwright-core';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// The closed loop in real Chromium: a caseworker refers a legal-aid case to an NGO, the NGO's staff member signs in,
// sees only the shared fields, accepts, leaves a service note, starts and completes the service; the caseworker reads the outcome on the
// case timeline.
describe('browser: a referral goes to an NGO and comes back with the outcome', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let ngoStaff: GivenUser;
  let caseId: string;
  let org: { id: string; name: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — городской отдел', oblast: 'osh_city', district: 'Ош' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Динара Мамытова' });
    org = await t.given.organization({ name: 'Правовая клиника «Адилет»', services: ['legal_aid'], oblasts: ['bishkek', 'osh_city'] });
    ngoStaff = await t.given.user('ngo_staff', { organizationId: org.id, fullName: 'Бакыт Осмонов' });
    const r = await t.given.returnee({
      officeId: office.id,
      lastName: 'Төлөгөнова',
      firstName: 'Айпери',
      sex: 'female',
      pin: '21204199800123',
      phone: '+996555123456',
    });
    await t.db.query(`UPDATE returnee SET oblast = 'osh_city' WHERE id = $1`, [r.id]);
    await t.db.query(
      `INSERT INTO consent (returnee_id, scope, given_at, recorded_by) VALUES ($1, '{data_processing,share_with_ngo}', now() - interval '1 day', $2)`,
      [r.id, caseworker.id],
    );
    caseId = (await t.given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: caseworker.id, status: 'in_progress' })).id;
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should refer, accept, serve and complete, and show the outcome on the case timeline', async () => {
    // the caseworker refers the case from its Referrals tab
    await signIn(page, base, caseworker, 'Динара Мамытова');
    await page.goto(`${base}/#/cases/${caseId}/show/referrals`);
    await page.getByTestId('refer-case').click();
    await page.getByTestId('refer-consent-ok').waitFor();
    await page.getByTestId('refer-organization').click();
    await page.getByTestId('refer-organization-option').filter({ hasText: org.name }).click();
    await page.getByTestId('refer-reason').fill('Работодатель в Москве не выплатил зарплату за 3 месяца');
    await page.getByTestId('refer-submit').click();
    const referral = await waitFor(
      async () => (await t.db.query(`SELECT id, status, shared_fields FROM referral WHERE case_id = $1`, [caseId])).rows[0] ?? null,
    );
    expect(referral).toMatchObject({ status: 'sent', shared_fields: ['name', 'phone'] });
    await page.getByTestId('case-referrals').getByTestId('referral-status').first().waitFor();

    // the NGO's staff member sees it, with only the shared fields
    await signIn(page, base, ngoStaff, 'Бакыт Осмонов');
    await page.goto(`${base}/#/referrals/${referral.id}/show`);
    await page.getByTestId('shared-fullName').getByText('Төлөгөнова Айпери').waitFor();
    await page.getByTestId('shared-phone').waitFor();
    await expect(page.getByTestId('shared-pin').count()).resolves.toBe(0);
    await expect(page.getByText('21204199800123').count()).resolves.toBe(0);

    await page.getByTestId('referral-transition-accepted').click();
    await waitFor(async () => ((await t.db.query(`SELECT status FROM referral WHERE id = $1`, [referral.id])).rows[0].status === 'accepted' ? true : null));
    // a service note for the office
    await page.getByTestId('referral-note-text').fill('Клиентка пришла, готовим претензию работодателю');
    await page.getByTestId('referral-note-add').click();
    await page.getByTestId('referral-note').filter({ hasText: 'готовим претензию' }).waitFor();
    await page.getByTestId('referral-transition-in_service').click();
    await waitFor(async () => ((await t.db.query(`SELECT status FROM referral WHERE id = $1`, [referral.id])).rows[0].status === 'in_service' ? true : null));
    await page.getByTestId('referral-transition-completed').click();
    await page.getByTestId('referral-outcome').fill('Зарплата выплачена после претензии: 85 000 руб.');
    await page.getByTestId('referral-confirm-completed').click();
    const done = await waitFor(async () => {
      const row = (await t.db.query(`SELECT status, outcome FROM referral WHERE id = $1`, [referral.id])).rows[0];
      return row.status === 'completed' ? row : null;
    });
    expect(done.outcome).toBe('Зарплата выплачена после претензии: 85 000 руб.');

    // back at the office, the outcome is on the case timeline
    await signIn(page, base, caseworker, 'Динара Мамытова');
    await page.goto(`${base}/#/cases/${caseId}/show/events`);
    await page.getByText('Зарплата выплачена после претензии: 85 000 руб.').first().waitFor();
    await page.getByText('Клиентка пришла, готовим претензию работодателю').first().waitFor();
    const { rows } = await t.db.query(`SELECT kind FROM case_event WHERE case_id = $1 AND kind LIKE 'referral_%' ORDER BY at`, [caseId]);
    expect(rows.map((e) => e.kind)).toEqual(['referral_sent', 'referral_accepted', 'referral_note', 'referral_in_service', 'referral_completed']);
  }, 150_000);
});
