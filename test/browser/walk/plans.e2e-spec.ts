import { Browser, launchBrowser, listenLocally, requireConsoleAndChromium, signIn } from '../../support/browser';
import { bearer, createTestApp, GivenUser, TestApp } from '../../support/test-app';
import { SIZES, Walk } from '../../support/walk';

// The plan tab and the plans awaiting approval in the states the demo office of the walk's users may not have: a
// submitted plan (the supervisor's approve and return dialogs, on the tab and on the Approvals page) and an approved
// one (the caseworker's review, revise, complete and close dialogs), at both sizes: no overflow, no serious axe
// finding, focus kept in each dialog and back on its button.
describe('browser: the plan tab and plans awaiting approval fit a laptop and a phone and pass axe when submitted and approved', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let caseworker: GivenUser;
  let supervisor: GivenUser;
  const returnees: Record<'submitted' | 'approved', string> = { submitted: '', approved: '' };

  beforeAll(async () => {
    t = await createTestApp({ consoleDist: requireConsoleAndChromium() });
    base = await listenLocally(t.app);
    const office = await t.given.office({});
    caseworker = await t.given.user('caseworker', { officeId: office.id, fullName: 'Айгуль Жумабекова' });
    supervisor = await t.given.user('supervisor', { officeId: office.id, fullName: 'Гулнара Садыкова' });
    const target = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    for (const state of ['submitted', 'approved'] as const) {
      const r = await t.given.returnee({ officeId: office.id });
      const c = await t.given.caseFile({ returneeId: r.id, officeId: office.id, assigneeId: caseworker.id });
      const created = await t.http
        .post('/api/plans')
        .set(bearer(caseworker))
        .send({
          returneeId: r.id,
          goals: [
            {
              dimension: 'social',
              text: 'Паспорт алуу',
              targetDate: target,
              actions: [{ kind: 'task', text: 'ЦОНго жазылуу', ownerUserId: caseworker.id, dueAt: target }],
            },
            { dimension: 'economic', text: 'Туруктуу жумуш табуу', targetDate: target, actions: [{ kind: 'case', refId: c.id }] },
          ],
        });
      expect(created.status).toBe(201);
      expect((await t.http.post(`/api/plans/${created.body.id}/submit`).set(bearer(caseworker))).status).toBe(200);
      if (state === 'approved') expect((await t.http.post(`/api/plans/${created.body.id}/approve`).set(bearer(supervisor))).status).toBe(200);
      returnees[state] = r.id;
    }
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should walk the submitted plan and the queue as the supervisor, the approved plan as the caseworker', async () => {
    const page = browser.page;
    const problems: string[] = [];
    let visited = 0;
    const walkAs = async (user: GivenUser, name: string, routes: string[]) => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await signIn(page, base, user, name);
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.evaluate(`localStorage.removeItem('RaStore.sidebar.open')`);
        await page.reload();
        const walk = new Walk(page, base, `${user.role} @${size.name}`);
        for (const route of routes) {
          await walk.goto(route);
          await walk.dialogs();
        }
        problems.push(...walk.problems);
        visited += walk.visited;
      }
    };
    await walkAs(supervisor, 'Гулнара Садыкова', [`/returnees/${returnees.submitted}/show/plan`, '/approvals']);
    await walkAs(caseworker, 'Айгуль Жумабекова', [`/returnees/${returnees.approved}/show/plan`]);
    // each page and each dialog its buttons open (approve, return, signature, print, close; review, revise, complete…)
    expect(visited).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  }, 600_000);
});
