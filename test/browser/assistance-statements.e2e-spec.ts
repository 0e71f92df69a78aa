import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Page } from 'playwright-core';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { axeProblems } from '../support/walk';

const day = (offsetDays: number) => new Date(Date.now() + 6 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const TODAY = day(0);
// Intl output uses no-break and narrow no-break spaces between groups and before the currency
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

// Issue 19 in real Chromium against the real API and the built console: the admin downloads a programme's donor
// statement (CSV and XLSX, a range of days) from the programme's page, a supervisor reverses a disbursed grant with a
// reason and sees the reversal in the item's ledger, and the reports page shows the assistance report's money
// formatted in the row's currency.
describe('browser: donor statements, reversing a disbursement, assistance report money', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let admin: GivenUser;
  let supervisor: GivenUser;
  let donor: GivenUser;
  let caseworker: GivenUser;
  let programmeId = '';
  let itemId = '';
  let returneeId = '';

  const ok = async (res: PromiseLike<{ status: number; body: unknown }>, status: number) => {
    const r = await res;
    if (r.status !== status) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string };
  };
  // a business grant proposed by the caseworker and approved by the supervisor (through the API), then paid: all of it,
  // or the part given with the rest kept committed
  const paidGrant = async (amountMinor: number, justification: string, paid: Record<string, unknown>) => {
    const { id } = await ok(
      t.http
        .post('/api/assistance')
        .set(bearer(caseworker))
        .send({ returneeId, programmeId, type: 'business_grant', amountMinor, currency: 'KGS', justification }),
      201,
    );
    await ok(t.http.post(`/api/assistance/${id}/approve`).set(bearer(supervisor)).send({}), 200);
    await ok(
      t.http
        .post(`/api/assistance/${id}/disburse`)
        .set(bearer(caseworker))
        .send({ disbursedOn: TODAY, ...paid }),
      200,
    );
    return id;
  };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Талас — областной отдел', oblast: 'talas', district: 'Талас' });
    admin = await t.given.user('admin', { fullName: 'Айгерим Токтосунова' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Эрмек Жумабаев' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Гүлнара Осмонова' });
    // a programme of 1 000 000 som for business grants, and a grant of 25 000 som paid out from it (through the API)
    programmeId = (
      await ok(
        t.http
          .post('/api/programmes')
          .set(bearer(admin))
          .send({
            name: 'Старт в Таласе',
            funder: 'Государственный фонд миграции',
            currency: 'KGS',
            startsOn: day(-30),
            endsOn: day(365),
            oblasts: [],
            assistanceTypes: ['business_grant'],
            lines: [{ assistanceType: 'business_grant', amountMinor: 100_000_000 }],
          }),
        201,
      )
    ).id;
    returneeId = (await t.given.returnee({ officeId: office.id, lastName: 'Сатыбалдиев', firstName: 'Азамат', birthDate: '1988-05-02' })).id;
    itemId = await paidGrant(2_500_000, 'Пекарня в Таласе: печь и аренда', { method: 'bank_transfer', reference: 'ПП-7' });
    donor = await t.given.user('donor', { fullName: 'Partner Foundation' });
    await t.db.query(`INSERT INTO donor_programme (user_id, programme_id) VALUES ($1, $2)`, [donor.id, programmeId]);
    browser = await launchBrowser();
    page = browser.page;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(tmpdir(), `kaytuu-statements-${name}.png`), fullPage: true }).catch(() => undefined);

  it("should let the admin download the programme's statement for a range of days as CSV and XLSX", async () => {
    await signIn(page, base, admin, 'Айгерим Токтосунова');
    await page.goto(`${base}/#/programmes/${programmeId}/show`);
    await page.getByTestId('programme-show').waitFor();
    await page.getByTestId('statement-open').click();
    const dialog = page.getByTestId('statement-dialog');
    await dialog.getByTestId('statement-from').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    // a range that ends before it starts is refused in the dialog, before the API
    await dialog.getByTestId('statement-from').fill(day(1));
    await dialog.getByTestId('statement-to').fill(TODAY);
    await page.getByTestId('statement-download').click();
    await dialog.getByText('Дата начала позже даты окончания', { exact: true }).waitFor();
    await dialog.getByTestId('statement-from').fill(TODAY);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('statement-download').click()]);
    await dialog.waitFor({ state: 'hidden' });
    expect(download.suggestedFilename()).toBe(`kaytuu-statement-${programmeId.slice(0, 8)}-${TODAY}-${TODAY}.csv`);
    const lines = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
    expect(lines[0]).toEqual(['Отчёт для донора', 'Старт в Таласе']);
    const header = lines.findIndex((l) => l[0] === 'Статья бюджета');
    expect(lines[header]).toContain('Выплачено за период');
    // the grant line: its budget, and the 25 000 som committed and paid out today
    const grant = lines[header + 1];
    expect(grant.slice(0, 2)).toEqual(['Грант на бизнес', '100000000']);
    expect(grant[lines[header].indexOf('Выплачено за период')]).toBe('2500000');
    const { rows: audit } = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1 AND entity_id = $2 AND action = 'export'`, [
      admin.id,
      programmeId,
    ]);
    expect(audit[0].n).toBe(1);

    // the same as XLSX
    await page.getByTestId('statement-open').click();
    await dialog.getByTestId('statement-from').fill(TODAY);
    await choose(page, 'format', 'xlsx');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('statement-download').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    // an XLSX is a zip archive
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    await shot('statement');
  });

  it('should let a donor pick one of its programmes on the dashboard and download its statement', async () => {
    await signIn(page, base, donor, 'Partner Foundation');
    await page.getByTestId('donor-dashboard').getByTestId('statement-open').click();
    const dialog = page.getByTestId('statement-dialog');
    await dialog.getByTestId('statement-from').fill(TODAY);
    await choose(page, 'programmeId', programmeId);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('statement-download').click()]);
    await dialog.waitFor({ state: 'hidden' });
    const lines = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
    expect(lines[0]).toEqual(['Отчёт для донора', 'Старт в Таласе']);
    expect(readFileSync((await download.path())!, 'utf8')).not.toMatch(/Сатыбалдиев|Азамат/);
  });

  it("should let a supervisor reverse a disbursed grant with a reason and show the reversal in the item's ledger", async () => {
    await signIn(page, base, supervisor, 'Гүлнара Осмонова');
    await page.goto(`${base}/#/returnees/${returneeId}/show/assistance`);
    const card = page.getByTestId('assistance-item').and(page.locator(`[data-id="${itemId}"]`));
    await card.getByTestId('assistance-status').and(page.locator('[data-status="disbursed"]')).waitFor();
    const reverse = page.getByTestId(`assistance-reverse-${itemId}`);
    expect(plain(await reverse.textContent())).toContain('25 000 сом');
    await reverse.click();
    const dialog = page.getByTestId('assistance-reverse-dialog');
    await dialog.getByTestId('assistance-reverse-dialog-text').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    // the amount starts at all of it; more than that is refused in the dialog, and a reason is required
    const amount = dialog.getByTestId('assistance-reverse-amount');
    expect(await amount.inputValue()).toBe('25000');
    await amount.fill('30000');
    await page.getByTestId('assistance-reverse-dialog-confirm').click();
    await dialog.getByText('Укажите причину', { exact: true }).waitFor();
    await dialog.getByText('Больше, чем выплачено и ещё не сторнировано', { exact: true }).waitFor();
    // part of it: 10 000 som came back
    await amount.fill('10000');
    await dialog.getByTestId('assistance-reverse-dialog-text').fill('Банк вернул часть платежа');
    await page.getByTestId('assistance-reverse-dialog-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await waitFor(async () => (plain(await reverse.textContent()).includes('15 000 сом') ? true : null));
    // then the rest, leaving the amount as it starts
    await reverse.click();
    expect(await amount.inputValue()).toBe('15000');
    await dialog.getByTestId('assistance-reverse-dialog-text').fill('Банк вернул платёж: счёт закрыт');
    await page.getByTestId('assistance-reverse-dialog-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    const { rows } = await t.db.query(`SELECT kind, amount_minor::bigint AS amount FROM ledger_entry WHERE assistance_item_id = $1 ORDER BY at, id`, [itemId]);
    expect(rows.filter((r) => r.kind === 'reverse')).toEqual([
      { kind: 'reverse', amount: '1000000' },
      { kind: 'reverse', amount: '1500000' },
    ]);
    // nothing left to reverse: the button goes; the ledger shows the reversal
    await reverse.waitFor({ state: 'detached' });
    await card.getByTestId('assistance-ledger-toggle').click();
    const row = card.locator('[data-testid="assistance-ledger-row"][data-kind="reverse"]');
    await row.first().waitFor();
    expect(plain(await row.last().textContent())).toContain('15 000 сом');
    // the payments list gives each reversal its reason
    await card.locator('[data-testid="assistance-payment-row"][data-kind="reverse"]').getByText('Банк вернул часть платежа').waitFor();
    await shot('reversed');
  });

  it("should show the assistance report's money in the row's currency, not in tyiyn", async () => {
    await signIn(page, base, admin, 'Айгерим Токтосунова');
    await page.goto(`${base}/#/reports`);
    await page.getByTestId('reports-page').waitFor();
    await page.getByTestId('report-picker').locator('[role="combobox"]').click();
    await page.locator('li[role="option"][data-value="assistance"]').click();
    const committed = page.getByTestId('report-table').getByTestId('report-cell-committedMinor').first();
    await waitFor(async () => (plain(await committed.textContent()) === '25 000 сом' ? true : null));
    // paid out and reversed: nothing disbursed
    expect(plain(await page.getByTestId('report-table').getByTestId('report-cell-disbursedMinor').first().textContent())).toBe('0 сом');
    expect(await page.getByTestId('report-table').getByText('2500000').count()).toBe(0);
  });
  it('should let a supervisor release the unpaid rest of a partly paid grant with a reason, shown in its payments', async () => {
    // a grant of 20 000 som of which 5 000 were paid, the rest kept committed (not the final payment)
    const partly = await paidGrant(2_000_000, 'Пекарня: вторая печь', { method: 'cash', amountMinor: 500_000, final: false });
    await signIn(page, base, supervisor, 'Гүлнара Осмонова');
    await page.goto(`${base}/#/returnees/${returneeId}/show/assistance`);
    const card = page.getByTestId('assistance-item').and(page.locator(`[data-id="${partly}"]`));
    const release = page.getByTestId(`assistance-release-${partly}`);
    expect(plain(await release.textContent())).toContain('15 000 сом');
    await release.click();
    const dialog = page.getByTestId('assistance-release-dialog');
    expect(plain(await dialog.getByRole('heading').textContent())).toContain('15 000 сом');
    expect(await axeProblems(page)).toEqual([]);
    // a reason is required
    await page.getByTestId('assistance-release-dialog-confirm').click();
    await dialog.getByText('Укажите причину', { exact: true }).waitFor();
    await dialog.getByTestId('assistance-release-dialog-text').fill('Бизнес закрылся: вторая печь не нужна');
    await page.getByTestId('assistance-release-dialog-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await release.waitFor({ state: 'detached' });
    const { rows } = await t.db.query(`SELECT kind, amount_minor::bigint AS amount FROM ledger_entry WHERE assistance_item_id = $1 AND kind = 'release'`, [
      partly,
    ]);
    expect(rows).toEqual([{ kind: 'release', amount: '1500000' }]);
    await card.getByTestId('assistance-ledger-toggle').click();
    const payment = card.locator('[data-testid="assistance-payment-row"][data-kind="release"]');
    await payment.getByText('Бизнес закрылся: вторая печь не нужна').waitFor();
    expect(plain(await payment.textContent())).toContain('15 000 сом');
    await shot('released');
  });
});
