import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@kaytuu/shared';
import { ConsentService } from '@kaytuu/returnees';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;
type ConsentRow = {
  id: string;
  returneeId: string;
  scope: string[];
  givenAt: Date;
  expiresAt: Date | null;
  withdrawnAt: Date | null;
  recordedBy: string | null;
};

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ago = (ms: number, from = Date.now()) => new Date(from - ms);
const ahead = (ms: number, from = Date.now()) => new Date(from + ms);

describe('consents API', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;
  let returneeA: { id: string };
  let returneeB: { id: string };

  const post = (u: GivenUser, body: Body) => t.http.post('/api/consents').set(bearer(u)).send(body);
  const withdraw = (u: GivenUser, id: string, body: Body = {}) => t.http.post(`/api/consents/${id}/withdraw`).set(bearer(u)).send(body);
  const list = (u: GivenUser, query: { filter?: Body; sort?: [string, string]; range?: [number, number] } = {}) =>
    t.http
      .get('/api/consents')
      .set(bearer(u))
      .query({
        ...(query.filter ? { filter: JSON.stringify(query.filter) } : {}),
        ...(query.sort ? { sort: JSON.stringify(query.sort) } : {}),
        ...(query.range ? { range: JSON.stringify(query.range) } : {}),
      });
  const ids = (res: { body: unknown }) => (res.body as Array<{ id: string }>).map((c) => c.id);
  const stored = async (id: string): Promise<ConsentRow | undefined> =>
    (
      await t.db.query(
        `SELECT id, returnee_id AS "returneeId", scope, given_at AS "givenAt", expires_at AS "expiresAt", withdrawn_at AS "withdrawnAt", recorded_by AS "recordedBy"
           FROM consent WHERE id = $1`,
        [id],
      )
    ).rows[0];
  const auditOf = async (action: string, entityId: string): Promise<Array<{ actorId: string; diff: Body | null }>> =>
    (
      await t.db.query(`SELECT actor_id AS "actorId", diff FROM audit_log WHERE entity = 'consent' AND action = $1 AND entity_id = $2 ORDER BY at, id`, [
        action,
        entityId,
      ])
    ).rows;
  // A consent row straight in SQL, for states the API cannot produce directly (long expired, given days ago).
  const insertConsent = async (
    returneeId: string,
    p: { scope?: string[]; givenAt: Date; expiresAt?: Date | null; withdrawnAt?: Date | null },
  ): Promise<string> =>
    (
      await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at, expires_at, withdrawn_at) VALUES ($1,$2,$3,$4,$5) RETURNING id`, [
        returneeId,
        p.scope ?? ['data_processing', 'share_with_ngo'],
        p.givenAt,
        p.expiresAt ?? null,
        p.withdrawnAt ?? null,
      ])
    ).rows[0].id;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    officeA = await t.given.office();
    officeB = await t.given.office();
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
    returneeA = await t.given.returnee({ officeId: officeA.id, lastName: 'Токтогулова', firstName: 'Айгүл', sex: 'female' });
    returneeB = await t.given.returnee({ officeId: officeB.id });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  describe('record', () => {
    it('should store the consent, answer 201 with active true and write a create audit row when a caseworker records it', async () => {
      const givenAt = ago(HOUR);
      const expiresAt = ahead(365 * DAY);
      const res = await post(cwA, {
        returneeId: returneeA.id,
        scope: ['data_processing', 'share_with_ngo'],
        givenAt: givenAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        returneeId: returneeA.id,
        scope: ['data_processing', 'share_with_ngo'],
        givenAt: givenAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
        withdrawnAt: null,
        recordedBy: cwA.id,
        createdAt: expect.any(String),
        active: true,
      });
      expect(await stored(res.body.id)).toMatchObject({
        returneeId: returneeA.id,
        scope: ['data_processing', 'share_with_ngo'],
        givenAt,
        expiresAt,
        withdrawnAt: null,
        recordedBy: cwA.id,
      });
      const audit = await auditOf('create', res.body.id);
      expect(audit).toEqual([{ actorId: cwA.id, diff: expect.objectContaining({ returneeId: returneeA.id, scope: ['data_processing', 'share_with_ngo'] }) }]);
    });

    it('should accept a givenAt in the local time zone offset and return it in UTC when posted as +06:00', async () => {
      const res = await post(supA, { returneeId: returneeA.id, scope: ['contact_by_phone'], givenAt: '2025-01-15T09:30:00+06:00' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ givenAt: '2025-01-15T03:30:00.000Z', expiresAt: null, active: true, recordedBy: supA.id });
    });

    it('should hold the consent at once when givenAt is a couple of minutes ahead of the server clock', async () => {
      const res = await post(cwA, { returneeId: returneeA.id, scope: ['data_processing'], givenAt: ahead(2 * MIN).toISOString() });
      expect(res.status).toBe(201);
      expect(res.body.active).toBe(true);
      expect(new Date(res.body.givenAt).getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('should refuse with 422 naming the field and store nothing when the dates are semantically wrong', async () => {
      const before = await t.given.count('consent');

      const future = await post(cwA, { returneeId: returneeA.id, scope: ['data_processing'], givenAt: ahead(10 * MIN).toISOString() });
      expect(future.status).toBe(422);
      expect(future.body).toMatchObject({ code: 'INVALID_CONSENT', errors: { givenAt: 'must not be in the future' } });

      const inverted = await post(cwA, {
        returneeId: returneeA.id,
        scope: ['data_processing'],
        givenAt: ago(DAY).toISOString(),
        expiresAt: ago(2 * DAY).toISOString(),
      });
      expect(inverted.status).toBe(422);
      expect(inverted.body.errors).toEqual({ expiresAt: 'must be after givenAt' });

      const same = ago(DAY).toISOString();
      const equal = await post(cwA, { returneeId: returneeA.id, scope: ['data_processing'], givenAt: same, expiresAt: same });
      expect(equal.status).toBe(422);
      expect(await t.given.count('consent')).toBe(before);
    });

    it('should refuse with 400 and field errors and store nothing when the body is malformed', async () => {
      const before = await t.given.count('consent');
      const good = { returneeId: returneeA.id, scope: ['data_processing'], givenAt: ago(HOUR).toISOString() };
      const cases: Array<[Body, string]> = [
        [{ ...good, scope: ['data_processing', 'share_with_police'] }, 'scope'],
        [{ ...good, scope: ['data_processing', 'data_processing'] }, 'scope'],
        [{ ...good, scope: [] }, 'scope'],
        [{ ...good, givenAt: '2025-01-15T09:30:00' }, 'givenAt'],
        [{ ...good, givenAt: 'yesterday' }, 'givenAt'],
        [{ ...good, expiresAt: '2026-02-30T00:00:00Z' }, 'expiresAt'],
        [{ ...good, returneeId: 'not-a-uuid' }, 'returneeId'],
        [{ ...good, withdrawnAt: ago(MIN).toISOString() }, 'withdrawnAt'],
        [{ ...good, recordedBy: admin.id }, 'recordedBy'],
      ];
      for (const [body, field] of cases) {
        const res = await post(cwA, body);
        expect({ field, status: res.status, code: res.body.code }).toEqual({ field, status: 400, code: 'VALIDATION_FAILED' });
        expect(res.body.errors).toHaveProperty(field);
      }
      expect(await t.given.count('consent')).toBe(before);
    });

    it('should answer 404 and store nothing when the returnee is of another office or does not exist', async () => {
      const before = await t.given.count('consent');
      const body = { scope: ['data_processing'], givenAt: ago(HOUR).toISOString() };
      expect((await post(cwB, { ...body, returneeId: returneeA.id })).status).toBe(404);
      expect((await post(cwA, { ...body, returneeId: randomUUID() })).status).toBe(404);
      expect(await t.given.count('consent')).toBe(before);
    });

    it('should let an admin record consent for a returnee of any office', async () => {
      const res = await post(admin, { returneeId: returneeB.id, scope: ['share_health'], givenAt: ago(HOUR).toISOString() });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ returneeId: returneeB.id, recordedBy: admin.id });
    });
  });

  describe('list and read', () => {
    let officeC: { id: string };
    let cwC: GivenUser;
    let cwD: GivenUser;
    let personC: { id: string };
    let otherC: { id: string };
    let personD: { id: string };
    let activeC: string;
    let olderC: string;
    let withdrawnC: string;
    let expiredC: string;
    let otherPersonC: string;
    let consentD: string;

    // offices of their own, so totals are exact whatever the other describes created
    beforeAll(async () => {
      officeC = await t.given.office();
      const officeD = await t.given.office();
      cwC = await t.given.user('caseworker', { officeId: officeC.id });
      cwD = await t.given.user('caseworker', { officeId: officeD.id });
      personC = await t.given.returnee({ officeId: officeC.id });
      otherC = await t.given.returnee({ officeId: officeC.id });
      personD = await t.given.returnee({ officeId: officeD.id });
      activeC = await insertConsent(personC.id, { givenAt: ago(DAY), scope: ['data_processing', 'share_with_ngo', 'share_health'] });
      olderC = await insertConsent(personC.id, { givenAt: ago(30 * DAY) });
      withdrawnC = await insertConsent(personC.id, { givenAt: ago(20 * DAY), withdrawnAt: ago(10 * DAY) });
      expiredC = await insertConsent(personC.id, { givenAt: ago(40 * DAY), expiresAt: ago(5 * DAY) });
      otherPersonC = await insertConsent(otherC.id, { givenAt: ago(2 * DAY) });
      consentD = await insertConsent(personD.id, { givenAt: ago(DAY) });
    });

    it('should list only the office’s consents with a scoped total when no filter is given', async () => {
      const res = await list(cwC, { range: [0, 9] });
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toBe('consents 0-4/5');
      // default order: latest given first
      expect(ids(res)).toEqual([activeC, otherPersonC, withdrawnC, olderC, expiredC]);
      expect(ids(res)).not.toContain(consentD);
    });

    it('should list one returnee’s consents with their status when filtered by returneeId', async () => {
      const res = await list(cwC, { filter: { returneeId: personC.id }, sort: ['givenAt', 'ASC'] });
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toBe('consents 0-3/4');
      expect((res.body as Array<{ id: string; active: boolean }>).map((c) => [c.id, c.active])).toEqual([
        [expiredC, false],
        [olderC, true],
        [withdrawnC, false],
        [activeC, true],
      ]);
    });

    it('should split active from withdrawn and expired consents when filtered by active', async () => {
      const active = await list(cwC, { filter: { returneeId: personC.id, active: true } });
      const inactive = await list(cwC, { filter: { returneeId: personC.id, active: false } });
      expect(new Set(ids(active))).toEqual(new Set([activeC, olderC]));
      expect(new Set(ids(inactive))).toEqual(new Set([withdrawnC, expiredC]));
      expect(inactive.headers['content-range']).toBe('consents 0-1/2');
    });

    it('should treat a consent as expired from the moment the clock passes expiresAt', async () => {
      const soon = await insertConsent(otherC.id, { givenAt: ago(HOUR), expiresAt: ahead(HOUR) });
      expect((await t.http.get(`/api/consents/${soon}`).set(bearer(cwC))).body.active).toBe(true);

      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(ahead(2 * HOUR));
      expect((await t.http.get(`/api/consents/${soon}`).set(bearer(cwC))).body.active).toBe(false);
      expect(ids(await list(cwC, { filter: { returneeId: otherC.id, active: false } }))).toEqual([soon]);
    });

    it('should hide another office’s consents from the list, its total and GET when staff filter or fetch them', async () => {
      const byReturnee = await list(cwC, { filter: { returneeId: personD.id } });
      expect(byReturnee.status).toBe(200);
      expect(byReturnee.body).toEqual([]);
      expect(byReturnee.headers['content-range']).toBe('consents */0');

      const byIds = await list(cwC, { filter: { id: [consentD, activeC] } });
      expect(ids(byIds)).toEqual([activeC]);
      expect(byIds.headers['content-range']).toBe('consents 0-0/1');

      const one = await t.http.get(`/api/consents/${consentD}`).set(bearer(cwC));
      expect(one.status).toBe(404);
      expect(one.body.code).toBe('NOT_FOUND');
      expect((await t.http.get(`/api/consents/${consentD}`).set(bearer(cwD))).status).toBe(200);
    });

    it('should show every office’s consents to an admin when filtered by ids', async () => {
      const res = await list(admin, { filter: { id: [consentD, activeC] } });
      expect(new Set(ids(res))).toEqual(new Set([consentD, activeC]));
    });

    it('should answer 404 when the consent does not exist or its returnee was deleted', async () => {
      expect((await t.http.get(`/api/consents/${randomUUID()}`).set(bearer(cwC))).status).toBe(404);
      const gone = await t.given.returnee({ officeId: officeC.id });
      const consent = await insertConsent(gone.id, { givenAt: ago(DAY) });
      await t.db.query(`UPDATE returnee SET deleted_at = now() WHERE id = $1`, [gone.id]);
      expect((await t.http.get(`/api/consents/${consent}`).set(bearer(cwC))).status).toBe(404);
      expect(ids(await list(cwC, { filter: { returneeId: gone.id } }))).toEqual([]);
    });

    it('should refuse with 400 when the filter key, sort field or id is not allowed', async () => {
      expect((await list(cwC, { filter: { officeId: officeC.id } })).body.errors).toHaveProperty(['filter.officeId']);
      expect((await list(cwC, { sort: ['scope', 'ASC'] })).status).toBe(400);
      expect((await list(cwC, { filter: { returneeId: 'abc' } })).status).toBe(400);
      expect((await list(cwC, { filter: { active: 'yes' } })).status).toBe(400);
      expect((await t.http.get('/api/consents/abc').set(bearer(cwC))).status).toBe(400);
    });

    it('should write one read audit row per request when a returnee’s consents or one consent are read', async () => {
      const listedBefore = (await auditOf('read', personC.id)).length;
      const listRes = await list(cwC, { filter: { returneeId: personC.id } });
      expect(listRes.status).toBe(200);
      const listReads = await auditOf('read', personC.id);
      expect(listReads).toHaveLength(listedBefore + 1);
      expect(listReads.at(-1)).toEqual({ actorId: cwC.id, diff: expect.objectContaining({ total: 4, ids: expect.arrayContaining([activeC, olderC]) }) });

      const readBefore = (await auditOf('read', olderC)).length;
      expect((await t.http.get(`/api/consents/${olderC}`).set(bearer(cwC))).status).toBe(200);
      const reads = await auditOf('read', olderC);
      expect(reads).toHaveLength(readBefore + 1);
      expect(reads.at(-1)).toEqual({ actorId: cwC.id, diff: { returneeId: personC.id } });
    });
  });

  describe('withdraw', () => {
    it('should set withdrawnAt, stop the consent and audit the reason when staff withdraw it, then answer 409 on a second withdrawal', async () => {
      const created = await post(cwA, { returneeId: returneeA.id, scope: ['share_with_ngo'], givenAt: ago(HOUR).toISOString() });
      const id = created.body.id as string;

      const res = await withdraw(supA, id, { reason: 'Отозвала согласие по телефону' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, active: false, withdrawnAt: expect.any(String) });
      const row = await stored(id);
      expect(row?.withdrawnAt?.toISOString()).toBe(res.body.withdrawnAt);
      expect(await auditOf('update', id)).toEqual([
        { actorId: supA.id, diff: expect.objectContaining({ withdrawnAt: { from: null, to: res.body.withdrawnAt }, reason: 'Отозвала согласие по телефону' }) },
      ]);

      const again = await withdraw(cwA, id);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'CONSENT_ALREADY_WITHDRAWN', withdrawnAt: res.body.withdrawnAt });
      expect((await stored(id))?.withdrawnAt?.toISOString()).toBe(res.body.withdrawnAt);
      expect(await auditOf('update', id)).toHaveLength(1);
    });

    it('should show the withdrawn consent as inactive in the returnee record when it is read afterwards', async () => {
      const created = await post(cwA, { returneeId: returneeA.id, scope: ['contact_by_phone'], givenAt: ago(HOUR).toISOString() });
      await withdraw(cwA, created.body.id);
      const returnee = await t.http.get(`/api/returnees/${returneeA.id}`).set(bearer(cwA));
      const mine = (returnee.body.consents as Array<{ id: string; active: boolean; withdrawnAt: string | null }>).find((c) => c.id === created.body.id);
      expect(mine).toMatchObject({ active: false, withdrawnAt: expect.any(String) });
    });

    it('should answer 404 and change nothing when staff of another office withdraw', async () => {
      const created = await post(cwA, { returneeId: returneeA.id, scope: ['data_processing'], givenAt: ago(HOUR).toISOString() });
      const res = await withdraw(cwB, created.body.id);
      expect(res.status).toBe(404);
      expect((await stored(created.body.id))?.withdrawnAt).toBeNull();
      expect((await withdraw(cwA, randomUUID())).status).toBe(404);
    });

    it('should refuse with 400 and change nothing when the reason is too long or an unknown property is sent', async () => {
      const created = await post(cwA, { returneeId: returneeA.id, scope: ['data_processing'], givenAt: ago(HOUR).toISOString() });
      const long = await withdraw(cwA, created.body.id, { reason: 'а'.repeat(501) });
      expect(long.status).toBe(400);
      expect(long.body.errors).toHaveProperty('reason');
      const extra = await withdraw(cwA, created.body.id, { withdrawnAt: ago(DAY).toISOString() });
      expect(extra.status).toBe(400);
      expect((await stored(created.body.id))?.withdrawnAt).toBeNull();
    });
  });

  describe('roles', () => {
    it('should answer 403 to NGO staff on every consent route', async () => {
      const created = await post(cwA, { returneeId: returneeA.id, scope: ['data_processing'], givenAt: ago(HOUR).toISOString() });
      const before = await t.given.count('consent');
      expect((await list(ngo)).status).toBe(403);
      expect((await t.http.get(`/api/consents/${created.body.id}`).set(bearer(ngo))).status).toBe(403);
      expect((await post(ngo, { returneeId: returneeA.id, scope: ['data_processing'], givenAt: ago(HOUR).toISOString() })).status).toBe(403);
      const w = await withdraw(ngo, created.body.id);
      expect(w.status).toBe(403);
      expect(await t.given.count('consent')).toBe(before);
      expect((await stored(created.body.id))?.withdrawnAt).toBeNull();
    });

    it('should answer 401 when no token is sent', async () => {
      expect((await t.http.get('/api/consents')).status).toBe(401);
    });
  });

  describe('ConsentService for referrals', () => {
    let svc: ConsentService;
    let person: { id: string };
    let old: string;
    let latest: string;
    let withdrawn: string;
    let expired: string;
    const now = new Date();

    beforeAll(async () => {
      svc = t.app.get(ConsentService);
      person = await t.given.returnee({ officeId: officeA.id });
      old = await insertConsent(person.id, { givenAt: ago(10 * DAY, now.getTime()), scope: ['data_processing', 'share_with_ngo'] });
      latest = await insertConsent(person.id, { givenAt: ago(DAY, now.getTime()), scope: ['data_processing', 'share_with_ngo', 'share_health'] });
      withdrawn = await insertConsent(person.id, {
        givenAt: ago(2 * HOUR, now.getTime()),
        withdrawnAt: ago(HOUR, now.getTime()),
        scope: ['data_processing', 'share_with_ngo', 'share_health', 'contact_by_phone'],
      });
      expired = await insertConsent(person.id, {
        givenAt: ago(5 * DAY, now.getTime()),
        expiresAt: ago(2 * DAY, now.getTime()),
        scope: ['data_processing', 'share_with_ngo', 'share_health', 'contact_by_phone'],
      });
    });

    it('should return the latest-given active consent covering the scopes when several qualify', async () => {
      expect(await svc.findActive(person.id, ['share_with_ngo'], now)).toEqual({ id: latest, scope: ['data_processing', 'share_with_ngo', 'share_health'] });
      expect((await svc.findActive(person.id, ['share_with_ngo', 'share_health'], now))?.id).toBe(latest);
      expect((await svc.findActive(person.id, [], now))?.id).toBe(latest);
    });

    it('should return null when only withdrawn or expired consents cover the scope', async () => {
      expect(await svc.findActive(person.id, ['contact_by_phone'], now)).toBeNull();
      expect(await svc.findActive(person.id, ['share_with_ngo', 'contact_by_phone'], now)).toBeNull();
    });

    it('should judge each consent at the given moment when `at` is in the past', async () => {
      // three days ago: the expired one was still in force, and the latest not yet given
      expect((await svc.findActive(person.id, ['contact_by_phone'], ago(3 * DAY, now.getTime())))?.id).toBe(expired);
      expect((await svc.findActive(person.id, ['share_with_ngo'], ago(3 * DAY, now.getTime())))?.id).toBe(expired);
      // ninety minutes ago the withdrawn one was still in force; at its withdrawal moment it no longer is
      expect((await svc.findActive(person.id, ['contact_by_phone'], ago(90 * MIN, now.getTime())))?.id).toBe(withdrawn);
      expect(await svc.findActive(person.id, ['contact_by_phone'], ago(HOUR, now.getTime()))).toBeNull();
      expect(await svc.findActive(person.id, ['data_processing'], ago(11 * DAY, now.getTime()))).toBeNull();
    });

    it('should return null for another returnee, an unknown id or a malformed id', async () => {
      expect(await svc.findActive(returneeB.id, ['share_health'], ago(DAY * 30))).toBeNull();
      expect(await svc.findActive(randomUUID(), ['data_processing'], now)).toBeNull();
      expect(await svc.findActive('not-a-uuid', ['data_processing'], now)).toBeNull();
    });

    it('should stop finding a consent as soon as it is withdrawn through the API', async () => {
      const other = await t.given.returnee({ officeId: officeA.id });
      const created = await post(cwA, { returneeId: other.id, scope: ['data_processing', 'share_with_ngo'], givenAt: ago(HOUR).toISOString() });
      expect((await svc.findActive(other.id, ['share_with_ngo'], new Date()))?.id).toBe(created.body.id);
      await withdraw(cwA, created.body.id);
      expect(await svc.findActive(other.id, ['share_with_ngo'], new Date())).toBeNull();
    });

    it('should read inside the caller’s transaction when a manager is passed', async () => {
      const ds = t.app.get(DataSource);
      const found = await ds.transaction(async (m) => {
        const id = (
          await m.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{contact_by_phone}', $2) RETURNING id`, [person.id, ago(MIN)])
        )[0].id as string;
        return { id, active: await svc.findActive(person.id, ['contact_by_phone'], new Date(), m), status: await svc.statusByIds([id], new Date(), m) };
      });
      expect(found.active?.id).toBe(found.id);
      expect(found.status.get(found.id)?.active).toBe(true);
    });

    it('should report each consent’s status at `at` in one map when given a set of ids', async () => {
      const unknown = randomUUID();
      const status = await svc.statusByIds([latest, withdrawn, expired, old, latest, unknown, 'junk'], now);
      expect([...status.keys()].sort()).toEqual([latest, withdrawn, expired, old].sort());
      expect(status.get(latest)).toEqual({ active: true, scope: ['data_processing', 'share_with_ngo', 'share_health'], withdrawnAt: null });
      expect(status.get(withdrawn)).toEqual({ active: false, scope: expect.arrayContaining(['contact_by_phone']), withdrawnAt: ago(HOUR, now.getTime()) });
      expect(status.get(expired)?.active).toBe(false);
      expect(status.get(old)?.active).toBe(true);
      expect((await svc.statusByIds([expired], ago(3 * DAY, now.getTime()))).get(expired)?.active).toBe(true);
      expect((await svc.statusByIds([], now)).size).toBe(0);
    });
  });
});
