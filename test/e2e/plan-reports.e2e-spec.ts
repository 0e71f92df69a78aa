import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Row = Record<string, string | number | null>;
const daysFromToday = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

// Plans by status, time from registration to an approved plan and goals by dimension (issue 16), counted by hand:
// Osh office: A (female) approved, then reviewed (one goal achieved); B (male) submitted; C (female) a draft;
//   D (female) approved, registered 10 days before the approval; E (male) approved but deleted → not counted.
// Bishkek office: G (male) approved → only in the admin's numbers.
describe('reports API: reintegration plans', () => {
  let t: TestApp;
  let supOsh: GivenUser;
  let supOsh2: GivenUser;
  let cwOsh: GivenUser;
  let admin: GivenUser;

  const goal = (dimension: string, text: string) => ({ dimension, text, targetDate: daysFromToday(30), actions: [] });
  const post = async (u: GivenUser, path: string, body: object, ok: number) => {
    const res = await t.http.post(`/api/plans${path}`).set(bearer(u)).send(body);
    expect([res.status, res.body.code]).toEqual([ok, undefined]);
    return res.body;
  };
  const plan = async (cw: GivenUser, sup: GivenUser, returneeId: string, state: 'draft' | 'submitted' | 'approved') => {
    const p = await post(cw, '', { returneeId, goals: [goal('economic', 'Работа'), goal('social', 'Документы')] }, 201);
    if (state !== 'draft') await post(cw, `/${p.id}/submit`, {}, 200);
    if (state === 'approved') await post(sup, `/${p.id}/approve`, {}, 200);
    return p;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const osh = await t.given.office({ name: 'Ош', oblast: 'osh' });
    const bishkek = await t.given.office({ name: 'Бишкек', oblast: 'bishkek' });
    supOsh = await t.given.user('supervisor', { officeId: osh.id });
    supOsh2 = await t.given.user('supervisor', { officeId: osh.id });
    cwOsh = await t.given.user('caseworker', { officeId: osh.id });
    const cwB = await t.given.user('caseworker', { officeId: bishkek.id });
    const supB = await t.given.user('supervisor', { officeId: bishkek.id });
    admin = await t.given.user('admin');
    const person = (officeId: string, sex: string) => t.given.returnee({ officeId, sex, birthDate: '1990-01-01' });
    const a = await person(osh.id, 'female');
    const pa = await plan(cwOsh, supOsh, a.id, 'approved');
    await post(
      cwOsh,
      `/${pa.id}/reviews`,
      { reviewedOn: daysFromToday(0), goals: [{ goalId: pa.goals[0].id, status: 'achieved', progress: 'Работает' }] },
      201,
    );
    await plan(cwOsh, supOsh, (await person(osh.id, 'male')).id, 'submitted');
    await plan(cwOsh, supOsh, (await person(osh.id, 'female')).id, 'draft');
    const d = await person(osh.id, 'female');
    const pd = await plan(cwOsh, supOsh2, d.id, 'approved');
    await t.db.query(`UPDATE returnee SET created_at = now() - interval '10 days' WHERE id = $1`, [d.id]);
    await t.db.query(`UPDATE returnee SET created_at = now() - interval '4 days' WHERE id = $1`, [a.id]);
    const e = await person(osh.id, 'male');
    await plan(cwOsh, supOsh, e.id, 'approved');
    await t.db.query(`UPDATE returnee SET deleted_at = now() WHERE id = $1`, [e.id]);
    await plan(cwB, supB, (await person(bishkek.id, 'male')).id, 'approved');
    expect(pd.id).toBeTruthy();
  });
  afterAll(() => t.close());

  const rows = async (u: GivenUser, report: string, query: string): Promise<Row[]> => {
    const res = await t.http.get(`/api/reports/${report}${query}`).set(bearer(u));
    expect(res.status).toBe(200);
    return res.body.rows as Row[];
  };

  it('should count plans by status in the supervisor’s office and all offices for the admin', async () => {
    expect(await rows(supOsh, 'plans', '?by=status')).toEqual([
      { status: 'approved', plans: 1, plansApproved: 1 },
      { status: 'draft', plans: 1, plansApproved: 0 },
      { status: 'submitted', plans: 1, plansApproved: 0 },
      { status: 'under_review', plans: 1, plansApproved: 1 },
    ]);
    expect(await rows(admin, 'plans', '?by=sex')).toEqual([
      { sex: 'female', plans: 3, plansApproved: 2 },
      { sex: 'male', plans: 2, plansApproved: 1 },
    ]);
  });

  it('should give the median days from registration to the first approval', async () => {
    const [row] = await rows(supOsh, 'time-to-plan', '');
    expect(row.plansApproved).toBe(2);
    expect(row.medianDays).toBeCloseTo(7, 0);
  });

  it('should count goals by dimension and how many were achieved, with small cells suppressed for sharing', async () => {
    expect(await rows(supOsh, 'plan-goals', '')).toEqual([
      { goalDimension: 'economic', goals: 2, achieved: 1, dropped: 0 },
      { goalDimension: 'social', goals: 2, achieved: 0, dropped: 0 },
    ]);
    expect(await rows(supOsh, 'plan-goals', '?share=external')).toEqual([
      { goalDimension: 'economic', goals: '<5', achieved: '<5', dropped: 0 },
      { goalDimension: 'social', goals: '<5', achieved: 0, dropped: 0 },
    ]);
    const byStatus = await rows(admin, 'plan-goals', '?by=status');
    expect(byStatus).toContainEqual({ goalDimension: 'economic', status: 'achieved', goals: 1, achieved: 1, dropped: 0 });
  });

  it('should label plan statuses and goal dimensions in the export', async () => {
    const res = await t.http.get('/api/reports/plans?by=status&format=csv').set(bearer(supOsh));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/Утверждён|Бекитилген|Approved/);
    const goals = await t.http.get('/api/reports/plan-goals?format=csv').set(bearer(supOsh));
    expect(goals.text).toMatch(/Экономическое|Экономикалык|Economic/);
  });
});
