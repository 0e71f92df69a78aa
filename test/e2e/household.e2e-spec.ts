import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;
type Member = Body & { id: string; version: number };

const yearsAgo = (n: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - n);
  return d.toISOString().slice(0, 10);
};
const spouse: Body = { relation: 'spouse', lastName: 'Токтогулова', firstName: 'Айгүл', sex: 'female', birthDate: '1992-08-20', livesWhere: 'with_returnee' };
const childWithGran: Body = {
  relation: 'child',
  lastName: 'Токтогулов',
  firstName: 'Бакыт',
  sex: 'male',
  birthDate: yearsAgo(9),
  livesWhere: 'with_caregiver',
  caregiverName: 'Бабушка, Жылдыз',
  inSchool: 'yes',
};

describe('household members API', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let supA2: GivenUser;
  let supB: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;

  const base = (returneeId: string) => `/api/returnees/${returneeId}/household-members`;
  const post = (u: GivenUser, returneeId: string, body: Body) => t.http.post(base(returneeId)).set(bearer(u)).send(body);
  const put = (u: GivenUser, returneeId: string, id: string, body: Body) =>
    t.http
      .put(`${base(returneeId)}/${id}`)
      .set(bearer(u))
      .send(body);
  const del = (u: GivenUser, returneeId: string, id: string) => t.http.delete(`${base(returneeId)}/${id}`).set(bearer(u));
  const list = (u: GivenUser, returneeId: string, query: Body = {}) => t.http.get(base(returneeId)).set(bearer(u)).query(query);
  const returnee = async (u: GivenUser, id: string) => (await t.http.get(`/api/returnees/${id}`).set(bearer(u))).body as Body;
  const stored = async (returneeId: string): Promise<number> =>
    Number((await t.db.query(`SELECT count(*) FROM household_member WHERE returnee_id = $1`, [returneeId])).rows[0].count);
  const columns = async (returneeId: string) =>
    (
      await t.db.query(`SELECT household_size AS "householdSize", dependents, child_without_caregiver AS "flag", version FROM returnee WHERE id = $1`, [
        returneeId,
      ])
    ).rows[0] as { householdSize: number | null; dependents: number; flag: boolean; version: number };
  const flagNotices = async (returneeId: string) =>
    (
      await t.db.query(`SELECT user_id AS "userId", data FROM notification WHERE kind = 'household_child_without_caregiver' AND data->>'returneeId' = $1`, [
        returneeId,
      ])
    ).rows as Array<{ userId: string; data: Body }>;
  const auditOf = async (returneeId: string) =>
    (
      await t.db.query(
        `SELECT action, entity_id AS "entityId", actor_id AS "actorId", diff FROM audit_log WHERE entity = 'household_member' AND diff->>'returneeId' = $1 ORDER BY id`,
        [returneeId],
      )
    ).rows as Array<{ action: string; entityId: string | null; actorId: string; diff: Body }>;
  const fresh = (officeId = officeA.id, p: { birthDate?: string } = {}) =>
    t.given.returnee({ officeId, birthDate: p.birthDate ?? '1988-02-10', lastName: 'Токтогулов', firstName: 'Нурлан' });

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    officeA = await t.given.office();
    officeB = await t.given.office();
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    supA2 = await t.given.user('supervisor', { officeId: officeA.id });
    supB = await t.given.user('supervisor', { officeId: officeB.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
  });
  afterAll(() => t.close());

  it('should create, list, read, update and delete members and keep householdSize/dependents derived in step', async () => {
    const r = await fresh();
    await t.db.query(`UPDATE returnee SET household_size = 7, dependents = 4 WHERE id = $1`, [r.id]);
    // values entered by hand stay until the first member is added
    expect(await returnee(cwA, r.id)).toMatchObject({ householdSize: 7, dependents: 4, childWithoutCaregiver: false });

    const a = await post(cwA, r.id, spouse).expect(201);
    expect(a.body).toMatchObject({ returneeId: r.id, relation: 'spouse', livesWhere: 'with_returnee', concerns: [], caregiverName: null, version: 1 });
    expect(await returnee(cwA, r.id)).toMatchObject({ householdSize: 2, dependents: 0 });

    const b = await post(supA, r.id, childWithGran).expect(201);
    expect(b.body).toMatchObject({ relation: 'child', age: 9, inSchool: 'yes', withoutCaregiver: false });
    expect(await returnee(cwA, r.id)).toMatchObject({ householdSize: 3, dependents: 1, childWithoutCaregiver: false });

    const page = await list(cwA, r.id, { sort: JSON.stringify(['id', 'DESC']), range: JSON.stringify([0, 9]) }).expect(200);
    expect(page.headers['content-range']).toBe('household-members 0-1/2');
    expect((page.body as Member[]).map((mb) => mb.id)).toEqual([a.body.id, b.body.id].sort().reverse());
    expect(
      (
        await t.http
          .get(`${base(r.id)}/${b.body.id}`)
          .set(bearer(admin))
          .expect(200)
      ).body,
    ).toMatchObject({ firstName: 'Бакыт' });

    const up = await put(cwA, r.id, b.body.id, { version: 1, inSchool: 'no', concerns: ['not_in_school'] }).expect(200);
    expect(up.body).toMatchObject({ version: 2, inSchool: 'no', concerns: ['not_in_school'], caregiverName: 'Бабушка, Жылдыз' });
    await put(cwA, r.id, b.body.id, { version: 1, inSchool: 'yes' }).expect(409);
    // react-admin's edit form sends back the whole record it read: the read-only fields are ignored
    const again = await put(cwA, r.id, b.body.id, { ...up.body, firstName: 'Бакытбек' }).expect(200);
    expect(again.body).toMatchObject({ firstName: 'Бакытбек', returneeId: r.id, version: 3 });
    await put(cwA, r.id, b.body.id, { version: 3, nickname: 'Бака' }).expect(400);

    const gone = await del(cwA, r.id, a.body.id).expect(200);
    expect(gone.body.id).toBe(a.body.id);
    expect(await columns(r.id)).toMatchObject({ householdSize: 2, dependents: 1 });
    await del(cwA, r.id, b.body.id).expect(200);
    expect(await columns(r.id)).toMatchObject({ householdSize: 1, dependents: 0, flag: false });
    await t.http
      .get(`${base(r.id)}/${b.body.id}`)
      .set(bearer(cwA))
      .expect(404);
  });

  it('should flag the returnee and tell each office supervisor exactly once when a child without a caregiver appears', async () => {
    const r = await fresh();
    const kid = await post(cwA, r.id, { ...childWithGran, caregiverName: null, livesWhere: 'with_caregiver' }).expect(201);
    expect(kid.body.withoutCaregiver).toBe(true);
    expect(await returnee(cwA, r.id)).toMatchObject({ childWithoutCaregiver: true, dependents: 1 });
    let notices = await flagNotices(r.id);
    expect(notices.map((n) => n.userId).sort()).toEqual([supA.id, supA2.id].sort());
    expect(notices[0].data).toMatchObject({ returneeId: r.id, returneeName: 'Токтогулов Нурлан' });

    // saving again, or adding a second such child while the flag is on, is not a new occurrence
    await put(cwA, r.id, kid.body.id, { version: 1, inSchool: 'unknown' }).expect(200);
    await post(cwA, r.id, { ...childWithGran, firstName: 'Асель', sex: 'female', caregiverName: null, concerns: ['no_caregiver'] }).expect(201);
    expect(await flagNotices(r.id)).toHaveLength(2);
    expect(notices.every((n) => n.userId !== supB.id)).toBe(true);

    // cleared, then raised again: a second occurrence, told once more
    const members = (await list(cwA, r.id).expect(200)).body as Member[];
    for (const mb of members) await del(cwA, r.id, mb.id).expect(200);
    expect(await columns(r.id)).toMatchObject({ flag: false });
    await post(cwA, r.id, { ...childWithGran, concerns: ['no_caregiver'] }).expect(201);
    notices = await flagNotices(r.id);
    expect(notices).toHaveLength(4);
  });

  it('should refuse a returnee edit of householdSize or dependents once members are recorded', async () => {
    const r = await fresh();
    const before = (await returnee(cwA, r.id)) as { version: number };
    await t.http.put(`/api/returnees/${r.id}`).set(bearer(cwA)).send({ version: before.version, dependents: 2 }).expect(200);
    await post(cwA, r.id, spouse).expect(201);
    const now = (await returnee(cwA, r.id)) as { version: number };
    const res = await t.http.put(`/api/returnees/${r.id}`).set(bearer(cwA)).send({ version: now.version, dependents: 5 }).expect(422);
    expect(res.body.fieldCodes).toEqual({ dependents: 'NOT_NOW' });
    expect(await columns(r.id)).toMatchObject({ householdSize: 2, dependents: 0, version: now.version });
  });

  describe('bad input: 4xx and nothing stored', () => {
    const cases: Array<[string, Body | ((r: string, other: string) => Body), number]> = [
      ['a child born before the returnee', { ...childWithGran, birthDate: '1980-01-01', caregiverName: null, inSchool: null }, 422],
      ['a birth date in the future', { ...spouse, birthDate: '2999-01-01' }, 400],
      ['an unknown concern tag', { ...childWithGran, concerns: ['homework'] }, 400],
      ['a caregiver on an adult', { ...spouse, caregiverName: 'Мать' }, 422],
      ['school on an adult', { ...spouse, inSchool: 'no' }, 422],
      ['concerns on an adult', { ...spouse, concerns: ['health'] }, 422],
      ['an unknown relation', { ...spouse, relation: 'cousin' }, 400],
      ['a link to the returnee itself', (r) => ({ ...spouse, linkedReturneeId: r }), 422],
      ['a link to a returnee of another office', (_r, other) => ({ ...spouse, linkedReturneeId: other }), 422],
      ['a link to no returnee', { ...spouse, linkedReturneeId: '6f1c3f9a-7c1e-4a55-9d7a-0b8f5d2e9c11' }, 422],
    ];
    it.each(cases)('should refuse %s', async (_name, body, status) => {
      const r = await fresh();
      const other = await fresh(officeB.id);
      const before = await columns(r.id);
      const res = await post(cwA, r.id, typeof body === 'function' ? body(r.id, other.id) : body);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, code: expect.any(String) });
      expect(await stored(r.id)).toBe(0);
      expect(await columns(r.id)).toEqual(before);
    });

    it('should refuse the 31st member (a household of 60 never gets there)', async () => {
      const r = await fresh();
      for (let i = 0; i < 30; i++) await post(cwA, r.id, { ...spouse, relation: 'other', firstName: `Айгүл` }).expect(201);
      const res = await post(cwA, r.id, spouse).expect(422);
      expect(res.body.errors).toHaveProperty('returneeId');
      expect(await stored(r.id)).toBe(30);
      expect(await columns(r.id)).toMatchObject({ householdSize: 31 });
    });

    it('should refuse an update that makes the member invalid and leave it as it was', async () => {
      const r = await fresh();
      const m = await post(cwA, r.id, childWithGran).expect(201);
      await put(cwA, r.id, m.body.id, { version: 1, birthDate: '1990-01-01' }).expect(422);
      await put(cwA, r.id, m.body.id, { version: 1, linkedReturneeId: r.id }).expect(422);
      const row = (await t.db.query(`SELECT birth_date::text AS "birthDate", version FROM household_member WHERE id = $1`, [m.body.id])).rows[0];
      expect(row).toEqual({ birthDate: childWithGran.birthDate, version: 1 });
    });

    it('should accept a link to a registered returnee of the same office', async () => {
      const r = await fresh();
      const brother = await fresh();
      const res = await post(cwA, r.id, { ...spouse, relation: 'sibling', linkedReturneeId: brother.id }).expect(201);
      expect(res.body.linkedReturneeId).toBe(brother.id);
    });
  });

  it('should keep another office and NGO staff out, and let admins read but not change', async () => {
    const r = await fresh();
    const m = await post(cwA, r.id, spouse).expect(201);
    await list(cwB, r.id).expect(404);
    await t.http
      .get(`${base(r.id)}/${m.body.id}`)
      .set(bearer(supB))
      .expect(404);
    await put(cwB, r.id, m.body.id, { version: 1, livesWhere: 'abroad' }).expect(404);
    await del(cwB, r.id, m.body.id).expect(404);
    await post(cwB, r.id, spouse).expect(404);
    await list(ngo, r.id).expect(403);
    await post(ngo, r.id, spouse).expect(403);
    await list(admin, r.id).expect(200);
    await post(admin, r.id, spouse).expect(403);
    // a member is reached only through its own returnee
    const other = await fresh();
    await t.http
      .get(`${base(other.id)}/${m.body.id}`)
      .set(bearer(cwA))
      .expect(404);
    expect(await stored(r.id)).toBe(1);
  });

  it('should audit every read and change without the names', async () => {
    const r = await fresh();
    const m = await post(cwA, r.id, childWithGran).expect(201);
    await list(supA, r.id).expect(200);
    await t.http
      .get(`${base(r.id)}/${m.body.id}`)
      .set(bearer(admin))
      .expect(200);
    await put(cwA, r.id, m.body.id, { version: 1, inSchool: 'unknown' }).expect(200);
    await del(supA, r.id, m.body.id).expect(200);
    const rows = await auditOf(r.id);
    expect(rows.map((a) => [a.action, a.actorId, a.entityId])).toEqual([
      ['create', cwA.id, m.body.id],
      ['read', supA.id, null],
      ['read', admin.id, m.body.id],
      ['update', cwA.id, m.body.id],
      ['delete', supA.id, m.body.id],
    ]);
    expect(rows[1].diff).toMatchObject({ ids: [m.body.id], total: 1 });
    expect(JSON.stringify(rows)).not.toContain('Бакыт');
    expect(JSON.stringify(rows)).not.toContain('Жылдыз');
  });
});
