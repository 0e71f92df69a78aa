import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Page } from 'playwright-core';
import { INestApplicationContext } from '@nestjs/common';
import { Clock } from '@kaytuu/shared';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';
import { waitFor } from '../support/wait';
import { nextSevenDaysFilter } from '../../apps/console/src/follow-ups/followUpModel';

// The journey of a caseworker in real Chromium against the real API and the built console (served by the API).
describe('browser: a caseworker registers a returnee, works a legal-aid case and follows up', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    const env = { QUEUE_PREFIX: `kt_br_${randomBytes(4).toString('hex')}`, RELAY_INTERVAL_MS: '200', LOG_LEVEL: 'silent' };
    t = await createTestApp({ consoleDist: dist, env });
    // the real worker (relay + delivery) in-process on the same database and queue backend
    worker = await startTestWorker(t);
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ош — городской отдел', oblast: 'osh_city', district: 'Ош' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Динара Мамытова' });
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  it('should log in, register a returnee, open a legal-aid case, take it into work, schedule a follow-up, get its reminder on the bell, mark it done, see a visit in a week under Later and ask to close with a reason', async () => {
    await signIn(page, base, caseworker, 'Динара Мамытова');

    // register a returnee (Kyrgyz letters in the name; an entry ban in Russia)
    await page.goto(`${base}/#/returnees/create`);
    await page.locator('input[name="lastName"]').fill('Төлөгөнова');
    await page.locator('input[name="firstName"]').fill('Айпери');
    await choose(page, 'sex', 'female');
    await page.locator('input[name="birthDate"]').fill('1998-04-12');
    await page.locator('input[name="phone"]').fill('0555 123 456');
    await choose(page, 'oblast', 'osh');
    await page.locator('input[name="district"]').fill('Ноокатский');
    await page.locator('input[name="episodes.0.departedOn"]').fill('2020-03-01');
    await page.locator('input[name="episodes.0.returnedOn"]').fill('2025-09-15');
    await choose(page, 'episodes.0.sector', 'trade');
    await choose(page, 'episodes.0.returnReason', 'entry_ban');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/#\/returnees\/[0-9a-f-]{36}\/show/);
    const returneeId = /returnees\/([0-9a-f-]{36})/.exec(page.url())![1];
    const { rows: stored } = await t.db.query(`SELECT last_name, phone_hmac, office_id FROM returnee WHERE id = $1`, [returneeId]);
    expect(stored[0]).toEqual({ last_name: 'Төлөгөнова', phone_hmac: t.given.cipher.phoneHmac('+996555123456'), office_id: caseworker.officeId });

    // open a legal-aid case from the returnee's cases tab (the returnee is preselected)
    await page.goto(`${base}/#/returnees/${returneeId}/show/cases`);
    await page.getByTestId('returnee-cases').getByText('Открыть дело').click();
    await page.waitForURL(/#\/cases\/create/);
    await choose(page, 'type', 'legal_aid');
    await page.locator('input[name="title"]').fill('Обжалование запрета на въезд');
    await choose(page, 'details.issue', 'entry_ban');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/#\/cases\/[0-9a-f-]{36}\/show/);
    const caseId = /cases\/([0-9a-f-]{36})/.exec(page.url())![1];

    // the status buttons offer only the allowed transition; take the case into work
    await expect(page.getByTestId('transition-closed').count()).resolves.toBe(0);
    await page.getByTestId('transition-in_progress').click();
    await page.getByTestId('case-status').getByText('В работе').waitFor();
    const { rows: kase } = await t.db.query(`SELECT status, type, returnee_id, assignee_id FROM case_file WHERE id = $1`, [caseId]);
    expect(kase[0]).toEqual({ status: 'in_progress', type: 'legal_aid', returnee_id: returneeId, assignee_id: caseworker.id });
    expect(await t.given.count(`case_event WHERE case_id = '${caseId}' AND kind = 'status_changed'`)).toBe(1);

    // and it is in the case list
    await page.goto(`${base}/#/cases`);
    const row = page.locator('tr', { hasText: 'Обжалование запрета на въезд' });
    await row.waitFor();
    await expect(row.getByText('В работе').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(tmpdir(), 'kaytuu-journey.png') });

    // schedule a follow-up from the case page with a preset
    await page.goto(`${base}/#/cases/${caseId}/show`);
    await page.getByTestId('schedule-follow-up').click();
    await page.getByTestId('follow-up-preset-3d').click();
    await page.getByTestId('follow-up-save').click();
    let followUp: { id: string; due_at: Date } | undefined;
    await waitFor(async () => {
      followUp = (await t.db.query(`SELECT id, due_at FROM follow_up WHERE case_id = $1`, [caseId])).rows[0];
      return Boolean(followUp);
    });
    expect(await t.given.count(`reminder WHERE follow_up_id = '${followUp!.id}' AND status = 'pending'`)).toBeGreaterThan(0);

    // time passes for the worker (its injectable clock), so the reminders fall due now instead of in three days
    jest.spyOn(worker.get(Clock), 'now').mockImplementation(() => new Date(followUp!.due_at.getTime() + 60_000));
    await page
      .getByTestId('notification-count')
      .filter({ hasText: /^[1-9]/ })
      .waitFor({ timeout: 45_000 });

    // open the notification: it leads to the case's follow-ups, where the follow-up is marked done
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-item').first().click();
    await page.waitForURL(new RegExp(`#/cases/${caseId}/show/follow-ups`));
    await page.getByTestId(`follow-up-done-${followUp!.id}`).click();
    await page.getByTestId('follow-up-save').click();
    await page.locator(`[data-testid="follow-up-row"][data-id="${followUp!.id}"][data-status="done"]`).waitFor();
    const { rows: fu } = await t.db.query(`SELECT status, done_at FROM follow_up WHERE id = $1`, [followUp!.id]);
    expect(fu[0].status).toBe('done');
    expect(await t.given.count(`case_event WHERE case_id = '${caseId}' AND kind = 'follow_up_done'`)).toBe(1);
    expect(await t.given.count(`notification WHERE read_at IS NOT NULL AND user_id = '${caseworker.id}'`)).toBeGreaterThan(0);

    // a visit "in a week" is not out of sight: My tasks lists it under Later, the dashboard within the next seven days
    jest.restoreAllMocks();
    await page.goto(`${base}/#/cases/${caseId}/show`);
    await page.getByTestId('schedule-follow-up').click();
    await page.getByTestId('follow-up-preset-1w').click();
    await page.getByTestId('follow-up-save').click();
    const inAWeek = await waitFor(
      async () => (await t.db.query(`SELECT id, due_at FROM follow_up WHERE case_id = $1 AND status = 'scheduled'`, [caseId])).rows[0],
    );
    await page.goto(`${base}/#/my-tasks`);
    await page.getByTestId('my-tasks-later').locator(`[data-testid="follow-up-row"][data-id="${inAWeek.id}"]`).waitFor();
    await expect(page.getByTestId('my-tasks-this-week').locator(`[data-id="${inAWeek.id}"]`).count()).resolves.toBe(0);
    await page.goto(`${base}/#/`);
    const nextWeek = page.getByTestId('next-seven-days');
    await nextWeek.waitFor();
    // a preset that lands on a weekend moves to Monday, which can be the ninth day
    if (inAWeek.due_at.toISOString() <= String(nextSevenDaysFilter(new Date()).dueTo)) {
      await nextWeek.locator(`[data-testid="follow-up-row"][data-id="${inAWeek.id}"]`).waitFor();
    }

    // asking to close asks for the reason and summary the supervisor will decide on, and sends them with the request
    await page.goto(`${base}/#/cases/${caseId}/show`);
    await page.getByTestId('transition-pending_closure').click();
    const request = page.getByTestId('request-closure-dialog');
    await request.locator('[name="closureReason"]').fill('Запрет снят решением суда');
    await request.locator('[name="outcome"]').fill('Может снова выезжать в Россию');
    await page.getByTestId('confirm-request-closure').click();
    await page.getByTestId('case-status').getByText('Ожидает закрытия').waitFor();
    const { rows: asked } = await t.db.query(`SELECT status, closure_reason, outcome FROM case_file WHERE id = $1`, [caseId]);
    expect(asked[0]).toEqual({ status: 'pending_closure', closure_reason: 'Запрет снят решением суда', outcome: 'Может снова выезжать в Россию' });
  }, 150_000);
});
