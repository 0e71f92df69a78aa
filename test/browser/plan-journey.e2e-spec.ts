import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { pdfText } from '../support/pdf-text';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// Issue 16's "done when" in real Chromium against the real API and the built console: a caseworker registers a
// returnee, takes the intake needs assessment, opens a case and refers it, drafts an individual reintegration plan
// whose goals link to that case and referral, prints it in Kyrgyz, records the signature and submits it; the
// supervisor approves it from "plans awaiting approval"; at a monitoring follow-up the caseworker reviews it and sees
// the progress on the goals.
describe('browser: a caseworker drafts a reintegration plan, the supervisor approves it, the caseworker reviews it', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let supervisor: GivenUser;
  let org: { id: string; name: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — городской отдел', oblast: 'osh_city', district: 'Ош' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Динара Мамытова' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Нурлан Асанов' });
    org = await t.given.organization({ name: 'Правовая клиника «Адилет»', services: ['legal_aid'], oblasts: ['osh', 'osh_city'] });
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(tmpdir(), `kaytuu-plan-${name}.png`), fullPage: true }).catch(() => undefined);

  it('should assess, open a case and a referral, draft a plan linking them, print it in Kyrgyz, submit, approve, review at monitoring, show the progress and revise into a new version', async () => {
    await signIn(page, base, caseworker, 'Динара Мамытова');

    // register a returnee
    await page.goto(`${base}/#/returnees/create`);
    await page.locator('input[name="lastName"]').fill('Төлөгөнова');
    await page.locator('input[name="firstName"]').fill('Айпери');
    await choose(page, 'sex', 'female');
    await page.locator('input[name="birthDate"]').fill('1998-04-12');
    await page.locator('input[name="phone"]').fill('0555 123 457');
    await choose(page, 'oblast', 'osh');
    await page.locator('input[name="district"]').fill('Ноокатский');
    await page.locator('input[name="episodes.0.departedOn"]').fill('2020-03-01');
    await page.locator('input[name="episodes.0.returnedOn"]').fill('2025-09-15');
    await choose(page, 'episodes.0.sector', 'trade');
    await choose(page, 'episodes.0.returnReason', 'entry_ban');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/#\/returnees\/[0-9a-f-]{36}\/show/);
    const returneeId = /returnees\/([0-9a-f-]{36})/.exec(page.url())![1];
    const { rows: r } = await t.db.query(`SELECT code FROM returnee WHERE id = $1`, [returneeId]);
    const code: string = r[0].code;

    // the intake needs assessment offered right after registration: every question answered
    await page.getByTestId('assessment-offer-take').click();
    const assessment = page.getByTestId('assessment-dialog');
    await assessment.locator('[role="radiogroup"]').first().waitFor();
    const groups = assessment.locator('[role="radiogroup"]');
    for (let i = 0; i < (await groups.count()); i++) await groups.nth(i).locator('input[type="radio"]').first().check();
    await page.getByTestId('assessment-save').click();
    await page.getByTestId('assessment-result').waitFor();
    await page.getByTestId('assessment-done').click();
    expect(await t.given.count(`needs_assessment WHERE returnee_id = '${returneeId}'`)).toBe(1);

    // a legal-aid case from the cases tab
    await page.goto(`${base}/#/returnees/${returneeId}/show/cases`);
    await page.getByTestId('returnee-cases').getByText('Открыть дело').click();
    await page.waitForURL(/#\/cases\/create/);
    await choose(page, 'type', 'legal_aid');
    await page.locator('input[name="title"]').fill('Обжалование запрета на въезд');
    await choose(page, 'details.issue', 'entry_ban');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/#\/cases\/[0-9a-f-]{36}\/show/);
    const caseId = /cases\/([0-9a-f-]{36})/.exec(page.url())![1];

    // the returnee agreed to share with NGOs (recorded on paper; entered here directly), then the case is referred
    await t.db.query(
      `INSERT INTO consent (returnee_id, scope, given_at, recorded_by) VALUES ($1, '{data_processing,share_with_ngo}', now() - interval '1 minute', $2)`,
      [returneeId, caseworker.id],
    );
    await page.goto(`${base}/#/cases/${caseId}/show/referrals`);
    await page.getByTestId('refer-case').click();
    await page.getByTestId('refer-consent-ok').waitFor();
    await page.getByTestId('refer-organization').click();
    await page.getByTestId('refer-organization-option').filter({ hasText: org.name }).click();
    await page.getByTestId('refer-reason').fill('Юридическая помощь: обжалование запрета на въезд');
    await page.getByTestId('refer-submit').click();
    const referral = await waitFor(async () => (await t.db.query(`SELECT id FROM referral WHERE case_id = $1`, [caseId])).rows[0] ?? null);

    // the plan tab: nothing yet; start a plan
    await page.goto(`${base}/#/returnees/${returneeId}/show/plan`);
    await page.getByTestId('plan-empty').waitFor();
    await page.getByTestId('plan-create').click();
    await page.getByTestId('plan-create-confirm').click();
    await page.getByTestId('plan-status').and(page.locator('[data-status="draft"]')).waitFor();
    // the needs assessment's priorities are where the goals start
    await page.getByTestId('plan-priorities').waitFor();

    const target = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
    const addGoal = async (dimension: string, text: string) => {
      await page.getByTestId('plan-add-goal').click();
      const dialog = page.getByTestId('plan-goal-dialog');
      await choose(page, 'dimension', dimension);
      await dialog.getByTestId('plan-goal-text').fill(text);
      await dialog.getByTestId('plan-goal-target').fill(target);
      await page.getByTestId('plan-goal-save').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('plan-goal-text').filter({ hasText: text }).waitFor();
    };
    const addAction = async (goalText: string, kind: 'case' | 'referral', refId: string) => {
      const goal = page.getByTestId('plan-goal').filter({ has: page.getByTestId('plan-goal-text').filter({ hasText: goalText }) });
      await goal.getByTestId('plan-add-action').click();
      const dialog = page.getByTestId('plan-action-dialog');
      if (kind !== 'case') await choose(page, 'kind', kind);
      await choose(page, 'refId', refId);
      await page.getByTestId('plan-action-save').click();
      await dialog.waitFor({ state: 'hidden' });
      await goal.locator(`[data-testid="plan-action"][data-ref-id="${refId}"]`).waitFor();
    };

    // a goal in the past is refused before it reaches the API
    await page.getByTestId('plan-add-goal').click();
    await choose(page, 'dimension', 'social');
    await page.getByTestId('plan-goal-text').fill('Кирүүгө тыюуну алып салуу');
    await page.getByTestId('plan-goal-target').fill('2020-01-01');
    await page.getByTestId('plan-goal-save').click();
    await page.getByTestId('plan-goal-dialog').getByText('Срок не может быть в прошлом').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('plan-goal-dialog').waitFor({ state: 'hidden' });

    await addGoal('social', 'Кирүүгө тыюуну алып салуу');
    await addAction('Кирүүгө тыюуну алып салуу', 'case', caseId);
    await addGoal('economic', 'Үч айлык эмгек акыны өндүрүү');
    await addAction('Үч айлык эмгек акыны өндүрүү', 'referral', referral.id);
    // and a free task with an owner and a due date
    const social = page.getByTestId('plan-dimension-social').getByTestId('plan-goal');
    await social.getByTestId('plan-add-action').click();
    await choose(page, 'kind', 'task');
    await page.getByTestId('plan-action-text').fill('Собрать документы для суда');
    await choose(page, 'ownerUserId', caseworker.id);
    await page.getByTestId('plan-action-due').fill(target);
    await page.getByTestId('plan-action-save').click();
    await page.getByTestId('plan-action-dialog').waitFor({ state: 'hidden' });
    await social.locator('[data-testid="plan-action"][data-kind="task"]').getByText('Собрать документы для суда').waitFor();
    // the linked records' labels link to them
    await page.getByTestId('plan-dimension-social').getByTestId('plan-action-link').first().waitFor();
    const { rows: actions } = await t.db.query(
      `SELECT a.kind, a.ref_id FROM plan_action a JOIN plan_goal g ON g.id = a.goal_id JOIN plan_version p ON p.id = g.plan_version_id
        WHERE p.returnee_id = $1 AND a.kind <> 'task' ORDER BY a.kind`,
      [returneeId],
    );
    expect(actions).toEqual([
      { kind: 'case', ref_id: caseId },
      { kind: 'referral', ref_id: referral.id },
    ]);
    await shot('draft');

    // print it in Kyrgyz: a PDF download whose text has the Kyrgyz letters
    await page.getByTestId('plan-print').click();
    await page.getByTestId('plan-print-ky').check();
    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse((res) => /\/api\/plans\/[0-9a-f-]{36}\/pdf\?lang=ky/.test(res.url())),
      page.getByTestId('plan-print-download').click(),
    ]);
    expect(response.headers()['content-type']).toMatch(/^application\/pdf/);
    expect(download.suggestedFilename()).toBe(`plan-${code}-v1.pdf`);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Мөөнөтү');
    expect(text).toContain('Үч айлык эмгек акыны өндүрүү');
    expect(text).toMatch(/[ңөү]/);
    await page.getByTestId('plan-print-dialog').waitFor({ state: 'hidden' });

    // the returnee signs the printed plan today
    await page.getByTestId('plan-signature').click();
    await page.getByTestId('plan-signature-save').click();
    await page.getByTestId('plan-signature-dialog').waitFor({ state: 'hidden' });
    await waitFor(async () => (await t.db.query(`SELECT signed_on FROM plan_version WHERE returnee_id = $1`, [returneeId])).rows[0]?.signed_on ?? null);

    // submit for approval
    await page.getByTestId('plan-submit').click();
    await page.getByTestId('plan-submit-confirm').click();
    await page.getByTestId('plan-status').and(page.locator('[data-status="submitted"]')).waitFor();

    // the supervisor approves it from the plans awaiting approval (counted on the Approvals menu entry)
    await signIn(page, base, supervisor, 'Нурлан Асанов');
    await page
      .getByTestId('approvals-badge')
      .filter({ hasText: /^[1-9]/ })
      .waitFor();
    // told on the bell, in the UI language; the notification opens the plan on the returnee's page
    await page.getByTestId('notification-bell').click();
    await page
      .getByTestId('notification-item')
      .filter({ hasText: `Версия 1 плана: Төлөгөнова Айпери (${code}) ждёт вашего утверждения` })
      .click();
    await page.waitForURL(new RegExp(`#/returnees/${returneeId}/show/plan`));
    await page.getByTestId('plan-status').and(page.locator('[data-status="submitted"]')).waitFor();
    await page.goto(`${base}/#/approvals`);
    await page.getByTestId('plans-awaiting').getByText(code).first().waitFor();
    await shot('awaiting');
    await page.getByTestId(`approve-plan-${code}`).first().click();
    await page.getByTestId('plan-approve-confirm').click();
    await page.getByTestId('plan-approve-dialog').waitFor({ state: 'hidden' });
    const approved = await waitFor(async () => {
      const row = (await t.db.query(`SELECT id, status, approved_by FROM plan_version WHERE returnee_id = $1`, [returneeId])).rows[0];
      return row?.status === 'approved' ? row : null;
    });
    expect(approved.approved_by).toBe(supervisor.id);
    await page.getByTestId('plans-awaiting-empty').waitFor();

    // a month later the monitoring follow-up is due (as case closure schedules them); the caseworker reviews the plan
    const { rows: fu } = await t.db.query(
      `INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, status, due_at)
       VALUES ($1, $2, $3, $4, 'monitoring_1m', 'scheduled', now()) RETURNING id`,
      [caseId, returneeId, caseworker.officeId, caseworker.id],
    );
    await signIn(page, base, caseworker, 'Динара Мамытова');
    await page.goto(`${base}/#/returnees/${returneeId}/show/plan`);
    await page.getByTestId('plan-status').and(page.locator('[data-status="approved"]')).waitFor();
    await page.getByTestId('plan-monitoring-due').waitFor();
    // the contact takes place: marking the follow-up done offers the survey, the needs assessment (both left for
    // now) and then the plan's review for that follow-up
    await page.goto(`${base}/#/returnees/${returneeId}/show/follow-ups`);
    await page.getByTestId(`follow-up-done-${fu[0].id}`).click();
    await page.getByTestId('follow-up-save').click();
    await page.getByTestId('record-survey-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('assessment-dialog').waitFor();
    await page.keyboard.press('Escape');
    const review = page.getByTestId('plan-review-dialog');
    await review.waitFor();
    await review.locator(`input[name="followUpId"][value="${fu[0].id}"]`).waitFor({ state: 'attached' });
    const goals = review.getByTestId('plan-review-goal');
    await goals.first().waitFor();
    expect(await goals.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      const title = await goals.nth(i).locator('h3').innerText();
      await choose(page, `goals.${i}.status`, 'in_progress');
      await review
        .getByTestId(`plan-review-progress-${i}`)
        .fill(title.includes('Үч айлык') ? 'Претензия работодателю направлена через «Адилет»' : 'Жалоба подана в суд, заседание назначено');
    }
    await page.getByTestId('plan-review-save').click();
    await review.waitFor({ state: 'hidden' });
    await page.goto(`${base}/#/returnees/${returneeId}/show/plan`);

    // the progress shows on the goals, the plan is under review
    await page.getByTestId('plan-status').and(page.locator('[data-status="under_review"]')).waitFor();
    await page.getByTestId('plan-goal-progress').filter({ hasText: 'Претензия работодателю направлена' }).waitFor();
    await page.getByTestId('plan-goal-progress').filter({ hasText: 'Жалоба подана в суд' }).waitFor();
    await page.getByTestId('plan-reviews').waitFor();
    await shot('reviewed');
    const { rows: reviews } = await t.db.query(`SELECT follow_up_id FROM plan_review WHERE plan_version_id = $1`, [approved.id]);
    expect(reviews).toEqual([{ follow_up_id: fu[0].id }]);
    expect((await t.db.query(`SELECT status FROM follow_up WHERE id = $1`, [fu[0].id])).rows[0].status).toBe('done');

    // changing the approved plan makes a new draft version; the reviewed one stays readable and in force meanwhile
    await page.getByTestId('plan-revise').click();
    await page.getByTestId('plan-revise-confirm').click();
    await page.locator('[data-testid="plan-header"][data-version="2"]').waitFor();
    await page.getByTestId('plan-status').and(page.locator('[data-status="draft"]')).first().waitFor();
    await page.getByTestId('plan-versions').getByTestId('plan-version-row').nth(1).waitFor();
    await page.getByTestId('plan-show-version-1').click();
    await page.getByTestId('plan-older-version').waitFor();
    await page.getByTestId('plan-goal-progress').filter({ hasText: 'Жалоба подана в суд' }).waitFor();
    await expect(page.getByTestId('plan-add-goal').count()).resolves.toBe(0);
    await page.getByTestId('plan-show-current').click();
    await page.locator('[data-testid="plan-header"][data-version="2"]').waitFor();
    const { rows: versions } = await t.db.query(`SELECT version, status, in_force FROM plan_version WHERE returnee_id = $1 ORDER BY version`, [returneeId]);
    expect(versions).toEqual([
      { version: 1, status: 'under_review', in_force: true },
      { version: 2, status: 'draft', in_force: false },
    ]);
  }, 240_000);

  it("should refuse, in the approval dialog, a supervisor's approval of a plan they drafted themselves", async () => {
    const r = await t.given.returnee({ officeId: supervisor.officeId!, lastName: 'Үсөнов', firstName: 'Бакыт' });
    const target = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const created = await t.http
      .post('/api/plans')
      .set(bearer(supervisor))
      .send({ returneeId: r.id, goals: [{ dimension: 'psychosocial', text: 'Үй-бүлө менен байланышты калыбына келтирүү', targetDate: target, actions: [] }] });
    expect(created.status).toBe(201);
    expect((await t.http.post(`/api/plans/${created.body.id}/submit`).set(bearer(supervisor))).status).toBe(200);

    await signIn(page, base, supervisor, 'Нурлан Асанов');
    await page.goto(`${base}/#/returnees/${r.id}/show/plan`);
    await page.getByTestId('plan-approve').click();
    await page.getByTestId('plan-approve-confirm').click();
    await page.getByTestId('plan-approve-error').getByText('Эту версию плана составили вы').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('plan-status').and(page.locator('[data-status="submitted"]')).waitFor();
    const { rows } = await t.db.query(`SELECT status, approved_by FROM plan_version WHERE id = $1`, [created.body.id]);
    expect(rows[0]).toEqual({ status: 'submitted', approved_by: null });
  }, 60_000);

  it('should return a plan with a comment from plans awaiting approval, and show the comment to the caseworker with the plan editable again', async () => {
    const r = await t.given.returnee({ officeId: caseworker.officeId!, lastName: 'Эшимова', firstName: 'Жылдыз' });
    const target = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const created = await t.http
      .post('/api/plans')
      .set(bearer(caseworker))
      .send({ returneeId: r.id, goals: [{ dimension: 'economic', text: 'Кесиптик курстан өтүү', targetDate: target, actions: [] }] });
    expect(created.status).toBe(201);
    expect((await t.http.post(`/api/plans/${created.body.id}/submit`).set(bearer(caseworker))).status).toBe(200);

    await signIn(page, base, supervisor, 'Нурлан Асанов');
    await page.goto(`${base}/#/approvals`);
    await page.getByTestId(`return-plan-${r.code}`).first().click();
    // a return without a comment is refused before it reaches the API
    await page.getByTestId('plan-return-confirm').click();
    await page.getByTestId('plan-return-dialog').getByText('Напишите комментарий для кейс-менеджера').waitFor();
    await page.getByTestId('plan-return-comment').fill('Добавьте действие: кто и когда запишет на курсы');
    await page.getByTestId('plan-return-confirm').click();
    await page.getByTestId('plan-return-dialog').waitFor({ state: 'hidden' });
    await waitFor(async () =>
      (await t.db.query(`SELECT status FROM plan_version WHERE id = $1`, [created.body.id])).rows[0].status === 'returned' ? true : null,
    );

    await signIn(page, base, caseworker, 'Динара Мамытова');
    await page.goto(`${base}/#/returnees/${r.id}/show/plan`);
    await page.getByTestId('plan-returned-comment').getByText('Добавьте действие: кто и когда запишет на курсы').waitFor();
    await page.getByTestId('plan-add-action').waitFor();
    await page.getByTestId('plan-submit').waitFor();
  }, 60_000);
});
