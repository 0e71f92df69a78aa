import { Clock } from '@kaytuu/shared';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Row = Record<string, unknown>;

// The clock is pinned to Wednesday 2026-03-18 12:00 in Bishkek, so months and weeks below are fixed:
// the 12 months are 2025-04 … 2026-03 and the 12 weeks start on Mondays 2025-12-29 … 2026-03-16.
const NOW = new Date('2026-03-18T06:00:00Z');

describe('supervision API (caseload and dashboards)', () => {
  let t: TestApp;
  let osh: { id: string };
  let bishkek: { id: string };
  let supOsh: GivenUser;
  let supBishkek: GivenUser;
  let cwA: GivenUser;
  let cwB: GivenUser;
  let cwIdle: GivenUser;
  let cwGone: GivenUser;
  let cwBishkek: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;

  const sql = (text: string, params: unknown[] = []) => t.db.query(text, params);

  async function caseOf(p: {
    returneeId: string;
    officeId: string;
    assignee: GivenUser | null;
    type: string;
    status: string;
    priority: string;
    openedAt: string;
    dueAt?: string;
    closedAt?: string;
    deleted?: boolean;
  }): Promise<string> {
    const c = await t.given.caseFile({ returneeId: p.returneeId, officeId: p.officeId, type: p.type, status: p.status, assigneeId: p.assignee?.id ?? null });
    await sql(`UPDATE case_file SET priority = $2, opened_at = $3, due_at = $4, closed_at = $5, deleted_at = CASE WHEN $6 THEN opened_at END WHERE id = $1`, [
      c.id,
      p.priority,
      p.openedAt,
      p.dueAt ?? null,
      p.closedAt ?? null,
      p.deleted ?? false,
    ]);
    return c.id;
  }

  async function followUp(caseId: string, returneeId: string, officeId: string, assignee: GivenUser, status: string, dueAt: string): Promise<void> {
    await sql(
      `INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, status, due_at, done_at, missed_at, cancelled_at)
       VALUES ($1,$2,$3,$4,'call',$5,$6, CASE WHEN $5 = 'done' THEN $6::timestamptz END, CASE WHEN $5 = 'missed' THEN $6::timestamptz + interval '48 hours' END,
               CASE WHEN $5 = 'cancelled' THEN $6::timestamptz END)`,
      [caseId, returneeId, officeId, assignee.id, status, dueAt],
    );
  }

  async function referral(
    caseId: string,
    returneeId: string,
    officeId: string,
    orgId: string,
    consentId: string,
    status: string,
    by: GivenUser,
  ): Promise<void> {
    await sql(
      `INSERT INTO referral (case_id, returnee_id, office_id, organization_id, consent_id, status, reason, shared_fields, sent_at, respond_by, accepted_at, completed_at, declined_at, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,'Нужна помощь','{name}','2026-03-01T06:00:00Z','2026-03-08T06:00:00Z',
               CASE WHEN $6 IN ('accepted','completed') THEN '2026-03-02T06:00:00Z'::timestamptz END,
               CASE WHEN $6 = 'completed' THEN '2026-03-10T06:00:00Z'::timestamptz END,
               CASE WHEN $6 = 'declined' THEN '2026-03-02T06:00:00Z'::timestamptz END, $7)`,
      [caseId, returneeId, officeId, orgId, consentId, status, by.id],
    );
  }

  async function returneeIn(officeId: string, oblast: string, episodes: Array<{ departedOn: string; returnReason: string }>, deleted = false): Promise<string> {
    const r = await t.given.returnee({ officeId });
    await sql(`UPDATE returnee SET oblast = $2, deleted_at = CASE WHEN $3 THEN now() END WHERE id = $1`, [r.id, oblast, deleted]);
    for (const [position, e] of episodes.entries()) {
      await sql(`INSERT INTO migration_episode (returnee_id, position, country, departed_on, sector, return_reason) VALUES ($1,$2,'RU',$3,'construction',$4)`, [
        r.id,
        position,
        e.departedOn,
        e.returnReason,
      ]);
    }
    return r.id;
  }

  const consentFor = async (returneeId: string): Promise<string> =>
    (
      await sql(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{data_processing,share_with_ngo}', '2026-01-01T00:00:00Z') RETURNING id`, [
        returneeId,
      ])
    ).rows[0].id;

  beforeAll(async () => {
    t = await createTestApp();
    osh = await t.given.office({ name: 'Ош', oblast: 'osh', district: 'Кара-Суу' });
    bishkek = await t.given.office({ name: 'Бишкек', oblast: 'bishkek' });
    supOsh = await t.given.user('supervisor', { officeId: osh.id, fullName: 'Салтанат Супер' });
    supBishkek = await t.given.user('supervisor', { officeId: bishkek.id, fullName: 'Бишкек Супер' });
    cwA = await t.given.user('caseworker', { officeId: osh.id, fullName: 'Айгуль Осмонова' });
    cwB = await t.given.user('caseworker', { officeId: osh.id, fullName: 'Бакыт Алиев' });
    cwIdle = await t.given.user('caseworker', { officeId: osh.id, fullName: 'Элмира Бош' });
    cwGone = await t.given.user('caseworker', { officeId: osh.id, fullName: 'Жоомарт Кетти' });
    cwBishkek = await t.given.user('caseworker', { officeId: bishkek.id, fullName: 'Нурлан Бишкеков' });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
    await sql(`UPDATE app_user SET active = false WHERE id = $1`, [cwGone.id]);

    const r1 = await returneeIn(osh.id, 'osh', [
      { departedOn: '2023-04-01', returnReason: 'entry_ban' },
      { departedOn: '2018-01-01', returnReason: 'economic' },
    ]);
    await returneeIn(osh.id, 'osh', [{ departedOn: '2020-05-01', returnReason: 'deported' }]);
    await returneeIn(osh.id, 'jalal_abad', []);
    await returneeIn(osh.id, 'naryn', [{ departedOn: '2021-05-01', returnReason: 'health' }], true);
    const rb = await returneeIn(bishkek.id, 'bishkek', [{ departedOn: '2022-05-01', returnReason: 'health' }]);

    const o = { returneeId: r1, officeId: osh.id };
    const c1 = await caseOf({
      ...o,
      assignee: cwA,
      type: 'legal_aid',
      status: 'open',
      priority: 'high',
      openedAt: '2026-03-08T04:00:00Z',
      dueAt: '2026-03-15T06:00:00Z',
    });
    const c2 = await caseOf({
      ...o,
      assignee: cwA,
      type: 'health_referral',
      status: 'in_progress',
      priority: 'urgent',
      openedAt: '2026-02-06T06:00:00Z',
      dueAt: '2026-03-23T06:00:00Z',
    });
    // closed a day before it was due: never overdue
    await caseOf({
      ...o,
      assignee: cwA,
      type: 'job_placement',
      status: 'closed',
      priority: 'low',
      openedAt: '2026-01-17T06:00:00Z',
      dueAt: '2026-03-13T06:00:00Z',
      closedAt: '2026-03-12T06:00:00Z',
    });
    const c4 = await caseOf({ ...o, assignee: cwA, type: 'legal_aid', status: 'pending_closure', priority: 'normal', openedAt: '2026-03-16T06:00:00Z' });
    const c5 = await caseOf({
      ...o,
      assignee: cwB,
      type: 'pension_claim',
      status: 'on_hold',
      priority: 'normal',
      openedAt: '2026-03-15T06:00:00Z',
      dueAt: '2026-03-17T05:00:00Z',
    });
    // 00:30 on 17 March in Bishkek, the 16th in UTC
    await caseOf({ ...o, assignee: supOsh, type: 'legal_aid', status: 'open', priority: 'normal', openedAt: '2026-03-16T18:30:00Z' });
    await caseOf({ ...o, assignee: cwGone, type: 'legal_aid', status: 'open', priority: 'normal', openedAt: '2026-03-01T06:00:00Z' });
    // 1 March in Bishkek, still February in UTC
    await caseOf({ ...o, assignee: null, type: 'legal_aid', status: 'open', priority: 'normal', openedAt: '2026-02-28T20:00:00Z' });
    // closed five days after its due date: overdue in the week of 16 February
    await caseOf({
      ...o,
      assignee: cwA,
      type: 'job_placement',
      status: 'closed',
      priority: 'normal',
      openedAt: '2026-02-10T06:00:00Z',
      dueAt: '2026-02-20T06:00:00Z',
      closedAt: '2026-02-25T06:00:00Z',
    });
    // closed on 1 April 2025 in Bishkek (31 March in UTC): the first month of the window
    await caseOf({
      ...o,
      assignee: null,
      type: 'legal_aid',
      status: 'closed',
      priority: 'normal',
      openedAt: '2025-01-10T06:00:00Z',
      closedAt: '2025-03-31T19:00:00Z',
    });
    await caseOf({
      ...o,
      assignee: cwA,
      type: 'legal_aid',
      status: 'open',
      priority: 'urgent',
      openedAt: '2026-03-10T06:00:00Z',
      dueAt: '2026-03-11T06:00:00Z',
      deleted: true,
    });
    const cb1 = await caseOf({
      returneeId: rb,
      officeId: bishkek.id,
      assignee: cwBishkek,
      type: 'legal_aid',
      status: 'open',
      priority: 'urgent',
      openedAt: '2026-03-05T06:00:00Z',
      dueAt: '2026-03-10T06:00:00Z',
    });

    await followUp(c1, r1, osh.id, cwA, 'missed', '2026-03-01T06:00:00Z');
    await followUp(c1, r1, osh.id, cwA, 'missed', '2026-03-05T06:00:00Z');
    await followUp(c1, r1, osh.id, cwA, 'done', '2026-03-10T06:00:00Z');
    await followUp(c1, r1, osh.id, cwA, 'cancelled', '2026-03-02T06:00:00Z');
    await followUp(c1, r1, osh.id, cwA, 'scheduled', '2026-03-18T04:00:00Z');
    // 18:00 in Bishkek: later today
    await followUp(c1, r1, osh.id, cwA, 'scheduled', '2026-03-18T12:00:00Z');
    await followUp(c5, r1, osh.id, cwB, 'missed', '2026-03-16T06:00:00Z');
    for (const d of ['01', '02', '03']) await followUp(cb1, rb, bishkek.id, cwBishkek, 'missed', `2026-03-${d}T06:00:00Z`);

    const alpha = await t.given.organization({ name: 'Альфа' });
    const beta = await t.given.organization({ name: 'Бета' });
    const k1 = await consentFor(r1);
    const kb = await consentFor(rb);
    await referral(c1, r1, osh.id, alpha.id, k1, 'sent', cwA);
    await referral(c2, r1, osh.id, alpha.id, k1, 'accepted', cwA);
    await referral(c2, r1, osh.id, beta.id, k1, 'completed', cwA);
    await referral(c5, r1, osh.id, beta.id, k1, 'sent', cwB);
    await referral(c4, r1, osh.id, beta.id, k1, 'declined', cwA);
    await referral(cb1, rb, bishkek.id, alpha.id, kb, 'sent', cwBishkek);

    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(NOW);
  });

  afterAll(async () => {
    await t?.close();
  });

  const zeroRow = {
    openHealthReferral: 0,
    openLegalAid: 0,
    openJobPlacement: 0,
    openPensionClaim: 0,
    openLow: 0,
    openNormal: 0,
    openHigh: 0,
    openUrgent: 0,
    overdueCases: 0,
    missedFollowUps: 0,
    referralsAwaiting: 0,
  };
  const expectedOsh = () => [
    {
      ...zeroRow,
      id: cwA.id,
      fullName: 'Айгуль Осмонова',
      openCases: 3,
      openHealthReferral: 1,
      openLegalAid: 2,
      openNormal: 1,
      openHigh: 1,
      openUrgent: 1,
      overdueCases: 1,
      missedFollowUps: 2,
      referralsAwaiting: 1,
      oldestOpenDays: 40,
    },
    {
      ...zeroRow,
      id: cwB.id,
      fullName: 'Бакыт Алиев',
      openCases: 1,
      openPensionClaim: 1,
      openNormal: 1,
      overdueCases: 1,
      missedFollowUps: 1,
      referralsAwaiting: 1,
      oldestOpenDays: 3,
    },
    { ...zeroRow, id: supOsh.id, fullName: 'Салтанат Супер', openCases: 1, openLegalAid: 1, openNormal: 1, oldestOpenDays: 1 },
    { ...zeroRow, id: cwIdle.id, fullName: 'Элмира Бош', openCases: 0, oldestOpenDays: null },
  ];
  const caseload = (u: GivenUser, query: Record<string, string> = {}) => t.http.get('/api/caseload').query(query).set(bearer(u));

  describe('GET /api/caseload', () => {
    it('should count each open case of the office once per measure when a supervisor asks', async () => {
      const res = await caseload(supOsh);
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toBe('caseload 0-3/4');
      expect(res.body).toEqual(expectedOsh().map((r) => expect.objectContaining(r)));
    });

    it('should never list other offices or inactive caseworkers when an Osh supervisor asks', async () => {
      const res = await caseload(supOsh);
      const ids = (res.body as Row[]).map((r) => r.id);
      expect(ids).not.toContain(cwBishkek.id);
      expect(ids).not.toContain(cwGone.id);
      expect(ids).not.toContain(supBishkek.id);
    });

    it('should find nobody when an Osh supervisor filters on the Bishkek office', async () => {
      const res = await caseload(supOsh, { filter: JSON.stringify({ officeId: bishkek.id }) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      expect(res.headers['content-range']).toBe('caseload */0');
    });

    it('should sort by the oldest open case with the empty caseload last when sorted descending', async () => {
      const res = await caseload(supOsh, { sort: JSON.stringify(['oldestOpenDays', 'DESC']) });
      expect((res.body as Row[]).map((r) => r.oldestOpenDays)).toEqual([40, 3, 1, null]);
    });

    it('should page with the full total in Content-Range when a range is given', async () => {
      const res = await caseload(supOsh, { sort: JSON.stringify(['fullName', 'ASC']), range: JSON.stringify([1, 2]) });
      expect(res.headers['content-range']).toBe('caseload 1-2/4');
      expect((res.body as Row[]).map((r) => r.fullName)).toEqual(['Бакыт Алиев', 'Салтанат Супер']);
    });

    it('should list only the people asked for by id, and still give the total when the range starts past the last row', async () => {
      const some = await caseload(supOsh, { filter: JSON.stringify({ id: [cwB.id, cwIdle.id, cwBishkek.id] }) });
      expect(some.headers['content-range']).toBe('caseload 0-1/2');
      expect(some.body).toEqual([expectedOsh()[1], expectedOsh()[3]].map((r) => expect.objectContaining(r)));
      const past = await caseload(supOsh, { range: JSON.stringify([10, 19]) });
      expect(past.body).toEqual([]);
      expect(past.headers['content-range']).toBe('caseload */4');
    });

    it('should list every office when an admin gives no office and one when they do', async () => {
      const all = await caseload(admin, { sort: JSON.stringify(['overdueCases', 'DESC']) });
      expect(all.headers['content-range']).toBe('caseload 0-4/5');
      expect(all.body).toContainEqual(
        expect.objectContaining({ id: cwBishkek.id, openCases: 1, openUrgent: 1, overdueCases: 1, missedFollowUps: 3, referralsAwaiting: 1 }),
      );
      const one = await caseload(admin, { filter: JSON.stringify({ officeId: osh.id }) });
      expect(one.body).toEqual(expectedOsh().map((r) => expect.objectContaining(r)));
    });

    it('should answer 400 when sorting by an unknown field', async () => {
      const res = await caseload(supOsh, { sort: JSON.stringify(['password', 'ASC']) });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('should answer 403 when a caseworker or NGO staff asks', async () => {
      expect((await caseload(cwA)).status).toBe(403);
      expect((await caseload(ngo)).status).toBe(403);
    });
  });

  describe('GET /api/dashboard', () => {
    const dashboard = (u: GivenUser, query: Record<string, string> = {}) => t.http.get('/api/dashboard').query(query).set(bearer(u));
    const nonZeroMonths = (rows: Row[]) => rows.filter((r) => r.opened !== 0 || r.closed !== 0);

    it('should give opened and closed per Bishkek month and type for the last 12 months when an Osh supervisor asks', async () => {
      const res = await dashboard(supOsh);
      expect(res.status).toBe(200);
      const months = res.body.openedVsClosed as Row[];
      expect(months).toHaveLength(48);
      expect(months[0]).toEqual({ month: '2025-04', type: 'health_referral', opened: 0, closed: 0 });
      expect(months[47].month).toBe('2026-03');
      expect(nonZeroMonths(months)).toEqual([
        { month: '2025-04', type: 'legal_aid', opened: 0, closed: 1 },
        { month: '2026-01', type: 'job_placement', opened: 1, closed: 0 },
        { month: '2026-02', type: 'health_referral', opened: 1, closed: 0 },
        { month: '2026-02', type: 'job_placement', opened: 1, closed: 1 },
        { month: '2026-03', type: 'legal_aid', opened: 5, closed: 0 },
        { month: '2026-03', type: 'job_placement', opened: 0, closed: 1 },
        { month: '2026-03', type: 'pension_claim', opened: 1, closed: 0 },
      ]);
    });

    it('should count open cases by status, overdue weeks, the funnel, follow-ups and returnees of Osh only', async () => {
      const res = await dashboard(supOsh);
      expect(res.body.openByStatus).toEqual([
        { status: 'open', n: 4 },
        { status: 'in_progress', n: 1 },
        { status: 'on_hold', n: 1 },
        { status: 'pending_closure', n: 1 },
      ]);
      const weeks = res.body.overdueTrend as Array<{ week: string; overdue: number }>;
      expect(weeks.map((w) => w.week)).toEqual([
        '2025-12-29',
        '2026-01-05',
        '2026-01-12',
        '2026-01-19',
        '2026-01-26',
        '2026-02-02',
        '2026-02-09',
        '2026-02-16',
        '2026-02-23',
        '2026-03-02',
        '2026-03-09',
        '2026-03-16',
      ]);
      expect(weeks.filter((w) => w.overdue > 0)).toEqual([
        { week: '2026-02-16', overdue: 1 },
        { week: '2026-03-09', overdue: 1 },
        { week: '2026-03-16', overdue: 1 },
      ]);
      expect(res.body.referralFunnel).toEqual([
        expect.objectContaining({ organizationName: 'Бета', sent: 3, accepted: 1, completed: 1 }),
        expect.objectContaining({ organizationName: 'Альфа', sent: 2, accepted: 1, completed: 0 }),
      ]);
      // due: 3 missed + 1 done + 1 scheduled past due; the one later today and the cancelled one are not due
      expect(res.body.followUpCompletion).toEqual({ due: 5, done: 1, missed: 3, rate: 0.2 });
      expect(res.body.returneesByOblast).toEqual([
        { oblast: 'osh', n: 2 },
        { oblast: 'jalal_abad', n: 1 },
      ]);
      expect(res.body.returneesByReturnReason).toEqual([
        { returnReason: 'deported', n: 1 },
        { returnReason: 'entry_ban', n: 1 },
      ]);
    });

    it('should add Bishkek to every block when an admin asks for all offices', async () => {
      const res = await dashboard(admin);
      expect(res.status).toBe(200);
      expect((res.body.overdueTrend as Row[]).find((w) => w.week === '2026-03-09')).toEqual({ week: '2026-03-09', overdue: 2 });
      expect(res.body.referralFunnel).toContainEqual(expect.objectContaining({ organizationName: 'Альфа', sent: 3 }));
      expect(res.body.followUpCompletion).toEqual({ due: 8, done: 1, missed: 6, rate: 0.125 });
      expect(res.body.returneesByOblast).toContainEqual({ oblast: 'bishkek', n: 1 });
    });

    it('should show a Bishkek supervisor none of the Osh numbers', async () => {
      const res = await dashboard(supBishkek);
      expect(res.body.openByStatus).toEqual([
        { status: 'open', n: 1 },
        { status: 'in_progress', n: 0 },
        { status: 'on_hold', n: 0 },
        { status: 'pending_closure', n: 0 },
      ]);
      expect(res.body.referralFunnel).toEqual([expect.objectContaining({ organizationName: 'Альфа', sent: 1, accepted: 0, completed: 0 })]);
      expect(res.body.returneesByReturnReason).toEqual([{ returnReason: 'health', n: 1 }]);
    });

    it('should answer 404 when an Osh supervisor asks for the Bishkek office', async () => {
      const res = await dashboard(supOsh, { officeId: bishkek.id });
      expect(res.status).toBe(404);
    });

    it('should answer 400 when an unknown query parameter is given', async () => {
      expect((await dashboard(admin, { office: osh.id })).status).toBe(400);
    });

    it('should answer 403 when a caseworker or NGO staff asks', async () => {
      expect((await dashboard(cwA)).status).toBe(403);
      expect((await dashboard(ngo)).status).toBe(403);
    });
  });

  describe('GET /api/dashboard/mine', () => {
    const mine = (u: GivenUser) => t.http.get('/api/dashboard/mine').set(bearer(u));

    it('should give a caseworker their overdue and today follow-ups and their cases by status', async () => {
      const res = await mine(cwA);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        myOverdue: 1,
        myToday: 1,
        myCasesByStatus: [
          { status: 'open', n: 1 },
          { status: 'in_progress', n: 1 },
          { status: 'on_hold', n: 0 },
          { status: 'pending_closure', n: 1 },
          { status: 'closed', n: 2 },
        ],
      });
    });

    it('should count nothing of others when a caseworker without work asks', async () => {
      const res = await mine(cwIdle);
      expect(res.body.myOverdue).toBe(0);
      expect(res.body.myToday).toBe(0);
      expect((res.body.myCasesByStatus as Row[]).every((s) => s.n === 0)).toBe(true);
    });

    it('should answer 403 when NGO staff ask', async () => {
      expect((await mine(ngo)).status).toBe(403);
    });
  });
});
