import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Row = Record<string, unknown>;

// The needs assessment change: each 12-month monitoring assessment against the same person's latest intake
// assessment before it, by hand. Rows straight in SQL (the scores are what the report reads; the answers stay sealed).
describe('reports API: needs assessment change', () => {
  let t: TestApp;
  let supOsh: GivenUser;
  let cwOsh: GivenUser;
  let admin: GivenUser;
  const DAY = 86_400_000;

  beforeAll(async () => {
    t = await createTestApp();
    const osh = await t.given.office({ name: 'Ош', oblast: 'osh' });
    const bishkek = await t.given.office({ name: 'Бишкек', oblast: 'bishkek' });
    supOsh = await t.given.user('supervisor', { officeId: osh.id });
    cwOsh = await t.given.user('caseworker', { officeId: osh.id });
    admin = await t.given.user('admin');
    const sealed = t.given.cipher.encryptJson({}, 'needs_assessment.answers');
    const assess = async (r: { id: string; officeId: string }, occasion: string, daysAgo: number, [economic, social, psychosocial, composite]: number[]) =>
      t.db.query(
        `INSERT INTO needs_assessment (returnee_id, office_id, form_version, answers_enc, economic, social, psychosocial, composite, occasion, taken_at, taken_by)
         VALUES ($1, $2, 'na-kg-2', $3, $4, $5, $6, $7, $8, $9, $10)`,
        [r.id, r.officeId, sealed, economic, social, psychosocial, composite, occasion, new Date(Date.now() - daysAgo * DAY), cwOsh.id],
      );
    const episode = (returneeId: string, reason: string) =>
      t.db.query(
        `INSERT INTO migration_episode (returnee_id, position, country, departed_on, returned_on, sector, return_reason) VALUES ($1, 0, 'RU', '2020-03-01', '2024-05-01', 'construction', $2)`,
        [returneeId, reason],
      );
    // A: a woman deported; intake, then 12 months: +0.3 economic, +0.1 social, +0.2 psychosocial, +0.2 composite
    const a = await t.given.returnee({ officeId: osh.id, sex: 'female' });
    await episode(a.id, 'deported');
    await assess(a, 'intake', 400, [0.2, 0.5, 0.4, 0.367]);
    await assess(a, 'monitoring_6m', 200, [0.3, 0.5, 0.5, 0.433]);
    await assess(a, 'monitoring_12m', 30, [0.5, 0.6, 0.6, 0.567]);
    // B: a man back at the end of his contract; an old intake superseded by a later one (the latest before counts)
    const b = await t.given.returnee({ officeId: osh.id, sex: 'male' });
    await episode(b.id, 'end_of_contract');
    await assess(b, 'intake', 420, [0.1, 0.1, 0.1, 0.1]);
    await assess(b, 'intake', 380, [0.4, 0.4, 0.4, 0.4]);
    await assess(b, 'monitoring_12m', 10, [0.4, 0.6, 0.3, 0.433]);
    // C: intake only; D: a 12-month assessment without an intake: neither has a change to report
    const c = await t.given.returnee({ officeId: osh.id, sex: 'female' });
    await assess(c, 'intake', 50, [0.1, 0.1, 0.1, 0.1]);
    const d = await t.given.returnee({ officeId: osh.id, sex: 'male' });
    await assess(d, 'monitoring_12m', 5, [0.9, 0.9, 0.9, 0.9]);
    // E: another office
    const e = await t.given.returnee({ officeId: bishkek.id, sex: 'male' });
    await assess(e, 'intake', 390, [0.2, 0.2, 0.2, 0.2]);
    await assess(e, 'monitoring_12m', 20, [0.8, 0.8, 0.8, 0.8]);
  });
  afterAll(() => t.close());

  const rows = async (u: GivenUser, query: string) => {
    const res = await t.http.get(`/api/reports/assessment-change${query}`).set(bearer(u));
    expect(res.status).toBe(200);
    return res.body.rows as Row[];
  };

  it("should average the change from intake to 12 months per dimension, within the supervisor's office only", async () => {
    // A +0.3/+0.1/+0.2 (composite +0.2), B 0/+0.2/−0.1 (composite +0.033): means +0.15, +0.15, +0.05, +0.117
    expect(await rows(supOsh, '')).toEqual([{ people: 2, changeOverall: 0.117, changeEconomic: 0.15, changeSocial: 0.15, changePsychosocial: 0.05 }]);
  });

  it('should break the change down by sex, return reason, oblast and age band', async () => {
    const bySex = await rows(supOsh, '?by=sex');
    expect(bySex).toEqual([
      { sex: 'female', people: 1, changeOverall: 0.2, changeEconomic: 0.3, changeSocial: 0.1, changePsychosocial: 0.2 },
      { sex: 'male', people: 1, changeOverall: 0.033, changeEconomic: 0, changeSocial: 0.2, changePsychosocial: -0.1 },
    ]);
    const byReason = await rows(supOsh, '?by=returnReason');
    expect(byReason.map((r) => [r.returnReason, r.people, r.changeEconomic])).toEqual([
      ['deported', 1, 0.3],
      ['end_of_contract', 1, 0],
    ]);
    // the test returnees live in Bishkek and were born in 1997
    expect(await rows(supOsh, '?by=oblast,ageBand')).toEqual([
      expect.objectContaining({ oblast: 'bishkek', ageBand: '25_29', people: 2, changeOverall: 0.117 }),
    ]);
  });

  it('should include every office for an admin, suppress small cells when shared outside, and refuse caseworkers', async () => {
    // over both offices: (0.2 + 0.033 + 0.6) / 3 = 0.278
    expect(await rows(admin, '')).toEqual([expect.objectContaining({ people: 3, changeOverall: 0.278 })]);
    expect(await rows(admin, '?share=external')).toEqual([
      { people: '<5', changeOverall: '<5', changeEconomic: '<5', changeSocial: '<5', changePsychosocial: '<5' },
    ]);
    expect((await t.http.get('/api/reports/assessment-change').set(bearer(cwOsh))).status).toBe(403);
  });

  it('should export the change as CSV with Russian headings for a Russian-speaking supervisor', async () => {
    const res = await t.http.get('/api/reports/assessment-change?by=sex&format=csv').set(bearer(supOsh));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text).toContain('Изменение оценки потребностей (приём → 12 мес.)');
    expect(res.text).toContain('Изменение: экономика');
  });
});
