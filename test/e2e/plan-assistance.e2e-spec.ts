import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

// A plan action of kind 'assistance' (issue 16 meets issue 19): it links to an assistance item of the plan's
// returnee and follows the item's status. Plans do not import assistance; the item is found through the plans' link
// registry the assistance module fills when it starts. HTTP in, DB out.
const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('plan actions linked to assistance items', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let programmeId: string;

  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM plan_version)::int AS v, (SELECT count(*) FROM plan_goal)::int AS g, (SELECT count(*) FROM plan_action)::int AS a, (SELECT count(*) FROM assistance_item)::int AS i`,
      )
    ).rows[0];
  const goal = (actions: Body[]): Body => ({ dimension: 'economic', text: 'Открыть мастерскую', targetDate: day(120), actions });
  const item = async (returneeId: string, by: GivenUser = cwA, amountMinor = 1_500_000): Promise<string> => {
    const res = await t.http
      .post('/api/assistance')
      .set(bearer(by))
      .send({ returneeId, programmeId, type: 'business_grant', amountMinor, currency: 'KGS', justification: 'Инструменты для мастерской' });
    if (res.status !== 201) throw new Error(`propose: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const step = async (u: GivenUser, id: string, name: string, body: Body = {}) => {
    const res = await t.http.post(`/api/assistance/${id}/${name}`).set(bearer(u)).send(body);
    expect([name, res.status]).toEqual([name, 200]);
  };
  const action = async (planId: string) => {
    const res = await t.http.get(`/api/plans/${planId}`).set(bearer(cwA));
    expect(res.status).toBe(200);
    return (res.body.goals as Array<{ actions: Body[] }>)[0].actions[0];
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    officeA = await t.given.office();
    officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    const p = await t.http
      .post('/api/programmes')
      .set(bearer(admin))
      .send({
        name: 'Стартап грант',
        funder: 'Государственный фонд',
        currency: 'KGS',
        startsOn: day(-30),
        endsOn: day(300),
        oblasts: [],
        assistanceTypes: ['business_grant'],
        lines: [{ assistanceType: 'business_grant', amountMinor: 10_000_000 }],
      });
    expect(p.status).toBe(201);
    programmeId = p.body.id;
  });
  afterAll(() => t.close());

  it("should link a goal's action to the returnee's item and follow it from proposed to verified", async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const itemId = await item(r.id);
    const created = await t.http
      .post('/api/plans')
      .set(bearer(cwA))
      .send({ returneeId: r.id, goals: [goal([{ kind: 'assistance', refId: itemId, dueAt: day(30) }])] });
    expect(created.status).toBe(201);
    const planId = created.body.id as string;
    expect(created.body.goals[0].actions[0]).toMatchObject({
      kind: 'assistance',
      refId: itemId,
      refLabel: 'business_grant · 15000.00 KGS',
      refStatus: 'proposed',
      status: 'pending',
      ownerName: null,
      dueAt: day(30),
    });
    const row = (await t.db.query(`SELECT kind, ref_id, status, organization_id FROM plan_action WHERE plan_version_id = $1`, [planId])).rows;
    expect(row).toEqual([{ kind: 'assistance', ref_id: itemId, status: 'pending', organization_id: null }]);

    await step(supA, itemId, 'approve');
    expect(await action(planId)).toMatchObject({ refStatus: 'approved', status: 'in_progress' });
    await step(cwA, itemId, 'disburse', { disbursedOn: day(0), method: 'bank_transfer', reference: 'KICB-1001', amountMinor: 1_500_000 });
    expect(await action(planId)).toMatchObject({ refStatus: 'disbursed', status: 'in_progress' });
    await step(cwA, itemId, 'verify', { usedAsIntended: 'yes', note: 'Мастерская работает' });
    expect(await action(planId)).toMatchObject({ refStatus: 'verified', status: 'done' });

    // the plan goes on through its workflow with the link: an edit keeps it, a revision copies it
    const kept = await t.http
      .put(`/api/plans/${planId}`)
      .set(bearer(cwA))
      .send({ goals: [{ ...goal([{ id: created.body.goals[0].actions[0].id, kind: 'assistance', refId: itemId }]), id: created.body.goals[0].id }] });
    expect(kept.status).toBe(200);
    expect(kept.body.goals[0].actions[0]).toMatchObject({ kind: 'assistance', refId: itemId, status: 'done' });
  });

  it('should show a rejected or cancelled item as a cancelled action', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const rejectedId = await item(r.id, cwA, 200_000);
    const cancelledId = await item(r.id, cwA, 300_000);
    const res = await t.http
      .post('/api/plans')
      .set(bearer(cwA))
      .send({
        returneeId: r.id,
        goals: [
          goal([
            { kind: 'assistance', refId: rejectedId },
            { kind: 'assistance', refId: cancelledId },
          ]),
        ],
      });
    expect(res.status).toBe(201);
    await step(supA, rejectedId, 'reject', { reason: 'Нет бизнес-плана' });
    await step(cwA, cancelledId, 'cancel', { reason: 'Передумал' });
    const plan = await t.http.get(`/api/plans/${res.body.id}`).set(bearer(cwA));
    expect((plan.body.goals[0].actions as Body[]).map((a) => [a.refStatus, a.status])).toEqual([
      ['rejected', 'cancelled'],
      ['cancelled', 'cancelled'],
    ]);
  });

  it("should refuse another returnee's item, another office's item, and a case id as an assistance item, storing nothing", async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const other = await t.given.returnee({ officeId: officeA.id });
    const rB = await t.given.returnee({ officeId: officeB.id });
    const othersItem = await item(other.id);
    const officeBItem = await item(rB.id, cwB);
    const c = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, status: 'open' });
    const before = await counts();
    for (const refId of [othersItem, officeBItem, c.id]) {
      const res = await t.http
        .post('/api/plans')
        .set(bearer(cwA))
        .send({
          returneeId: r.id,
          goals: [
            goal([
              { kind: 'task', text: 'Собрать документы', ownerUserId: cwA.id, dueAt: day(5) },
              { kind: 'assistance', refId },
            ]),
          ],
        });
      expect([res.status, res.body.code]).toEqual([422, 'INVALID_PLAN']);
      expect(res.body.errors).toEqual({ 'goals[0].actions[1].refId': "is not one of this returnee's assistance items" });
    }
    // an assistance action is a link: its record is required, an owner or a status of its own refused
    const shape = await t.http
      .post('/api/plans')
      .set(bearer(cwA))
      .send({ returneeId: r.id, goals: [goal([{ kind: 'assistance', ownerUserId: cwA.id, status: 'done' }])] });
    expect(shape.status).toBe(400);
    expect(Object.keys(shape.body.errors).sort()).toEqual(['goals[0].actions[0].ownerUserId', 'goals[0].actions[0].refId', 'goals[0].actions[0].status']);
    expect(await counts()).toEqual(before);
  });
});
