import { randomBytes } from 'node:crypto';
import { Page } from 'playwright-core';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { axeProblems } from '../support/walk';

const day = (offsetDays: number) => new Date(Date.now() + 6 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

// Issue 19 in real Chromium: the supervisor's approvals queue shows only the assistance awaiting them (the server's
// awaitingMyApproval filter, its total on the badge), not their own proposal nor another office's; the caseworker
// disburses the approved grant with the receipt picked from the returnee's documents, and the receipt is stored.
describe('browser: approvals queue of the signed-in user and a disbursement with its receipt', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let admin: GivenUser;
  let caseworker: GivenUser;
  let supervisor: GivenUser;
  let otherSupervisor: GivenUser;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Талас — областной отдел', oblast: 'talas', district: 'Талас' });
    const other = await t.given.office({ name: 'Баткен — областной отдел', oblast: 'batken', district: 'Баткен' });
    admin = await t.given.user('admin', { fullName: 'Айгерим Токтосунова' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Эрмек Жумабаев' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Гүлнара Осмонова' });
    otherSupervisor = await t.given.user('supervisor', { officeId: other.id, fullName: 'Бакыт Исаев' });
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const propose = async (by: GivenUser, returneeId: string, programmeId: string, amountMinor: number) => {
    const res = await t.http.post('/api/assistance').set(bearer(by)).send({
      returneeId,
      programmeId,
      type: 'business_grant',
      amountMinor,
      currency: 'KGS',
      justification: 'Теплица для рассады',
    });
    if (res.status !== 201) throw new Error(`propose: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };

  it('should list only what awaits the supervisor, and disburse with the receipt picked from the documents', async () => {
    const programme = await t.http
      .post('/api/programmes')
      .set(bearer(admin))
      .send({
        name: 'Старт в Таласе',
        funder: 'Государственный фонд',
        currency: 'KGS',
        startsOn: day(-30),
        endsOn: day(300),
        assistanceTypes: ['business_grant'],
        lines: [{ assistanceType: 'business_grant', amountMinor: 10_000_000 }],
      });
    expect(programme.status).toBe(201);
    const programmeId = programme.body.id as string;
    const returnee = await t.given.returnee({ officeId: caseworker.officeId!, lastName: 'Асанов', firstName: 'Темир', birthDate: '1989-06-01' });
    const elsewhere = await t.given.returnee({ officeId: otherSupervisor.officeId!, lastName: 'Турдуев', firstName: 'Азамат', birthDate: '1987-01-20' });
    const awaits = await propose(caseworker, returnee.id, programmeId, 1_500_000);
    const own = await propose(supervisor, returnee.id, programmeId, 700_000);
    const other = await propose(otherSupervisor, elsewhere.id, programmeId, 900_000);
    const pdf = Buffer.concat([Buffer.from(`%PDF-1.4\n%${randomBytes(8).toString('hex')}\n`), randomBytes(300), Buffer.from('\n%%EOF\n')]);
    const doc = await t.http
      .post('/api/documents')
      .set(bearer(caseworker))
      .field('returneeId', returnee.id)
      .field('type', 'other')
      .field('title', 'Квитанция о переводе')
      .attach('file', pdf, 'receipt.pdf');
    expect(doc.status).toBe(201);

    // the supervisor's queue: the caseworker's proposal only (not their own, not Batken's); the badge says 1
    await signIn(page, base, supervisor, 'Гүлнара Осмонова');
    await page.getByTestId('approvals-badge').filter({ hasText: /^1$/ }).waitFor();
    await page.goto(`${base}/#/approvals`);
    const queue = page.getByTestId('assistance-awaiting');
    await queue.getByText('Асанов Темир').waitFor();
    await page.getByTestId(`assistance-approve-${awaits}`).waitFor();
    expect(await queue.getByTestId('assistance-awaiting-item').count()).toBe(1);
    expect(await page.getByTestId(`assistance-approve-${own}`).count()).toBe(0);
    expect(await page.getByTestId(`assistance-approve-${other}`).count()).toBe(0);
    expect(await axeProblems(page)).toEqual([]);
    await page.getByTestId(`assistance-approve-${awaits}`).click();
    await page.getByTestId('assistance-approve-confirm').click();
    await page.getByTestId('assistance-approve-dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('assistance-awaiting-empty').waitFor();

    // the caseworker disburses it, the receipt picked from the returnee's documents
    await signIn(page, base, caseworker, 'Эрмек Жумабаев');
    await page.goto(`${base}/#/returnees/${returnee.id}/show/assistance`);
    await page.getByTestId(`assistance-disburse-${awaits}`).click();
    const dialog = page.getByTestId('assistance-disburse-dialog');
    await choose(page, 'method', 'cash');
    await choose(page, 'documentId', doc.body.id as string);
    expect(await axeProblems(page)).toEqual([]);
    await page.getByTestId('assistance-disburse-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const stored = await waitFor(
      async () => (await t.db.query(`SELECT document_id, method FROM assistance_disbursement WHERE assistance_item_id = $1`, [awaits])).rows[0] ?? null,
    );
    expect(stored).toEqual({ document_id: doc.body.id, method: 'cash' });
  }, 300_000);
});
