import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// The action of every row the list shows now, read in one go (the list re-renders while a filter applies). The root
// tsconfig has no DOM types, hence the casts for the browser's elements.
type Attributes = { getAttribute(name: string): string | null };
const shownActions = (page: Page): Promise<Array<string | null>> =>
  page
    .getByTestId('audit-list')
    .locator('[data-testid="audit-action"]')
    .evaluateAll((els) => els.map((e) => (e as unknown as Attributes).getAttribute('data-action')));

// An admin browses the audit log in real Chromium against the real API: rows of earlier actions, a filter, one entry
// with its diff and hashes, the chain check (intact, then broken after the owner role rewrites a sealed row).
describe('browser: an admin browses the audit log and verifies its hash chain', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let admin: GivenUser;
  let caseworker: GivenUser;
  let returnee: { id: string; code: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Нарын — областной отдел', oblast: 'naryn', district: 'Нарын' });
    admin = await t.given.user('admin', { fullName: 'Айжан Сыдыкова' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Бакыт Жумабеков' });
    returnee = await t.given.returnee({ officeId: office.id, lastName: 'Абдыкалыков', firstName: 'Эрлан' });
    // audited actions through the real API: a change with a personal field (stored redacted) and an ordinary one
    const put = await t.http.put(`/api/returnees/${returnee.id}`).set(bearer(caseworker)).send({ version: 1, phone: '0555 123 456', district: 'Кочкор' });
    expect([put.status, put.status === 200 ? null : put.body]).toEqual([200, null]);
    const failed = await t.http.post('/api/auth/login').send({ email: caseworker.email, password: 'wrong password' });
    expect(failed.status).toBe(401);
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should list and filter the entries, open one, report the chain intact and then name the row the owner altered', async () => {
    await signIn(page, base, admin, 'Айжан Сыдыкова');

    // the menu leads to the log: the earlier sign-ins and the change are there, newest first, in Bishkek time
    await page.getByTestId('menu-audit').click();
    await page.waitForURL(/#\/audit/);
    const list = page.getByTestId('audit-list');
    await list.locator('tr', { hasText: 'Бакыт Жумабеков' }).locator('[data-action="login_failed"]').waitFor();
    await list.locator('tr', { hasText: 'Бакыт Жумабеков' }).locator('[data-action="update"]').waitFor();
    const firstTime = await list.locator('tbody tr').first().locator('td').nth(1).textContent();
    expect(firstTime).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);

    // "only this user" on a row narrows the list to the caseworker's entries (the admin's own sign-in goes away)
    await list.locator('tr', { hasText: 'Бакыт Жумабеков' }).first().getByTestId('audit-filter-actor').click();
    await page.waitForURL(new RegExp(caseworker.id));
    await waitFor(async () => {
      const rows = await list.locator('tbody tr').allTextContents();
      return rows.length >= 2 && rows.every((r) => r.includes('Бакыт Жумабеков')) ? rows : null;
    });

    // filtering by action as well leaves only the change; sorting by time goes through the address
    await choose(page, 'action', 'update');
    const filtered = await waitFor(async () => {
      const actions = await shownActions(page);
      return actions.length > 0 && actions.every((a) => a === 'update') ? actions : null;
    });
    expect(filtered).toEqual(['update']);
    await page.locator('thead').getByText('Время', { exact: true }).click();
    await page.waitForURL(/sort=at/);

    // the entry: the diff as a table, the phone redacted as stored, the district's old and new values
    const {
      rows: [change],
    } = await t.db.query(`SELECT id::text AS id FROM audit_log WHERE action = 'update' AND entity = 'returnee' AND entity_id = $1`, [returnee.id]);
    await list.locator('tbody tr').first().click();
    await page.waitForURL(new RegExp(`#/audit-logs/${change.id}/show`));
    const diff = page.getByTestId('audit-diff');
    await expect(diff.locator('[data-key="phone"]').getByTestId('audit-diff-redacted').textContent()).resolves.toBe('[redacted]');
    await expect(diff.locator('[data-key="district.to"] td').last().textContent()).resolves.toBe('Кочкор');
    await expect(page.getByTestId('audit-show-entity').textContent()).resolves.toBe('Вернувшийся');
    await page.screenshot({ path: join(tmpdir(), 'kaytuu-audit-entry.png'), fullPage: true });

    // Verify: seals what is pending, walks the chain and says it is intact with the number of entries checked
    await page.goBack();
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor({ timeout: 30_000 });
    await expect(result.getAttribute('data-outcome')).resolves.toBe('intact');
    const sealed = await t.given.count('audit_log WHERE seq IS NOT NULL');
    expect(sealed).toBeGreaterThanOrEqual(4);
    expect(await result.textContent()).toMatch(new RegExp(`Цепочка цела: проверен[аоы]? ${sealed} запис`));
    // the list reloads after the check: the change is now sealed
    await list.locator('tbody tr').first().locator('[data-testid="audit-seal"][data-sealed="true"]').waitFor();

    // the sealed entry shows its place in the chain and both hashes in monospace
    const {
      rows: [stored],
    } = await t.db.query(`SELECT seq::text AS seq, hash, prev_hash AS "prevHash" FROM audit_log WHERE id = $1`, [change.id]);
    await list.locator('tbody tr').first().click();
    await expect(page.getByTestId('audit-hash').textContent()).resolves.toBe(stored.hash);
    await expect(page.getByTestId('audit-prev-hash').textContent()).resolves.toBe(stored.prevHash);
    type Styles = { getComputedStyle(el: unknown): { fontFamily: string } };
    await expect(page.getByTestId('audit-hash').evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).fontFamily)).resolves.toMatch(
      /monospace/,
    );
    await page.getByTestId('audit-chain').getByText(`№ ${stored.seq}`).waitFor();

    // the owner role (not the API's) rewrites the sealed change with the triggers off: Verify names that entry
    await t.db.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    try {
      await t.db.query(`UPDATE audit_log SET diff = jsonb_set(diff, '{district,to}', '"Ат-Башы"') WHERE id = $1`, [change.id]);
    } finally {
      await t.db.query(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    }
    await page.goBack();
    await page.getByTestId('audit-verify').click();
    await waitFor(async () => (await result.getAttribute('data-outcome')) === 'broken');
    await expect(result.getAttribute('data-broken-id')).resolves.toBe(change.id);
    await result.getByTestId('audit-verify-reason').getByText('Содержимое не совпадает с хешем', { exact: false }).waitFor();
    await result.getByTestId('audit-verify-broken').getByText(`№${change.id}`, { exact: false }).waitFor();
    await page.screenshot({ path: join(tmpdir(), 'kaytuu-audit-broken.png'), fullPage: true });

    // the link opens the altered entry, showing what is stored now
    await result.getByTestId('audit-verify-open-broken').click();
    await page.waitForURL(new RegExp(`#/audit-logs/${change.id}/show`));
    await page.getByTestId('audit-diff').locator('[data-key="district.to"] td').last().getByText('Ат-Башы', { exact: true }).waitFor();
  }, 150_000);

  it('should not offer the audit log to a caseworker', async () => {
    await signIn(page, base, caseworker, 'Бакыт Жумабеков');
    await page.getByTestId('menu-imports').waitFor();
    await expect(page.getByTestId('menu-audit').count()).resolves.toBe(0);
    // and the API refuses the caseworker in any case
    const res = await t.http.get('/api/audit-logs').set(bearer(caseworker));
    expect(res.status).toBe(403);
  }, 60_000);
});
