import { Clock } from '@kaytuu/shared';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;
type FollowUpRow = { id: string; kind: string; status: string; source: string | null; dueAt: Date; assigneeId: string; version: number };

// Monday 4 March 2030, 18:00 in Bishkek: "tomorrow 10:00" is 5 March 04:00 UTC.
const NOW = new Date('2030-03-04T12:00:00Z');
const HOUR = 3_600_000;

const TB = (stage?: string) => ({ condition: 'tb', urgency: 'urgent', facility: 'Городской центр фтизиатрии', ...(stage ? { tbTreatmentStage: stage } : {}) });

describe('pathways: TB follow-up plan, legal-aid deadline, entry ban', () => {
  let t: TestApp;
  let clock: Clock;
  let officeA: { id: string };
  let sup: GivenUser;
  let cw1: GivenUser;
  let cw2: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;
  let returneeA: { id: string };

  const open = (u: GivenUser, body: Body) => t.http.post('/api/cases').set(bearer(u)).send(body);
  const put = (u: GivenUser, id: string, body: Body) => t.http.put(`/api/cases/${id}`).set(bearer(u)).send(body);
  const getPlan = (u: GivenUser, caseId: string) => t.http.get(`/api/cases/${caseId}/follow-up-plan`).set(bearer(u));
  const applyPlan = (u: GivenUser, body: Body) => t.http.post('/api/follow-ups/plan').set(bearer(u)).send(body);
  const openCase = async (u: GivenUser, type: string, details: Body, extra: Body = {}) => {
    const res = await open(u, { returneeId: returneeA.id, type, title: `Дело ${type}`, details, ...extra });
    expect(res.status).toBe(201);
    return res.body as Body & { id: string; version: number; details: Body };
  };
  const followUpsOf = async (caseId: string): Promise<FollowUpRow[]> =>
    (
      await t.db.query(
        `SELECT id, kind, status, source, due_at AS "dueAt", assignee_id AS "assigneeId", version FROM follow_up WHERE case_id = $1 ORDER BY due_at, created_at`,
        [caseId],
      )
    ).rows;
  const remindersOf = async (followUpId: string): Promise<Array<{ kind: string; status: string; fireAt: Date }>> =>
    (await t.db.query(`SELECT kind, status, fire_at AS "fireAt" FROM reminder WHERE follow_up_id = $1 ORDER BY status, fire_at`, [followUpId])).rows;
  const eventsOf = async (caseId: string, kind: string): Promise<Body[]> =>
    (await t.db.query(`SELECT data FROM case_event WHERE case_id = $1 AND kind = $2 ORDER BY at, id`, [caseId, kind])).rows.map((r: { data: Body }) => r.data);
  const counts = async () => ({
    followUps: await t.given.count('follow_up'),
    reminders: await t.given.count('reminder'),
    events: await t.given.count('case_event'),
  });
  const iso = (d: Date) => d.toISOString();

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    clock = t.app.get(Clock);
    officeA = await t.given.office();
    const officeB = await t.given.office();
    sup = await t.given.user('supervisor', { officeId: officeA.id });
    cw1 = await t.given.user('caseworker', { officeId: officeA.id });
    cw2 = await t.given.user('caseworker', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
    returneeA = await t.given.returnee({ officeId: officeA.id, lastName: 'Бекмуратов', firstName: 'Нурлан' });
  });
  beforeEach(() => {
    jest.spyOn(clock, 'now').mockReturnValue(NOW);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  describe('TB follow-up plan', () => {
    it('should offer eight weekly check-ins from tomorrow 10:00 Bishkek when a TB case is in the intensive phase', async () => {
      const c = await openCase(cw1, 'health_referral', TB('intensive'));
      const res = await getPlan(cw1, c.id);
      expect(res.status).toBe(200);
      expect(res.body.plan).toBe('tb_intensive');
      expect(res.body.applied).toBe(false);
      expect(res.body.items).toHaveLength(8);
      expect(res.body.items[0]).toEqual({ kind: 'check_in', dueAt: '2030-03-05T04:00:00.000Z', label: 'week_1' });
      expect(res.body.items[1].dueAt).toBe('2030-03-12T04:00:00.000Z');
      expect(res.body.items[7]).toEqual({ kind: 'check_in', dueAt: '2030-04-23T04:00:00.000Z', label: 'week_8' });
    });

    it('should offer the intensive plan when no treatment stage is recorded yet', async () => {
      const c = await openCase(cw1, 'health_referral', TB());
      expect((await getPlan(cw1, c.id)).body.plan).toBe('tb_intensive');
    });

    it('should offer four monthly check-ins when the TB case is in the continuation phase', async () => {
      const c = await openCase(cw1, 'health_referral', TB('continuation'));
      const res = await getPlan(cw1, c.id);
      expect(res.body.plan).toBe('tb_continuation');
      expect(res.body.items.map((i: Body) => [i.kind, i.dueAt, i.label])).toEqual([
        ['check_in', '2030-03-05T04:00:00.000Z', 'month_1'],
        ['check_in', '2030-04-05T04:00:00.000Z', 'month_2'],
        ['check_in', '2030-05-05T04:00:00.000Z', 'month_3'],
        ['check_in', '2030-06-05T04:00:00.000Z', 'month_4'],
      ]);
    });

    it('should offer no plan when the case is not TB, is another type or the treatment is completed', async () => {
      const hiv = await openCase(cw1, 'health_referral', { condition: 'hiv', urgency: 'soon' });
      const legal = await openCase(cw1, 'legal_aid', { issue: 'documents', country: 'RU' });
      const done = await openCase(cw1, 'health_referral', TB('completed'));
      for (const c of [hiv, legal, done]) {
        const res = await getPlan(cw1, c.id);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ plan: null, items: [], applied: false });
      }
    });

    it('should answer 404 to another office, 403 to admins and NGO staff, and no plan to a caseworker who may not see the health details', async () => {
      const c = await openCase(cw1, 'health_referral', TB('intensive'));
      expect((await getPlan(cwB, c.id)).status).toBe(404);
      expect((await getPlan(cwB, c.id)).body.code).toBe('NOT_FOUND');
      expect((await getPlan(admin, c.id)).status).toBe(403);
      expect((await getPlan(ngo, c.id)).status).toBe(403);
      // the plan would tell a colleague the diagnosis, which the case page hides from them
      expect((await getPlan(cw2, c.id)).body).toEqual({ plan: null, items: [], applied: false });
      expect((await getPlan(sup, c.id)).body.plan).toBe('tb_intensive');
    });

    it('should schedule all eight check-ins with reminders, events and audit rows in one request when the plan is applied', async () => {
      const c = await openCase(cw1, 'health_referral', TB('intensive'));
      const before = await counts();
      const res = await applyPlan(sup, { caseId: c.id, plan: 'tb_intensive' });
      expect(res.status).toBe(201);
      expect(res.body).toHaveLength(8);
      expect(res.body[0]).toMatchObject({
        caseId: c.id,
        kind: 'check_in',
        status: 'scheduled',
        source: 'tb_intensive',
        assigneeId: cw1.id,
        dueAt: '2030-03-05T04:00:00.000Z',
      });

      const rows = await followUpsOf(c.id);
      expect(rows.map((r) => [r.kind, r.source, r.assigneeId, iso(r.dueAt)])).toEqual(
        (res.body as Body[]).map((f) => ['check_in', 'tb_intensive', cw1.id, f.dueAt]),
      );
      // two reminders each, except tomorrow's first check-in: its 24 h reminder would already be past
      expect(await counts()).toEqual({ followUps: before.followUps + 8, reminders: before.reminders + 15, events: before.events + 8 });
      expect((await eventsOf(c.id, 'follow_up_scheduled'))[0]).toMatchObject({ kind: 'check_in', source: 'tb_intensive', assigneeId: cw1.id });
      expect(await t.given.count(`audit_log WHERE entity = 'follow_up' AND action = 'create' AND actor_id = '${sup.id}' AND diff->>'caseId' = '${c.id}'`)).toBe(
        8,
      );
      expect((await getPlan(cw1, c.id)).body.applied).toBe(true);
    });

    it('should answer 409 PLAN_ALREADY_APPLIED and write nothing when the same plan is applied a second time', async () => {
      const c = await openCase(cw1, 'health_referral', TB('intensive'));
      expect((await applyPlan(cw1, { caseId: c.id, plan: 'tb_intensive' })).status).toBe(201);
      const before = await counts();
      const again = await applyPlan(cw1, { caseId: c.id, plan: 'tb_intensive' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, code: 'PLAN_ALREADY_APPLIED' });
      expect(await counts()).toEqual(before);
    });

    it('should schedule the plan once when two applications race', async () => {
      const c = await openCase(cw1, 'health_referral', TB('continuation'));
      const [a, b] = await Promise.all([applyPlan(cw1, { caseId: c.id, plan: 'tb_continuation' }), applyPlan(sup, { caseId: c.id, plan: 'tb_continuation' })]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect(await followUpsOf(c.id)).toHaveLength(4);
    });

    it('should schedule only the due times kept ticked, soonest first, when items are given', async () => {
      const c = await openCase(cw1, 'health_referral', TB('intensive'));
      const items = ['2030-03-19T04:00:00.000Z', '2030-03-05T04:00:00.000Z', '2030-03-12T04:00:00.000Z'];
      const res = await applyPlan(cw1, { caseId: c.id, plan: 'tb_intensive', items });
      expect(res.status).toBe(201);
      expect(res.body.map((f: Body) => f.dueAt)).toEqual([...items].sort());
      expect((await followUpsOf(c.id)).map((r) => r.source)).toEqual(['tb_intensive', 'tb_intensive', 'tb_intensive']);
    });

    it('should refuse a plan that does not fit, a past due time, another office’s case and a colleague’s case without writing anything', async () => {
      const c = await openCase(cw1, 'health_referral', TB('intensive'));
      const before = await counts();

      const wrong = await applyPlan(cw1, { caseId: c.id, plan: 'tb_continuation' });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({ code: 'PLAN_NOT_APPLICABLE', errors: { plan: 'this case fits the tb_intensive plan' } });
      const past = await applyPlan(cw1, { caseId: c.id, plan: 'tb_intensive', items: ['2030-03-12T04:00:00.000Z', '2030-03-01T04:00:00.000Z'] });
      expect(past.status).toBe(400);
      expect(past.body.errors).toEqual({ 'items[1]': 'must be in the future' });
      const tooMany = await applyPlan(cw1, {
        caseId: c.id,
        plan: 'tb_intensive',
        items: Array.from({ length: 9 }, (_, i) => new Date(NOW.getTime() + (i + 1) * 24 * HOUR).toISOString()),
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors).toHaveProperty('items');
      const unknownPlan = await applyPlan(cw1, { caseId: c.id, plan: 'hiv_weekly' });
      expect(unknownPlan.status).toBe(400);
      expect(unknownPlan.body.errors).toHaveProperty('plan');
      expect((await applyPlan(cwB, { caseId: c.id, plan: 'tb_intensive' })).status).toBe(404);
      const colleague = await applyPlan(cw2, { caseId: c.id, plan: 'tb_intensive' });
      expect(colleague.status).toBe(403);
      expect(colleague.body.code).toBe('CASE_NOT_ASSIGNED');
      expect((await applyPlan(admin, { caseId: c.id, plan: 'tb_intensive' })).status).toBe(403);

      expect(await counts()).toEqual(before);
    });
  });

  describe('legal-aid deadline', () => {
    const legal = (deadline: string | null, extra: Body = {}) => ({ issue: 'unpaid_wages', country: 'RU', counterpart: 'ООО СтройМосква', deadline, ...extra });

    it('should schedule a call at 10:00 Bishkek three days before the deadline when a case is opened with one', async () => {
      const c = await openCase(cw1, 'legal_aid', legal('2030-03-20'));
      const rows = await followUpsOf(c.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'call', status: 'scheduled', source: 'legal_deadline', assigneeId: cw1.id });
      expect(iso(rows[0].dueAt)).toBe('2030-03-17T04:00:00.000Z');
      expect((await remindersOf(rows[0].id)).map((r) => [r.kind, r.status, iso(r.fireAt)])).toEqual([
        ['before_due', 'pending', '2030-03-16T04:00:00.000Z'],
        ['at_due', 'pending', '2030-03-17T04:00:00.000Z'],
      ]);
      expect(await eventsOf(c.id, 'follow_up_scheduled')).toEqual([
        { followUpId: rows[0].id, kind: 'call', dueAt: '2030-03-17T04:00:00.000Z', assigneeId: cw1.id, source: 'legal_deadline' },
      ]);
    });

    it('should schedule it for tomorrow 10:00 when three days before the deadline has already passed', async () => {
      const c = await openCase(cw1, 'legal_aid', legal('2030-03-06'));
      expect((await followUpsOf(c.id)).map((r) => iso(r.dueAt))).toEqual(['2030-03-05T04:00:00.000Z']);
    });

    it('should schedule nothing when the case has no deadline or another PUT leaves the deadline as it was', async () => {
      const none = await openCase(cw1, 'legal_aid', legal(null));
      expect(await followUpsOf(none.id)).toEqual([]);
      const c = await openCase(cw1, 'legal_aid', legal('2030-03-20'));
      const res = await put(cw1, c.id, { version: c.version, details: legal('2030-03-20', { counterpart: 'ООО Другая' }) });
      expect(res.status).toBe(200);
      expect(await followUpsOf(c.id)).toHaveLength(1);
      expect((await followUpsOf(c.id))[0].version).toBe(1);
    });

    it('should move the same call and rewrite its reminders when the deadline changes', async () => {
      const c = await openCase(cw1, 'legal_aid', legal('2030-03-20'));
      const [first] = await followUpsOf(c.id);
      const res = await put(cw1, c.id, { version: c.version, details: legal('2030-04-10') });
      expect(res.status).toBe(200);

      const rows = await followUpsOf(c.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: first.id, status: 'scheduled', version: 2 });
      expect(iso(rows[0].dueAt)).toBe('2030-04-07T04:00:00.000Z');
      expect((await remindersOf(first.id)).map((r) => [r.kind, r.status, iso(r.fireAt)])).toEqual([
        ['before_due', 'pending', '2030-04-06T04:00:00.000Z'],
        ['at_due', 'pending', '2030-04-07T04:00:00.000Z'],
        ['before_due', 'superseded', '2030-03-16T04:00:00.000Z'],
        ['at_due', 'superseded', '2030-03-17T04:00:00.000Z'],
      ]);
      expect(await eventsOf(c.id, 'follow_up_rescheduled')).toEqual([
        { followUpId: first.id, kind: 'call', from: '2030-03-17T04:00:00.000Z', to: '2030-04-07T04:00:00.000Z', reason: 'deadline_changed' },
      ]);
    });

    it('should cancel the call and withdraw its reminders when the deadline is removed', async () => {
      const c = await openCase(cw1, 'legal_aid', legal('2030-03-20'));
      const [fu] = await followUpsOf(c.id);
      const res = await put(cw1, c.id, { version: c.version, details: legal(null) });
      expect(res.status).toBe(200);
      expect(await followUpsOf(c.id)).toEqual([expect.objectContaining({ id: fu.id, status: 'cancelled' })]);
      expect((await remindersOf(fu.id)).map((r) => r.status)).toEqual(['superseded', 'superseded']);
      expect(await eventsOf(c.id, 'follow_up_cancelled')).toEqual([expect.objectContaining({ followUpId: fu.id, reason: 'deadline_removed' })]);

      // a deadline set again later gets a fresh call
      const again = await put(cw1, c.id, { version: res.body.version, details: legal('2030-05-01') });
      expect(again.status).toBe(200);
      expect((await followUpsOf(c.id)).map((r) => [r.status, iso(r.dueAt)])).toEqual([
        ['cancelled', '2030-03-17T04:00:00.000Z'],
        ['scheduled', '2030-04-28T04:00:00.000Z'],
      ]);
    });

    it('should give the call to the case’s assignee and notify them when a supervisor opens the case for someone', async () => {
      const c = await openCase(sup, 'legal_aid', legal('2030-03-20'), { assigneeId: cw2.id });
      const [fu] = await followUpsOf(c.id);
      expect(fu.assigneeId).toBe(cw2.id);
      const notes = await t.db.query(`SELECT user_id AS "userId", kind FROM notification WHERE data->>'followUpId' = $1`, [fu.id]);
      expect(notes.rows).toEqual([{ userId: cw2.id, kind: 'follow_up_assigned' }]);
      const unassigned = await openCase(sup, 'legal_aid', legal('2030-03-20'));
      expect((await followUpsOf(unassigned.id))[0].assigneeId).toBe(sup.id);
    });
  });

  describe('entry ban', () => {
    const episode = (returneeId: string, position: number, departedOn: string, ban: { active: boolean; until: string | null; authority: string | null }) =>
      t.db.query(
        `INSERT INTO migration_episode (returnee_id, position, country, departed_on, returned_on, sector, return_reason, entry_ban_active, entry_ban_until, entry_ban_authority)
         VALUES ($1, $2, 'RU', $3, $3::date + 300, 'construction', 'entry_ban', $4, $5, $6)`,
        [returneeId, position, departedOn, ban.active, ban.until, ban.authority],
      );

    it('should show the ban in force from the latest migration episode on the case when the issue is an entry ban', async () => {
      const r = await t.given.returnee({ officeId: officeA.id });
      await episode(r.id, 0, '2019-04-01', { active: true, until: '2032-06-01', authority: 'ФМС России' });
      await episode(r.id, 1, '2023-02-10', { active: true, until: '2034-05-10', authority: 'МВД РФ' });
      await episode(r.id, 2, '2015-01-01', { active: true, until: '2029-01-01', authority: 'ФМС России' });
      const created = await open(cw1, { returneeId: r.id, type: 'legal_aid', title: 'Запрет въезда', details: { issue: 'entry_ban', country: 'RU' } });
      expect(created.status).toBe(201);
      expect(created.body.details).toEqual({ issue: 'entry_ban', country: 'RU', entryBan: { until: '2034-05-10', authority: 'МВД РФ' } });

      const shown = await t.http.get(`/api/cases/${created.body.id}`).set(bearer(sup));
      expect(shown.body.details.entryBan).toEqual({ until: '2034-05-10', authority: 'МВД РФ' });
      // derived on read, never stored, and the read of the returnee's history is audited
      const { rows } = await t.db.query(`SELECT details FROM case_file WHERE id = $1`, [created.body.id]);
      expect(rows[0].details).not.toHaveProperty('entryBan');
      const reads = await t.db.query(
        `SELECT actor_id AS "actorId", diff FROM audit_log WHERE entity = 'returnee' AND action = 'read' AND entity_id = $1 ORDER BY id`,
        [r.id],
      );
      expect(reads.rows).toEqual([
        { actorId: cw1.id, diff: { fields: ['entryBan'], caseId: created.body.id } },
        { actorId: sup.id, diff: { fields: ['entryBan'], caseId: created.body.id } },
      ]);
    });

    it('should show no ban when the only recorded ban has ended, and none on other legal issues', async () => {
      const r = await t.given.returnee({ officeId: officeA.id });
      await episode(r.id, 0, '2015-01-01', { active: true, until: '2029-12-31', authority: 'ФМС России' });
      const c = await open(cw1, { returneeId: r.id, type: 'legal_aid', title: 'Запрет въезда', details: { issue: 'entry_ban', country: 'RU' } });
      expect((await t.http.get(`/api/cases/${c.body.id}`).set(bearer(cw1))).body.details.entryBan).toBeNull();
      const wages = await open(cw1, { returneeId: r.id, type: 'legal_aid', title: 'Зарплата', details: { issue: 'unpaid_wages', country: 'RU' } });
      expect(wages.body.details).not.toHaveProperty('entryBan');
    });

    it('should refuse entryBan in a PUT with 400 because it is read-only', async () => {
      const c = await openCase(cw1, 'legal_aid', { issue: 'entry_ban', country: 'KZ' });
      const res = await put(cw1, c.id, {
        version: c.version,
        details: { issue: 'entry_ban', country: 'KZ', entryBan: { until: '2040-01-01', authority: 'x' } },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty(['details.entryBan']);
    });
  });
});
