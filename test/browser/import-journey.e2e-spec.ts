import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Page } from 'playwright-core';
import { INestApplicationContext } from '@nestjs/common';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';

const HEADER = 'lastName,firstName,patronymic,sex,birthDate,phone,oblast,district,country,departedOn,returnedOn,sector,returnReason';
const CSV = [
  HEADER,
  'Төлөгөнова,Айгүл,,female,1991-05-14,0700 111 222,osh,Ноокатский,RU,2019-04-01,2024-10-15,construction,end_of_contract',
  // line 3: no such sex, an impossible birth date
  'Асан уулу,Бакыт,,unknown,1990-13-40,,osh,Ноокатский,RU,2019-04-01,2024-10-15,trade,entry_ban',
  'Шаңкоева,Жыпар,,female,1987-02-03,,osh,Ноокатский,KZ,2018-06-01,2025-01-20,services,family',
].join('\r\n');

// Choosing a file through the drop zone with the keyboard (Enter opens the file dialog).
async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-drop-zone').focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await page.getByTestId('import-file-name').getByText(name).waitFor();
}

// A caseworker imports a CSV in real Chromium against the real API, the built console and the real worker.
describe('browser: a caseworker imports returnees from a CSV file', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    // a small upload limit, so the too-large answer is cheap to provoke
    const env = { QUEUE_PREFIX: `kt_br_${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'silent', IMPORT_MAX_BYTES: String(64 * 1024) };
    t = await createTestApp({ consoleDist: dist, env });
    // the real worker (the imports queue) in-process on the same database and queue backend
    worker = await startTestWorker(t);
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Ноокат — районный отдел', oblast: 'osh', district: 'Ноокатский' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Нургүл Асанова' });
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  it('should refuse a file without a required column naming it, then preview, confirm the valid rows and list the new returnees', async () => {
    await signIn(page, base, caseworker, 'Нургүл Асанова');

    // the menu leads to the (empty) list of imports, and on to a new import
    await page.getByTestId('menu-imports').click();
    await page.getByTestId('imports-empty').waitFor();
    await page.getByTestId('imports-empty').getByTestId('import-new').click();
    await page.waitForURL(/#\/imports\/create/);

    // a header without "sex": 400, the alert names the column, nothing is stored
    await chooseFile(
      page,
      'no-sex.csv',
      CSV.split('\r\n')
        .map((l) =>
          l
            .split(',')
            .filter((_c, i) => i !== 3)
            .join(','),
        )
        .join('\r\n'),
    );
    await page.getByTestId('import-upload').click();
    const refused = page.getByTestId('import-upload-error');
    await refused.waitFor();
    await expect(refused.getAttribute('data-status')).resolves.toBe('400');
    await refused.getByTestId('import-upload-error-detail').filter({ hasText: 'sex' }).waitFor();
    expect(await t.given.count('returnee_import')).toBe(0);
    await page.screenshot({ path: join(tmpdir(), 'kaytuu-import-refused.png') });

    // the real file, importing the valid rows
    await chooseFile(page, 'возвратившиеся.csv', CSV);
    await page.getByTestId('import-mode-valid_rows').click();
    await page.getByTestId('import-upload').click();
    await page.waitForURL(/#\/imports\/[0-9a-f-]{36}\/show/);
    const importId = /imports\/([0-9a-f-]{36})/.exec(page.url())![1];

    // the preview after the validation job: 3 rows, 2 valid, 1 problem row (line 3) with its field errors
    const preview = page.getByTestId('import-preview');
    await preview.waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('import-count-rows').getAttribute('data-value')).resolves.toBe('3');
    await expect(page.getByTestId('import-count-valid').getAttribute('data-value')).resolves.toBe('2');
    await expect(page.getByTestId('import-count-invalid').getAttribute('data-value')).resolves.toBe('1');
    const problemRows = page.getByTestId('import-problem-rows').locator('tbody tr');
    await problemRows.first().getByText('Асан уулу Бакыт').waitFor();
    await expect(problemRows.count()).resolves.toBe(1);
    await expect(problemRows.first().locator('td').first().textContent()).resolves.toBe('3');
    await problemRows.first().locator('[data-testid="import-row-error"][data-field="sex"]').waitFor();
    await page.screenshot({ path: join(tmpdir(), 'kaytuu-import-preview.png'), fullPage: true });

    // the error report downloads with the session's token
    const downloading = page.waitForEvent('download');
    await page.getByTestId('import-download-report').click();
    const download = await downloading;
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report).toContain('Асан уулу');
    expect(report.split(/\r?\n/).filter((l) => l.trim()).length).toBe(2);

    // all-or-nothing is explained and not offered while the file has a problem row
    await page.getByTestId('import-mode-all_or_nothing').click();
    await page.getByTestId('import-confirm-blocked').waitFor();
    await expect(page.getByTestId('import-confirm').isDisabled()).resolves.toBe(true);

    // the valid rows: the dialog says how many, then the import runs to done
    await page.getByTestId('import-mode-valid_rows').click();
    await page.getByTestId('import-confirm').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Будут зарегистрированы 2 вернувшихся').waitFor();
    await dialog.getByRole('button', { name: 'Импортировать' }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor({ timeout: 30_000 });
    await expect(done.getAttribute('data-imported')).resolves.toBe('2');
    const { rows: stored } = await t.db.query(`SELECT status, mode, imported FROM returnee_import WHERE id = $1`, [importId]);
    expect(stored[0]).toEqual({ status: 'done', mode: 'valid_rows', imported: 2 });
    expect(await t.given.count(`returnee WHERE office_id = '${caseworker.officeId}'`)).toBe(2);
    await page.screenshot({ path: join(tmpdir(), 'kaytuu-import-journey.png') });

    // a reload comes back to the same import; then on to the returnees list with the new returnees
    await page.reload();
    await page.getByTestId('import-done').waitFor();
    await page.getByTestId('import-open-returnees').click();
    await page.waitForURL(/#\/returnees$/);
    await page.locator('tr', { hasText: 'Шаңкоева' }).waitFor();
    await page.locator('tr', { hasText: 'Төлөгөнова' }).waitFor();

    // the list of imports shows it as imported
    await page.getByTestId('menu-imports').click();
    await page.locator('tr', { hasText: 'возвратившиеся.csv' }).getByTestId('import-status').and(page.locator('[data-status="done"]')).waitFor();
  }, 150_000);

  it('should show the size limit and store nothing when the file is larger than the API accepts', async () => {
    const before = await t.given.count('returnee_import');
    await page.goto(`${base}/#/imports/create`);
    const big = [HEADER, ...Array.from({ length: 4000 }, () => CSV.split('\r\n')[1])].join('\r\n');
    await chooseFile(page, 'big.csv', big);
    await page.getByTestId('import-upload').click();
    const refused = page.getByTestId('import-upload-error');
    await refused.waitFor();
    await expect(refused.getAttribute('data-status')).resolves.toBe('413');
    await refused.getByTestId('import-upload-error-detail').filter({ hasText: '64 KB' }).waitFor();
    expect(await t.given.count('returnee_import')).toBe(before);
  }, 60_000);
});
