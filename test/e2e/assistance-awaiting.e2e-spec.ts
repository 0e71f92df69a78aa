import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

// "Awaiting my approval" (issue 19): filter {"awaitingMyApproval":true} on GET /api/assistance and
// GET /api/matching-applications lists, page by page with the Content-Range total, what the signed-in user can approve
// next: a supervisor the office's proposed items without a first approval and not proposed by them, an admin the items
// over the threshold whose first approval someone else gave; for 1+1 applications those lacking this role's committee
// approval, not proposed by the user. Caseworkers approve nothing. HTTP in, DB out.
const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('assistance awaiting my approval', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let sup2A: GivenUser;
  let supB: GivenUser;
  let admin: GivenUser;
  let admin2: GivenUser;

  const createProgramme = async (over: Body = {}) => {
    const res = await t.http
      .post('/api/programmes')
      .set(bearer(admin))
      .send({
        name: 'Ожидает решения',
        funder: 'Государственный фонд',
        currency: 'KGS',
        startsOn: day(-30),
        endsOn: day(300),
        assistanceTypes: ['business_grant'],
        lines: [{ assistanceType: 'business_grant', amountMinor: 50_000_000 }],
        approvalThresholdMinor: 1_000_000,
        matchRatioPercent: 100,
        matchCapMinor: 3_000_000,
        ...over,
      });
    if (res.status !== 201) throw new Error(`programme: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const person = async (officeId: string) => {
    const r = await t.given.returnee({ officeId, birthDate: '1988-03-02' });
    await t.db.query(
      `INSERT INTO migration_episode (returnee_id, country, departed_on, returned_on, sector, return_reason) VALUES ($1, 'RU', '2018-01-01', $2, 'construction', 'end_of_contract')`,
      [r.id, day(-90)],
    );
    return r.id;
  };
  const propose = async (by: GivenUser, returneeId: string, programmeId: string, amountMinor: number) => {
    const res = await t.http.post('/api/assistance').set(bearer(by)).send({
      returneeId,
      programmeId,
      type: 'business_grant',
      amountMinor,
      currency: 'KGS',
      justification: 'Мастерская по ремонту обуви',
    });
    if (res.status !== 201) throw new Error(`propose: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const apply = async (by: GivenUser, returneeId: string, programmeId: string) => {
    const c = await t.given.caseFile({
      returneeId,
      officeId: officeA.id,
      type: 'job_placement',
      status: 'in_progress',
      assigneeId: cwA.id,
      details: { targetSectors: ['trade'], desiredOblast: 'chuy', training: false },
    });
    const res = await t.http
      .post('/api/matching-applications')
      .set(bearer(by))
      .send({
        returneeId,
        programmeId,
        caseId: c.id,
        currency: 'KGS',
        businessPlan: {
          sector: 'trade',
          oblast: 'chuy',
          district: 'Сокулукский район',
          description: 'Продуктовый магазин',
          totalCostMinor: 5_000_000,
          expectedMonthlyIncomeMinor: 400_000,
          jobsForOthers: 1,
        },
        ownContributionMinor: 1_000_000,
      });
    if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const approve = async (by: GivenUser, path: string, id: string) => {
    const res = await t.http.post(`/api/${path}/${id}/approve`).set(bearer(by)).send({});
    if (res.status !== 200) throw new Error(`approve: ${res.status} ${JSON.stringify(res.body)}`);
  };
  // the ids awaiting `u` in this programme, oldest first, and the Content-Range total
  const awaiting = async (u: GivenUser, path: string, programmeId: string, range = '[0,24]') => {
    const res = await t.http
      .get(`/api/${path}`)
      .set(bearer(u))
      .query({ filter: JSON.stringify({ awaitingMyApproval: true, programmeId }), sort: '["createdAt","ASC"]', range });
    expect(res.status).toBe(200);
    const total = Number(/\/(\d+)$/.exec(String(res.headers['content-range']))?.[1]);
    return { ids: (res.body as Array<{ id: string }>).map((r) => r.id), total };
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '10000' } });
    officeA = await t.given.office({ oblast: 'chuy' });
    officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    sup2A = await t.given.user('supervisor', { officeId: officeA.id });
    supB = await t.given.user('supervisor', { officeId: officeB.id });
    admin = await t.given.user('admin');
    admin2 = await t.given.user('admin');
  });
  afterAll(() => t.close());

  it('should list for each approver only the assistance items awaiting their approval, paged with the total', async () => {
    const p = await createProgramme();
    const rA = await person(officeA.id);
    const rB = await person(officeB.id);
    const small = await propose(cwA, rA, p.id, 500_000); // under the threshold: one approval
    const bySupA = await propose(supA, rA, p.id, 600_000); // supA's own proposal
    const large = await propose(cwA, rA, p.id, 2_000_000); // over: supA first, then an admin
    const inB = await propose(supB, rB, p.id, 500_000); // another office, proposed by its supervisor
    const decided = await propose(cwA, rA, p.id, 700_000);
    await approve(supA, 'assistance', large);
    await approve(sup2A, 'assistance', decided);

    expect(await awaiting(supA, 'assistance', p.id)).toEqual({ ids: [small], total: 1 });
    expect(await awaiting(sup2A, 'assistance', p.id)).toEqual({ ids: [small, bySupA], total: 2 });
    expect(await awaiting(supB, 'assistance', p.id)).toEqual({ ids: [], total: 0 });
    expect(await awaiting(admin, 'assistance', p.id)).toEqual({ ids: [large], total: 1 });
    expect(await awaiting(admin2, 'assistance', p.id)).toEqual({ ids: [large], total: 1 });
    expect(await awaiting(cwA, 'assistance', p.id)).toEqual({ ids: [], total: 0 });
    // a page of one still counts them all
    expect(await awaiting(sup2A, 'assistance', p.id, '[1,1]')).toEqual({ ids: [bySupA], total: 2 });
    // without the filter the office's proposed items are all there
    const all = await t.http
      .get('/api/assistance')
      .set(bearer(supA))
      .query({ filter: JSON.stringify({ programmeId: p.id, status: ['proposed'] }) });
    expect((all.body as Array<{ id: string }>).map((r) => r.id).sort()).toEqual([small, bySupA, large].sort());
    expect(inB).toBeTruthy();

    // once approved, it awaits no one
    await approve(admin2, 'assistance', large);
    expect(await awaiting(admin, 'assistance', p.id)).toEqual({ ids: [], total: 0 });
    await approve(sup2A, 'assistance', small);
    expect(await awaiting(supA, 'assistance', p.id)).toEqual({ ids: [], total: 0 });
  });

  it('should list for each committee member only the 1+1 applications lacking their role’s approval', async () => {
    const p = await createProgramme();
    const rA = await person(officeA.id);
    const fresh = await apply(cwA, rA, p.id);
    const supFirst = await apply(cwA, rA, p.id);
    const adminFirst = await apply(cwA, rA, p.id);
    const bySupA = await apply(supA, rA, p.id);
    await approve(supA, 'matching-applications', supFirst);
    await approve(admin, 'matching-applications', adminFirst);

    expect(await awaiting(supA, 'matching-applications', p.id)).toEqual({ ids: [fresh, adminFirst], total: 2 });
    expect(await awaiting(sup2A, 'matching-applications', p.id)).toEqual({ ids: [fresh, adminFirst, bySupA], total: 3 });
    expect(await awaiting(supB, 'matching-applications', p.id)).toEqual({ ids: [], total: 0 });
    expect(await awaiting(admin, 'matching-applications', p.id)).toEqual({ ids: [fresh, supFirst, bySupA], total: 3 });
    expect(await awaiting(admin2, 'matching-applications', p.id)).toEqual({ ids: [fresh, supFirst, bySupA], total: 3 });
    expect(await awaiting(cwA, 'matching-applications', p.id)).toEqual({ ids: [], total: 0 });
    expect(await awaiting(admin, 'matching-applications', p.id, '[0,0]')).toEqual({ ids: [fresh], total: 3 });

    // the committee's second approval takes it off every queue
    await approve(admin2, 'matching-applications', supFirst);
    expect(await awaiting(admin, 'matching-applications', p.id)).toEqual({ ids: [fresh, bySupA], total: 2 });
    expect(await awaiting(sup2A, 'matching-applications', p.id)).toEqual({ ids: [fresh, adminFirst, bySupA], total: 3 });
  });

  it('should refuse a filter value that is not true or false with a 400 naming it', async () => {
    for (const path of ['assistance', 'matching-applications']) {
      const res = await t.http
        .get(`/api/${path}`)
        .set(bearer(supA))
        .query({ filter: JSON.stringify({ awaitingMyApproval: 'me' }) });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(Object.keys(res.body.errors)).toEqual(['filter.awaitingMyApproval']);
    }
  });
});
