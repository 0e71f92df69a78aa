import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/seed/demo-data';
import { DemoSeedService } from '../../apps/api/src/seed/demo-seed.service';
import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from './browser';
import { createTestApp, TestApp } from './test-app';

// The console walked as a user would, for the overflow and accessibility goals: every menu entry, every list's first
// record (each of its tabs), its edit form, each list's create form, and every dialog a page's buttons open. Each
// check answers the problems it found as text, so one failing run lists all of them.

export const SIZES = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;
export type Size = (typeof SIZES)[number];

// The DOM shapes used inside page.evaluate, typed here: the server's type check has no DOM library.
type El = {
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; width: number; height: number };
  innerText: string;
  getAttribute(name: string): string | null;
  closest(selector: string): El | null;
  contains(other: El | null): boolean;
  querySelectorAll(selector: string): Iterable<El>;
};
type Win = {
  innerWidth: number;
  innerHeight: number;
  document: { scrollingElement: { scrollWidth: number }; querySelectorAll(selector: string): Iterable<El>; activeElement: El | null };
  getComputedStyle(el: El): { visibility: string; display: string };
};

// What must be on screen: the app bar's buttons, a page's top toolbar (create, export, edit, the case actions), a
// form's save button and a dialog's buttons.
const PRIMARY = ['header button', '#main-content .MuiToolbar-root a', '#main-content .MuiToolbar-root button', '.MuiDialogActions-root button'];

export async function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate((primary) => {
    const w = globalThis as unknown as Win;
    const problems: string[] = [];
    const width = w.document.scrollingElement.scrollWidth;
    if (width > w.innerWidth) problems.push(`page is ${width} px wide in a ${w.innerWidth} px window`);
    for (const el of w.document.querySelectorAll(primary.join(','))) {
      const r = el.getBoundingClientRect();
      const style = w.getComputedStyle(el);
      if (r.width === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
      if (r.left < -1 || r.right > w.innerWidth + 1) {
        const name = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('title') || '?').replace(/\s+/g, ' ').trim();
        problems.push(`"${name}" is outside the window (${Math.round(r.left)}–${Math.round(r.right)} of ${w.innerWidth})`);
      }
    }
    return problems;
  }, PRIMARY);
}

// axe-core's serious and critical findings under WCAG 2.1 A and AA, one line per rule with the first few targets.
export async function axeProblems(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.length}× e.g. ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

// Waits until react-admin has drawn the page: no progress indicator and a main region.
export async function settle(page: Page): Promise<void> {
  await page.locator('#main-content').waitFor({ timeout: 15_000 });
  await page
    .waitForFunction(
      () => {
        const w = globalThis as unknown as Win;
        return [...w.document.querySelectorAll('.MuiCircularProgress-root, .MuiLinearProgress-root, .MuiSkeleton-root')].every(
          (el) => el.getBoundingClientRect().width === 0,
        );
      },
      undefined,
      { timeout: 15_000 },
    )
    .catch(() => undefined);
  await page.waitForTimeout(250);
}

// The label of the element that has the focus, or null when the focus is on the page itself.
export async function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as Win).document.activeElement;
    if (!el || el.getAttribute('id') === 'root') return null;
    return (el.innerText || el.getAttribute('aria-label') || el.getAttribute('name') || el.getAttribute('role') || '').trim() || '(unnamed)';
  });
}

export async function focusInsideDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const d = globalThis as unknown as Win;
    const dialogs = [...d.document.querySelectorAll('[role="dialog"]')];
    return dialogs.some((dialog) => dialog.contains(d.document.activeElement));
  });
}

export type WalkUser = { email: string; password: string; expect: string };

// Buttons of a page that may open a dialog: text or labelled buttons in the main region, except tabs, pagination,
// sort headers, selects, checkboxes, form submits and links.
const CANDIDATES = `#main-content button:not([role="tab"]):not([type="submit"]):not([aria-haspopup="listbox"]):not(.MuiTablePagination-actions button):not(.MuiPaginationItem-root):not(.MuiCheckbox-root):not(.MuiTableSortLabel-root)`;

export class Walk {
  readonly problems: string[] = [];
  private readonly seenDialogs = new Set<string>();
  visited = 0;

  constructor(
    private readonly page: Page,
    private readonly base: string,
    private readonly label: string,
  ) {}

  private note(where: string, found: string[]): void {
    for (const p of found) this.problems.push(`${this.label} ${where}: ${p}`);
  }

