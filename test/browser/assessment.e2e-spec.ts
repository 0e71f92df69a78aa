import { Page } from 'playwright-core';
import form from '../../libs/reintegration/src/needs-assessment.json';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// the answers of test/e2e/assessments.e2e-spec.ts: economic 0.348, social 0.682, psychosocial 0.593, composite 0.541
const ANSWERS: Record<string, string> = {
  income: 'partly',
  employment: 'casual',
  skills: 'uncertified',
  debt: 'cannot_repay',
  housing: 'family_stable',
  documents: 'some_missing',
  health_access: 'always',
  children_school: 'no_children',
  justice: 'knows_cannot',
  wellbeing: 'sometimes',
  family_ties: 'supportive',
  community: 'partly',
  stress: 'sometimes',
};
const questions = form.dimensions.flatMap((d) => d.questions);
const ky = (questionId: string, optionId?: string) => {
  const q = questions.find((x) => x.id === questionId)!;
  return optionId ? q.options.find((o) => o.id === optionId)!.label.ky : q.text.ky;
};

// A caseworker working in Kyrgyz registers a returnee, is offered the intake needs assessment right away, answers the
// form rendered from the data file in Kyrgyz (radio groups named by their questions), sees the scores and the priority,
// and then the history chart on the returnee's assessment tab; marking a monitoring follow-up done offers the
// assessment linked to that contact (after the reintegration survey).
describe('browser: needs assessment in Kyrgyz', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — Ноокат', oblast: 'osh', district: 'Ноокатский' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Динара Мамытова' });
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, base, caseworker, 'Динара Мамытова');
    // the console in Kyrgyz (the language menu of the app bar)
    await page.locator('header button', { hasText: /^(Русский|English|Кыргызча)$/ }).click();
    await page.getByRole('menuitem', { name: 'Кыргызча' }).click();
    await page.getByTestId('app-menu').getByText('Башкы бет', { exact: true }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should offer the intake assessment after registration, score it and chart the history', async () => {
    await page.goto(`${base}/#/returnees/create`);
    await page.locator('input[name="lastName"]').fill('Төлөгөнова');
    await page.locator('input[name="firstName"]').fill('Айпери');
    await choose(page, 'sex', 'female');
    await page.locator('input[name="birthDate"]').fill('1998-04-12');
    await choose(page, 'oblast', 'osh');
    await page.locator('input[name="district"]').fill('Ноокатский');
    await page.locator('input[name="episodes.0.departedOn"]').fill('2020-03-01');
    await page.locator('input[name="episodes.0.returnedOn"]').fill('2025-09-15');
    await choose(page, 'episodes.0.sector', 'trade');
    await choose(page, 'episodes.0.returnReason', 'entry_ban');
    await page.getByRole('button', { name: 'Сактоо' }).click();
    await page.waitForURL(/#\/returnees\/[0-9a-f-]{36}\/show/);
    const returneeId = /returnees\/([0-9a-f-]{36})/.exec(page.url())![1];

    // the offer, then the dialog in Kyrgyz with the intake occasion chosen
    await page.getByTestId('assessment-offer').waitFor();
    await page.getByTestId('assessment-offer-take').click();
    const dialog = page.getByTestId('assessment-dialog');
    await dialog.getByRole('radiogroup', { name: ky('income') }).waitFor();
    await expect(dialog.locator('input[name="occasion"]').inputValue()).resolves.toBe('intake');

    // saving with questions unanswered: the form says so, and nothing is stored
    await dialog
      .getByRole('radiogroup', { name: ky('income') })
      .getByRole('radio', { name: ky('income', 'partly') })
      .check();
    await dialog.getByTestId('assessment-save').click();
    await dialog.getByText('Сактоодон мурун бардык суроолорго жооп бериңиз.').waitFor();
    expect(await t.given.count('needs_assessment')).toBe(0);

    // every question by its accessible name, every answer by its Kyrgyz label
    for (const [q, o] of Object.entries(ANSWERS)) {
      await dialog
        .getByRole('radiogroup', { name: ky(q) })
        .getByRole('radio', { name: ky(q, o), exact: true })
        .check();
    }
    await dialog.getByTestId('assessment-save').click();
    await dialog.getByTestId('assessment-result').waitFor();
    await expect(dialog.getByTestId('assessment-result-composite').textContent()).resolves.toBe('0.54');
    await expect(dialog.getByTestId('assessment-result-economic').textContent()).resolves.toBe('0.35');
    await expect(dialog.getByTestId('assessment-result-priorities').textContent()).resolves.toBe('Экономикалык');
    const { rows } = await t.db.query(`SELECT occasion, composite::text, priorities, answers_enc FROM needs_assessment WHERE returnee_id = $1`, [returneeId]);
    expect(rows).toEqual([{ occasion: 'intake', composite: '0.541', priorities: ['economic'], answers_enc: expect.stringMatching(/^v1\./) }]);
    await dialog.getByTestId('assessment-done').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('assessment-offer').waitFor({ state: 'detached' });

    // a 12-month monitoring assessment later on: the tab charts both, newest first in the table
    const later = await t.http
      .post('/api/assessments')
      .set(bearer(caseworker))
      .send({ returneeId, formVersion: form.version, occasion: 'monitoring_12m', answers: { ...ANSWERS, income: 'covers_all', debt: 'repaying' } });
    expect(later.status).toBe(201);
    await page.goto(`${base}/#/returnees/${returneeId}/show/assessment`);
    await page.getByTestId('assessment-chart').waitFor();
    await waitFor(async () => (await page.getByTestId('assessment-row').count()) === 2, 15_000);
    // four lines (composite and the three dimensions), two points each
    await waitFor(async () => (await page.getByTestId('assessment-chart').locator('.MuiLineChart-line').count()) === 4, 15_000);
    await expect(page.getByTestId('assessment-row').first().textContent()).resolves.toContain('Мониторинг, 12 ай');
    // the intake's answers, read against its form version, in Kyrgyz
    await page.getByTestId('assessment-row').nth(1).getByTestId('assessment-show-answers').click();
    await expect(page.getByTestId('assessment-answers').getByTestId('assessment-answer-debt').textContent()).resolves.toBe(ky('debt', 'cannot_repay'));
  });

  it('should offer the assessment linked to a monitoring follow-up once staff mark it done', async () => {
    const returnee = await t.given.returnee({ officeId: caseworker.officeId!, lastName: 'Бакыт уулу', firstName: 'Эрмек' });
    const c = await t.given.caseFile({ returneeId: returnee.id, officeId: caseworker.officeId!, status: 'closed', assigneeId: caseworker.id });
    const { rows: fu } = await t.db.query(
      `INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, status, due_at)
       VALUES ($1, $2, $3, $4, 'monitoring_12m', 'scheduled', now()) RETURNING id`,
      [c.id, returnee.id, caseworker.officeId, caseworker.id],
    );
    await page.goto(`${base}/#/returnees/${returnee.id}/show/follow-ups`);
    await page.getByTestId(`follow-up-done-${fu[0].id}`).click();
    await page.getByTestId('follow-up-save').click();
    // the reintegration survey comes first; skipped here (Escape), the needs assessment follows for the same contact
    await page.getByTestId('record-survey-dialog').waitFor();
    await page.keyboard.press('Escape');
    const dialog = page.getByTestId('assessment-dialog');
    await dialog.locator('[role="radiogroup"]').first().waitFor();
    await expect(dialog.locator('input[name="occasion"]').inputValue()).resolves.toBe('monitoring_12m');
    for (const [q, o] of Object.entries(ANSWERS)) await dialog.getByTestId(`assessment-${q}-${o}`).check();
    await dialog.getByTestId('assessment-save').click();
    await dialog.getByTestId('assessment-result').waitFor();
    await dialog.getByTestId('assessment-done').click();
    await dialog.waitFor({ state: 'detached' });
    const { rows } = await t.db.query(`SELECT occasion, follow_up_id FROM needs_assessment WHERE returnee_id = $1`, [returnee.id]);
    expect(rows).toEqual([{ occasion: 'monitoring_12m', follow_up_id: fu[0].id }]);
  });
});
