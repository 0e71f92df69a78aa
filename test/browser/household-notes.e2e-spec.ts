import { Page } from 'playwright-core';
import { Browser, choose, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../support/browser';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// until the locator counts `n` (the list refetches after a change or a search)
const countIs = (count: () => Promise<number>, n: number) => waitFor(async () => (await count()) === n, 15_000);

// A caseworker on a returnee's page (issue 16): records a child who lives with nobody named as caregiver (the
// server's refusal of a child born before the returnee shows under the date first), sees the returnee flagged; writes
// two notes with the quick-add form (the second by Ctrl+Enter), finds one by the server's word search and changes it.
describe('browser: household and counselling notes', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let caseworker: GivenUser;
  let returnee: { id: string; code: string };

  beforeAll(async () => {
    const dist = requireConsoleAndChromium();
    t = await createTestApp({ consoleDist: dist });
    base = await listenLocally(t.app);
    const office = await t.given.office({ name: 'Бишкек — Ленинский', oblast: 'bishkek', district: 'Ленинский' });
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Бакыт Осмонов' });
    await t.db.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [caseworker.id]);
    returnee = await t.given.returnee({ officeId: office.id, lastName: 'Асанова', firstName: 'Гульмира', sex: 'female', birthDate: '1990-04-02' });
    browser = await launchBrowser();
    page = browser.page;
    await signIn(page, base, caseworker, 'Бакыт Осмонов');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should flag the returnee once a child without a caregiver is added to the household', async () => {
    await page.goto(`${base}/#/returnees/${returnee.id}/show/household`);
    await page.getByTestId('household-empty').waitFor();
    await page.getByTestId('household-empty').getByTestId('add-household-member').click();
    const dialog = page.getByTestId('member-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('member-lastName').fill('Асанова');
    await dialog.getByTestId('member-firstName').fill('Айпери');
    await choose(page, 'sex', 'female');
    await choose(page, 'livesWhere', 'with_caregiver');
    // born before her mother: the API refuses it, and says so under the date
    await dialog.getByTestId('member-birthDate').fill('1985-06-01');
    await expect(dialog.getByTestId('member-child-fields').count()).resolves.toBe(0);
    await dialog.getByTestId('member-save').click();
    await waitFor(async () => (await dialog.getByTestId('member-birthDate').getAttribute('aria-invalid')) === 'true');
    expect(await t.given.count('household_member')).toBe(0);

    // a child of eight: the child-only fields appear; nobody is named as caregiver
    await dialog.getByTestId('member-birthDate').fill('2018-03-01');
    await dialog.getByTestId('member-child-fields').waitFor();
    await choose(page, 'inSchool', 'yes');
    await dialog.getByTestId('member-concern-health').check();
    await dialog.getByTestId('member-save').click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByTestId('household-row').first().waitFor();
    await page.getByTestId('member-without-caregiver').waitFor();
    await page.getByTestId('returnee-household').getByTestId('child-without-caregiver-flag').waitFor();
    await expect(page.getByTestId('household-size').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('household-dependents').textContent()).resolves.toBe('1');
    const { rows } = await t.db.query(`SELECT child_without_caregiver, household_size, dependents FROM returnee WHERE id = $1`, [returnee.id]);
    expect(rows[0]).toEqual({ child_without_caregiver: true, household_size: 2, dependents: 1 });

    // the profile says it too, and the title carries the mark
    await page.goto(`${base}/#/returnees/${returnee.id}/show`);
    await page.getByTestId('child-without-caregiver-flag').waitFor();
    await page.getByTestId('child-without-caregiver-mark').first().waitFor();
  });

  it('should add notes with the quick-add form, find one by a word and change it', async () => {
    await page.goto(`${base}/#/returnees/${returnee.id}/show/notes`);
    await page.getByTestId('notes-empty').waitFor();
    const form = page.getByTestId('quick-note');
    await form.getByTestId('quick-note-text').fill('Discussed the daughter’s schooling and the grandmother’s health');
    await form.getByTestId('quick-note-minutes').fill('45');
    await form.getByTestId('quick-note-save').click();
    await page.getByTestId('note-item').first().waitFor();

    // the second by keyboard: kind by the select, text, Ctrl+Enter
    await choose(page, 'kind', 'phone_call');
    await form.getByTestId('quick-note-text').fill('Called about the pension documents');
    await form.getByTestId('quick-note-text').press('Control+Enter');
    await countIs(() => page.getByTestId('note-item').count(), 2);
    await expect(form.getByTestId('quick-note-text').inputValue()).resolves.toBe('');

    await page.getByTestId('notes-search').fill('pensi');
    await countIs(() => page.getByTestId('note-item').count(), 1);
    const item = page.getByTestId('note-item').first();
    await expect(item.getByTestId('note-text').textContent()).resolves.toBe('Called about the pension documents');

    const id = await item.getAttribute('data-id');
    await item.getByTestId(`edit-note-${id}`).click();
    const dialog = page.getByTestId('edit-note-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('note-edit-text').fill('Called about the pension documents: two certificates still missing');
    await dialog.getByTestId('note-edit-save').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('two certificates still missing').waitFor();

    // the word search finds the new text, not the old one only
    await page.getByTestId('notes-search').fill('certificates');
    await countIs(() => page.getByTestId('note-item').count(), 1);
    await page.getByTestId('notes-search').fill('');
    await countIs(() => page.getByTestId('note-item').count(), 2);

    // the returnee's timeline lists both notes (kind and author, not the text)
    await page.goto(`${base}/#/returnees/${returnee.id}/show/timeline`);
    await page.getByTestId('returnee-timeline').waitFor();
    await countIs(() => page.getByTestId('returnee-timeline').getByText('Бакыт Осмонов').count(), 2);
    await expect(page.getByTestId('returnee-timeline').getByText('certificates').count()).resolves.toBe(0);
  });

  it('should offer a correction instead of an edit once the 24 hours have passed, and link the two notes', async () => {
    // the first note was written two days ago
    await t.db.query(`UPDATE returnee_note SET created_at = now() - interval '2 days' WHERE returnee_id = $1 AND kind = 'counselling'`, [returnee.id]);
    await page.goto(`${base}/#/returnees/${returnee.id}/show/notes`);
    const old = page.getByTestId('note-item').filter({ hasText: 'schooling' });
    await old.waitFor();
    const id = (await old.getAttribute('data-id'))!;
    // the list first shows what react-admin holds from the earlier visit, then the refetched notes: wait for the
    // refetch (the correction button appears) before checking that the edit button has gone
    await old.getByTestId(`correct-note-${id}`).waitFor();
    await expect(old.getByTestId(`edit-note-${id}`).count()).resolves.toBe(0);
    await old.getByTestId(`correct-note-${id}`).click();
    const dialog = page.getByTestId('correct-note-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('note-correct-text').fill('Correction: the grandmother is well, the daughter changed school');
    await dialog.getByTestId('note-correct-save').click();
    await dialog.waitFor({ state: 'detached' });
    const correction = page.getByTestId('note-item').filter({ hasText: 'the daughter changed school' });
    await correction.getByTestId('note-corrects').waitFor();
    await old.getByTestId('note-corrected-by').waitFor();
    const { rows } = await t.db.query(`SELECT corrects_id FROM returnee_note WHERE returnee_id = $1 AND corrects_id IS NOT NULL`, [returnee.id]);
    expect(rows).toEqual([{ corrects_id: id }]);
    // the link moves the focus to the corrected note without leaving the page
    const url = page.url();
    await correction.getByTestId('note-corrects').getByRole('button').click();
    await waitFor(async () => (await page.evaluate('document.activeElement && document.activeElement.id')) === `note-${id}`);
    expect(page.url()).toBe(url);
  });
});