  private where(): string {
    return decodeURIComponent(new URL(this.page.url()).hash.replace(/^#/, '')).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
  }

  async check(): Promise<void> {
    await settle(this.page);
    this.visited++;
    const where = this.where();
    if (process.env.WALK_DEBUG) console.log(`${this.label} ${where}`);
    this.note(where, await overflowProblems(this.page));
    this.note(where, await axeProblems(this.page));
  }

  async goto(route: string): Promise<void> {
    await this.page.goto(`${this.base}/#${route}`);
    await settle(this.page);
    await closeDrawer(this.page);
    await this.check();
  }

  // Opens every dialog a button of the current page opens (once per page shape and button), checks it, closes it with
  // Escape and expects the focus back on the button.
  async dialogs(): Promise<void> {
    const page = this.page;
    const url = page.url();
    const where = this.where();
    const buttons = page.locator(CANDIDATES);
    const count = await buttons.count();
    const labels: string[] = [];
    for (let i = 0; i < count; i++) {
      const b = buttons.nth(i);
      if (!(await b.isVisible()) || !(await b.isEnabled())) continue;
      const label = ((await b.innerText()) || (await b.getAttribute('aria-label')) || '').replace(/\s+/g, ' ').trim();
      if (label) labels.push(label);
    }
    for (const label of labels) {
      const key = `${where} ${label}`;
      if (this.seenDialogs.has(key)) continue;
      this.seenDialogs.add(key);
      const button = page.locator(CANDIDATES).filter({ hasText: label }).first();
      const byAria = page
        .locator(CANDIDATES)
        .and(page.locator(`[aria-label="${label.replace(/"/g, '\\"')}"]`))
        .first();
      const target = (await button.count()) > 0 ? button : byAria;
      if ((await target.count()) === 0 || !(await target.isVisible())) continue;
      // a button a user cannot click is not walked (react-admin's bulk actions, collapsed while no row is selected)
      const clickable = await target
        .click({ trial: true, timeout: 1_500 })
        .then(() => true)
        .catch(() => false);
      if (!clickable) continue;
      await target.click({ timeout: 5_000 });
      const dialog = page.locator('[role="dialog"]:visible, [role="alertdialog"]:visible').last();
      const opened = await dialog
        .waitFor({ timeout: 1_500 })
        .then(() => true)
        .catch(() => false);
      if (opened) {
        await settle(page).catch(() => undefined);
        const at = `${where} dialog "${label}"`;
        this.visited++;
        this.note(at, await overflowProblems(page));
        this.note(at, await axeProblems(page, '[role="dialog"]'));
        if (!(await focusInsideDialog(page))) this.note(at, ['the focus is not inside the open dialog']);
        else {
          // the focus stays in the dialog however far one tabs
          for (let k = 0; k < 12; k++) await page.keyboard.press('Tab');
          if (!(await focusInsideDialog(page))) this.note(at, ['Tab takes the focus out of the open dialog']);
        }
        await page.keyboard.press('Escape');
        const closed = await dialog
          .waitFor({ state: 'hidden', timeout: 3_000 })
          .then(() => true)
          .catch(() => false);
        if (!closed) {
          this.note(at, ['Escape does not close the dialog']);
          await page.goto(url);
          await settle(page);
          continue;
        }
        const back = await focusedLabel(page);
        if (back === null || !back.includes(label)) this.note(at, [`the focus goes to ${back ?? 'the page'} on close, not back to "${label}"`]);
      } else {
        await page.keyboard.press('Escape');
      }
      if (page.url() !== url) {
        await page.goto(url);
        await settle(page);
      }
    }
  }

  // A list page: its dialogs, its create form, its first record's pages.
  async list(route: string): Promise<void> {
    await this.goto(route);
    await this.dialogs();
    const create = this.page.locator(`#main-content a[href^="#${route}/create"]`).first();
    if ((await create.count()) > 0) {
      await this.goto(`${route}/create`);
    }
    await this.goto(route);
    const row = this.page
      .locator('#main-content .RaDataTable-clickableRow, #main-content .RaSimpleList-root a, #main-content .RaDatagrid-clickableRow')
      .first();
    if ((await row.count()) === 0) return;
    await row.click();
    await this.page.waitForURL((u) => !u.hash.replace(/\?.*$/, '').endsWith(route), { timeout: 10_000 }).catch(() => undefined);
    await this.record();
  }

  // A record's page: every tab with its dialogs, and its edit form.
  async record(): Promise<void> {
    await this.check();
    await this.dialogs();
    const tabs = this.page.locator('#main-content [role="tab"]');
    const n = await tabs.count();
    for (let i = 1; i < n; i++) {
      await tabs.nth(i).click();
      await this.check();
      await this.dialogs();
    }
    const edit = this.page.locator('#main-content .MuiToolbar-root a[href^="#/"]');
    for (const href of await edit.evaluateAll((els) => els.map((e) => (e as unknown as El).getAttribute('href') ?? ''))) {
      if (/^#\/[^/]+\/[^/]+$/.test(href)) {
        await this.goto(href.slice(1));
        await this.dialogs();
        break;
      }
    }
  }
}

// On a phone the menu is a drawer over the page: closed, as after choosing an entry.
async function closeDrawer(page: Page): Promise<void> {
  if (await page.locator('.RaSidebar-modal').isVisible()) {
    // a tap on the shade beside the drawer, as on a phone
    const size = page.viewportSize()!;
    await page.mouse.click(size.width - 8, size.height / 2);
    await page.locator('.RaSidebar-modal').waitFor({ state: 'hidden', timeout: 5_000 });
  }
}

// The whole walk of one signed-in user at one window size; answers the problems found.
export async function menuRoutes(page: Page, base: string): Promise<string[]> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${base}/#/`);
  await settle(page);
  return page
    .getByTestId('app-menu')
    .locator('a[href^="#/"]')
    .evaluateAll((els) => [...new Set(els.map((e) => (e as unknown as El).getAttribute('href')!.slice(1)))]);
}

export async function walkConsole(page: Page, base: string, user: WalkUser, size: Size, menu: string[]): Promise<{ problems: string[]; visited: number }> {
  await page.setViewportSize({ width: size.width, height: size.height });
  // the sidebar as react-admin opens it for this width (open on a laptop, a closed drawer on a phone)
  await page.evaluate(`localStorage.removeItem('RaStore.sidebar.open')`);
  await page.goto(`${base}/#/`);
  await page.reload();
  await settle(page);
  const walk = new Walk(page, base, `${user.email} @${size.name}`);
  const only = process.env.WALK_ONLY?.split(',');
  for (const route of menu) {
    if (only && !only.some((o) => route === o)) continue;
    try {
      await page.goto(`${base}/#${route}`);
      await settle(page);
      await closeDrawer(page);
      if ((await page.locator('.RaList-main').count()) > 0) await walk.list(route);
      else {
        await walk.check();
        await walk.dialogs();
      }
    } catch (err) {
      walk.problems.push(`${user.email} @${size.name} ${route}: the walk failed: ${String(err).split('\n')[0]}`);
    }
  }
  return { problems: walk.problems, visited: walk.visited };
}

// One role's walk on the demo dataset, at both sizes (WALK_SIZE=phone or laptop and WALK_ONLY=/cases,/returnees narrow
// it while working on a page; WALK_OUT=file writes the problems found there).
export function describeWalk(role: 'admin' | 'supervisor' | 'caseworker' | 'ngo_staff'): void {
  const u = DEMO_USERS.find((x) => x.role === role)!;
  const user = { email: u.email, password: DEMO_PASSWORD, expect: u.fullName };
  describe(`browser: every page of a ${role} (${u.locale}) fits a laptop and a phone and passes axe`, () => {
    let t: TestApp;
    let browser: Browser;
    let base: string;

    beforeAll(async () => {
      const dist = requireConsoleAndChromium();
      t = await createTestApp({ consoleDist: dist });
      await t.app.get(DemoSeedService).seedIfEmpty();
      base = await listenLocally(t.app);
      browser = await launchBrowser();
      // the demo seed (300 returnees with their plans, documents, messages and assistance) takes 1–2 minutes when the
      // suite's other workers share the cores: setup gets room, the walk's own assertions keep their timeouts
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('should show every menu entry, list, record tab, form and dialog without overflow or serious axe findings', async () => {
      await signIn(browser.page, base, user, user.expect);
      const menu = await menuRoutes(browser.page, base);
      expect(menu.length).toBeGreaterThan(2);
      const problems: string[] = [];
      let visited = 0;
      for (const size of SIZES.filter((s) => !process.env.WALK_SIZE || s.name === process.env.WALK_SIZE)) {
        const r = await walkConsole(browser.page, base, user, size, menu);
        problems.push(...r.problems);
        visited += r.visited;
      }
      if (process.env.WALK_OUT) writeFileSync(process.env.WALK_OUT, problems.join('\n'));
      // a walk that saw almost nothing proves nothing
      expect(visited).toBeGreaterThan(process.env.WALK_ONLY ? 0 : menu.length);
      expect(problems).toEqual([]);
    }, 2_400_000);
  });
}
