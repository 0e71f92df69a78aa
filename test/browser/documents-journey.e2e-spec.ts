import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import sharp from 'sharp';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// A small valid PDF; `tag` makes each one's bytes (and hash) its own, so none is taken for a duplicate.
const pdf = (tag: string): Buffer =>
  Buffer.from(
    `%PDF-1.4\n% ${tag}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
const picture = (r: number, format: 'png' | 'jpeg'): Promise<Buffer> =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r, g: 120, b: 60 } } })
    .toFormat(format)
    .toBuffer();

const PENSION = {
  country: 'RU',
  periods: [{ from: '2012-03-01', to: '2022-02-28', employer: 'ООО Стройка', documented: true }],
  claimStatus: 'collecting_documents',
};

// Issue 17, done when: a caseworker uploads the scans of a pension claim's papers from the browser, sees the checklist
// turn complete, previews one and downloads them back; an NGO user sees only what was shared; a recovery item for a
// lost passport runs to `received` with the new scan attached.
describe('browser: documents of a pension claim, what an organisation sees, and a lost passport recovered', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let ngo: GivenUser;
  let supervisor: GivenUser;
  let officeId: string;
  let returneeId: string;
  let caseId: string;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist, env: { LOG_LEVEL: 'silent', LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Бишкек — Ленинский отдел' });
    officeId = office.id;
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Айгуль Токтосунова' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Жыргал Асанова' });
    const org = await t.given.organization({ name: 'Фонд «Мекен»', services: ['pension_claim'], oblasts: ['bishkek'] });
    ngo = await t.given.user('ngo_staff', { organizationId: org.id, fullName: 'Нурлан Осмонов' });
    const r = await t.given.returnee({ officeId: office.id, lastName: 'Бекмуратов', firstName: 'Эрлан' });
    returneeId = r.id;
    // came back without papers: recovery items are proposed for him
    await t.db.query(`UPDATE returnee SET vulnerabilities = '{no_documents}' WHERE id = $1`, [returneeId]);
    await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at, recorded_by) VALUES ($1, $2, now() - interval '1 day', $3)`, [
      returneeId,
      ['data_processing', 'share_with_ngo'],
      caseworker.id,
    ]);
    const c = await t.given.caseFile({
      returneeId,
      officeId: office.id,
      type: 'pension_claim',
      status: 'in_progress',
      assigneeId: caseworker.id,
      details: PENSION,
    });
    caseId = c.id;
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const upload = async (shortcut: string, file: { name: string; mimeType: string; buffer: Buffer }) => {
    await page.getByTestId(shortcut).click();
    const dialog = page.getByTestId('document-upload-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('document-file').setInputFiles(file);
    await dialog.getByTestId('document-upload-submit').click();
    await dialog.waitFor({ state: 'hidden' });
  };
  const documentId = async (type: string): Promise<string> =>
    waitFor(
      async () => (await t.db.query(`SELECT id FROM document WHERE returnee_id = $1 AND type = $2 AND deleted_at IS NULL`, [returneeId, type])).rows[0]?.id,
    );

  const workBook = pdf('трудовая книжка');
  let payslip: Buffer;
  const statement = pdf('справка ПФР');

  it('should upload the work book, payslips and the Russian pension statement from the checklist until it is complete', async () => {
    payslip = await picture(200, 'png');
    await signIn(page, base, caseworker, 'Айгуль Токтосунова');
    await page.goto(`${base}/#/cases/${caseId}/show/documents`);
    await page.locator('[data-testid="checklist-complete"][data-complete="false"]').waitFor();

    // the shortcut of a missing item preselects its type (and, per country, the country)
    await page.getByTestId('checklist-upload-work_record').click();
    const dialog = page.getByTestId('document-upload-dialog');
    await expect(dialog.locator('input[name="type"]').inputValue()).resolves.toBe('work_book');
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await upload('checklist-upload-work_record', { name: 'trudovaya-knizhka.pdf', mimeType: 'application/pdf', buffer: workBook });
    await page.locator('[data-testid="checklist-item"][data-key="work_record"][data-status="present"]').waitFor();
    await upload('checklist-upload-payslips', { name: 'raschetnyi-list.png', mimeType: 'image/png', buffer: payslip });
    await page.getByTestId('checklist-upload-foreign_pension_statement').click();
    await expect(page.getByTestId('document-upload-dialog').locator('input[name="issuerCountry"]').inputValue()).resolves.toBe('RU');
    await page.getByTestId('document-upload-dialog').getByRole('button', { name: 'Отмена' }).click();
    await upload('checklist-upload-foreign_pension_statement', { name: 'spravka-pfr.pdf', mimeType: 'application/pdf', buffer: statement });

    await page.locator('[data-testid="checklist-complete"][data-complete="true"]').waitFor();
    const { rows } = await t.db.query(`SELECT type, title, case_id, issuer_country FROM document WHERE returnee_id = $1 ORDER BY created_at`, [returneeId]);
    expect(rows).toEqual([
      { type: 'work_book', title: 'trudovaya-knizhka', case_id: caseId, issuer_country: null },
      { type: 'payslip', title: 'raschetnyi-list', case_id: caseId, issuer_country: null },
      { type: 'foreign_pension_statement', title: 'spravka-pfr', case_id: caseId, issuer_country: 'RU' },
    ]);
    await page.screenshot({ path: join(tmpdir(), 'kaytuu-documents.png') });
  }, 120_000);

  it('should say in the dialog why an executable renamed .pdf and the same file again are refused, and keep nothing', async () => {
    const before = await t.given.count(`document WHERE returnee_id = '${returneeId}'`);
    await page.getByTestId('upload-document').click();
    const dialog = page.getByTestId('document-upload-dialog');
    await choose(page, 'type', 'other');
    await dialog
      .getByTestId('document-file')
      .setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 1)]) });
    await dialog.getByTestId('document-upload-submit').click();
    await dialog.getByTestId('document-upload-error').getByText('Такой файл не принимается').waitFor();
    // the error's notification may lie over the dialog's buttons: the second try goes by the keyboard
    await dialog.getByTestId('document-file').setInputFiles({ name: 'copy.pdf', mimeType: 'application/pdf', buffer: workBook });
    await dialog.getByTestId('document-upload-submit').press('Enter');
    await dialog.getByTestId('document-upload-error').getByText('Этот же файл уже сохранён').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await t.given.count(`document WHERE returnee_id = '${returneeId}'`)).toBe(before);
  }, 60_000);

  it('should preview the payslip and the work book in the page and download them back byte for byte', async () => {
    const payslipId = await documentId('payslip');
    const workBookId = await documentId('work_book');
    // an image shows its thumbnail in the list and itself in the preview
    await page.locator('[data-testid="document-thumbnail"]').first().waitFor();
    await page.getByTestId(`preview-document-${payslipId}`).click();
    const image = page.getByTestId('document-preview-image');
    await image.waitFor();
    await page.waitForFunction(() => {
      const img = (
        globalThis as unknown as { document: { querySelector(s: string): { naturalWidth: number; complete: boolean } | null } }
      ).document.querySelector('[data-testid="document-preview-image"]');
      return !!img && img.complete && img.naturalWidth === 320;
    });
    expect(await image.getAttribute('src')).toMatch(/^\/api\/files\/[^/?]+$/);
    await page.keyboard.press('Escape');

    // a PDF in a frame of the page, through an inline link
    const framed = page.waitForResponse((r) => r.url().includes('/api/files/') && r.request().frame() !== page.mainFrame());
    await page.getByTestId(`preview-document-${workBookId}`).click();
    const res = await framed;
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toMatch(/^inline/);
    await page.getByTestId('document-preview-frame').waitFor();
    await page.keyboard.press('Escape');

    for (const [id, bytes] of [
      [workBookId, workBook],
      [payslipId, payslip],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-document-${id}`).click()]);
      // a short-lived signed link, never the access token
      expect(download.url()).toMatch(/\/api\/files\/[^/?]+$/);
      expect(readFileSync((await download.path())!)).toEqual(bytes);
    }
    expect(await t.given.count(`audit_log WHERE entity = 'document' AND entity_id = '${workBookId}'`)).toBeGreaterThan(0);
  }, 90_000);

  it('should show an organisation only the documents its referral shares', async () => {
    const discharge = await t.http
      .post('/api/documents')
      .set(bearer(caseworker))
      .field('returneeId', returneeId)
      .field('type', 'medical_discharge')
      .field('title', 'Выписка из больницы')
      .attach('file', pdf('выписка'), 'vypiska.pdf');
    expect(discharge.status).toBe(201);
    const org = ngo.organizationId!;
    const referral = await t.http
      .post('/api/referrals')
      .set(bearer(caseworker))
      .send({ caseId, organizationId: org, reason: 'Помощь с пенсией', sharedFields: ['name', 'documents'] });
    expect({ status: referral.status, body: referral.status === 201 ? null : referral.body }).toEqual({ status: 201, body: null });

    await signIn(page, base, ngo, 'Нурлан Осмонов');
    await page.goto(`${base}/#/referrals/${referral.body.id}/show`);
    const section = page.getByTestId('referral-documents');
    await section.getByText('trudovaya-knizhka').first().waitFor();
    await expect(section.getByText('raschetnyi-list').count()).resolves.toBeGreaterThan(0);
    // health papers need a consent that covers health; nothing to change for an organisation
    await expect(section.getByText('Выписка из больницы').count()).resolves.toBe(0);
    await expect(section.getByTestId('upload-document').count()).resolves.toBe(0);
    await expect(section.locator(`[data-testid^="delete-document-"]`).count()).resolves.toBe(0);
  }, 60_000);

  it('should run a recovery item for the lost passport from proposed to received with the new scan attached', async () => {
    await signIn(page, base, caseworker, 'Айгуль Токтосунова');
    await page.goto(`${base}/#/returnees/${returneeId}/show/documents`);
    await page.getByTestId('propose-recovery').click();
    const item = await waitFor(
      async () => (await t.db.query(`SELECT id, status FROM recovery_item WHERE returnee_id = $1 AND document_type = 'passport'`, [returneeId])).rows[0],
    );
    expect(item.status).toBe('to_request');

    // asked at the passport office, expected in three weeks: a follow-up is scheduled before that day
    await page.getByTestId(`edit-recovery-${item.id}`).click();
    const edit = page.getByTestId('recovery-dialog');
    await choose(page, 'status', 'requested');
    const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
    await edit.locator('input[name="requestedOn"]').fill(day(-1));
    await edit.locator('input[name="expectedOn"]').fill(day(21));
    await edit.locator('input[name="authorityName"]').fill('Паспортный стол Ленинского района');
    await page.getByTestId('recovery-save').click();
    await edit.waitFor({ state: 'hidden' });
    const requested = await waitFor(async () => {
      const row = (await t.db.query(`SELECT status, follow_up_id FROM recovery_item WHERE id = $1`, [item.id])).rows[0];
      return row.status === 'requested' ? row : undefined;
    });
    expect(requested.follow_up_id).not.toBeNull();

    // the new passport arrives: mark received, uploading its scan
    const scan = await picture(90, 'jpeg');
    await page.getByTestId(`receive-recovery-${item.id}`).click();
    await page.getByTestId('recovery-upload-scan').click();
    const dialog = page.getByTestId('document-upload-dialog');
    await expect(dialog.locator('input[name="type"]').inputValue()).resolves.toBe('passport');
    await dialog.getByTestId('document-file').setInputFiles({ name: 'novyi-pasport.jpg', mimeType: 'image/jpeg', buffer: scan });
    await dialog.getByTestId('document-upload-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator(`[data-testid="recovery-status"][data-status="received"]`).waitFor();
    const { rows } = await t.db.query(`SELECT r.status, d.type, d.title FROM recovery_item r JOIN document d ON d.id = r.document_id WHERE r.id = $1`, [
      item.id,
    ]);
    expect(rows).toEqual([{ status: 'received', type: 'passport', title: 'novyi-pasport' }]);
  }, 90_000);

  it('should ask the supervisor why when approving the closure of a pension claim with documents missing', async () => {
    const other = await t.given.returnee({ officeId, lastName: 'Садыков', firstName: 'Марат' });
    const c = await t.given.caseFile({
      returneeId: other.id,
      officeId,
      type: 'pension_claim',
      status: 'pending_closure',
      assigneeId: caseworker.id,
      details: PENSION,
    });
    await t.db.query(`UPDATE case_file SET closure_reason = 'Клиент уехал снова' WHERE id = $1`, [c.id]);
    await signIn(page, base, supervisor, 'Жыргал Асанова');
    await page.goto(`${base}/#/approvals`);
    await page.getByTestId(`approve-${c.code}`).click();
    const dialog = page.getByTestId('close-case-dialog');
    await dialog.getByTestId('missing-documents').getByText('Трудовая книжка или трудовые договоры').waitFor();
    await page.getByTestId('confirm-close').click();
    await dialog.getByText('Укажите, почему дело закрывается без документов.').waitFor();
    await dialog.getByTestId('missing-documents-reason').fill('Документы утрачены, клиент выехал из страны');
    await page.getByTestId('confirm-close').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const closed = await waitFor(async () => (await t.db.query(`SELECT status FROM case_file WHERE id = $1 AND status = 'closed'`, [c.id])).rows[0]);
    expect(closed.status).toBe('closed');
    const { rows } = await t.db.query(`SELECT data FROM case_event WHERE case_id = $1 AND kind = 'status_changed' ORDER BY at DESC LIMIT 1`, [c.id]);
    expect(rows[0].data).toMatchObject({ missingDocumentsReason: 'Документы утрачены, клиент выехал из страны' });
  }, 60_000);
});
