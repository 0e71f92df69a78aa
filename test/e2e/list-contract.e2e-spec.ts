import { AddressInfo } from 'node:net';
import simpleRestProvider from 'ra-data-simple-rest';
import { DataProvider, fetchUtils } from 'ra-core';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { buildFixtures, Ctx, expected, MATRIX, MATRIX_ENV, Row, send, StaffRole } from './authz-matrix';

type ListRoute = { row: Row; role: StaffRole; user: GivenUser; path: string; query: Record<string, string> };

// Every list the API serves, found the way react-admin meets them (a GET answering Content-Range), is held to the
// ra-data-simple-rest contract: the exact total is the row count whatever the page size, and `id`, react-admin's
// default sort, is taken in both orders while unknown fields are still refused.
describe('every list: exact totals and the default sort by id', () => {
  let t: TestApp;
  let ctx: Ctx;
  const lists: ListRoute[] = [];
  const STAFF: StaffRole[] = ['admin', 'supervisor', 'caseworker', 'ngo_staff'];

  beforeAll(async () => {
    t = await createTestApp({ env: MATRIX_ENV });
    ctx = await buildFixtures(t);
    // a second record of each kind in the own scope, so that every list a role sees has rows whose order can be wrong
    const { fx, make } = ctx;
    const officeA = fx.officeA.id;
    const returnee = await make.returnee(officeA);
    const caseId = await make.caseFile(officeA, fx.users.caseworker.id, 'legal', returnee);
    await make.followUp(caseId);
    await make.followUp(fx.caseFile.own);
    await make.consent(returnee);
    await make.referral('own');
    await make.importJob(officeA);
    await make.score(fx.returnee.own);
    for (const u of Object.values(fx.users)) await make.notification(u.id);
    await make.user(officeA);
    await make.office();
    await make.organization();
    for (const row of MATRIX.filter((r) => r.route.startsWith('GET /api/') && (r.produces ?? 'json') === 'json')) {
      const role = STAFF.find((r) => expected(row.expect, r, 'own') === 200);
      if (!role) continue;
      const user = ctx.fx.users[role];
      const req = await row.request(ctx, role, 'own');
      const res = await send(t, req, user);
      if (res.status === 200 && res.headers['content-range']) lists.push({ row, role, user, path: req.path, query: req.query ?? {} });
    }
  });
  afterAll(() => t.close());

  const page = (l: ListRoute, extra: Record<string, string>) =>
    t.http
      .get(l.path)
      .query({ ...l.query, ...extra })
      .set(bearer(l.user));
  const totalOf = (res: { headers: Record<string, string> }) => Number(res.headers['content-range'].split('/')[1]);
  const ordered = (ids: string[], order: 'ASC' | 'DESC') => {
    const numeric = ids.every((id) => /^\d+$/.test(id));
    const sorted = [...ids].sort((a, b) => (numeric ? Number(BigInt(a) - BigInt(b)) : a < b ? -1 : a > b ? 1 : 0));
    return order === 'ASC' ? sorted : sorted.reverse();
  };

  it('should find every list route of the API (a list added later is checked too)', () => {
    expect(lists.map((l) => l.row.route).sort()).toEqual(
      expect.arrayContaining([
        'GET /api/audit-logs',
        'GET /api/caseload',
        'GET /api/cases',
        'GET /api/cases/:id/events',
        'GET /api/consents',
        'GET /api/follow-ups',
        'GET /api/imports',
        'GET /api/imports/:id/rows',
        'GET /api/notifications',
        'GET /api/offices',
        'GET /api/organizations',
        'GET /api/referrals',
        'GET /api/reintegration-scores',
        'GET /api/returnees',
        'GET /api/returnees/:id/cases',
        'GET /api/users',
      ]),
    );
  });

  it('should answer the exact row count as the total for page sizes 1, N and N+1', async () => {
    const wrong: string[] = [];
    for (const l of lists) {
      const all = await page(l, { range: '[0,499]' });
      const n = all.body.length as number;
      expect(totalOf(all)).toBe(n);
      for (const size of [...new Set([1, Math.max(n, 1), n + 1])]) {
        const res = await page(l, { range: JSON.stringify([0, size - 1]) });
        if (res.status !== 200 || totalOf(res) !== n || res.headers['x-total-estimated'] === 'true') {
          wrong.push(`${l.row.route} with ${n} rows, page size ${size}: ${res.status} ${res.headers['content-range']}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('should sort every list by id in both orders, and refuse an unknown sort field with a 400', async () => {
    const wrong: string[] = [];
    for (const l of lists) {
      for (const order of ['ASC', 'DESC'] as const) {
        const res = await page(l, { sort: JSON.stringify(['id', order]), range: '[0,499]' });
        const ids = (res.body as Array<{ id: string | number }>).map((r) => String(r.id));
        if (res.status !== 200) wrong.push(`${l.row.route} id ${order}: ${res.status} ${JSON.stringify(res.body)}`);
        else if (JSON.stringify(ids) !== JSON.stringify(ordered(ids, order))) wrong.push(`${l.row.route} id ${order}: not in id order`);
      }
      const bad = await page(l, { sort: '["nope","ASC"]' });
      if (bad.status !== 400 || bad.body.code !== 'VALIDATION_FAILED' || !bad.body.errors?.sort) wrong.push(`${l.row.route} nope: ${bad.status}`);
    }
    expect(wrong).toEqual([]);
  });
});

// The stock provider, asked for a list with no sort (as a <List> or <ReferenceManyField> that names none), sends
// sort=["id","ASC"]: every console resource must answer it.
describe('ra-data-simple-rest with no sort given', () => {
  let t: TestApp;
  let ctx: Ctx;
  let base: string;
  const providerFor = (u: GivenUser): DataProvider =>
    simpleRestProvider(`${base}/api`, (url: string, options: fetchUtils.Options = {}) =>
      fetchUtils.fetchJson(url, { ...options, user: { authenticated: true, token: `Bearer ${u.token}` } }),
    );

  beforeAll(async () => {
    t = await createTestApp({ env: MATRIX_ENV });
    ctx = await buildFixtures(t);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it.each([
    ['returnees', 'caseworker'],
    ['cases', 'caseworker'],
    ['follow-ups', 'caseworker'],
    ['consents', 'caseworker'],
    ['referrals', 'ngo_staff'],
    ['notifications', 'caseworker'],
    ['users', 'admin'],
    ['offices', 'admin'],
    ['organizations', 'admin'],
    ['imports', 'supervisor'],
    ['caseload', 'supervisor'],
    ['audit-logs', 'admin'],
  ] as const)('should list %s for a %s', async (resource, role) => {
    const dp = providerFor(ctx.fx.users[role]);

    const list = await dp.getList(resource, { pagination: { page: 1, perPage: 25 }, filter: {} });

    expect(list.data.length).toBeGreaterThan(0);
    expect(list.total).toBe(list.data.length);
  });

  it('should list the cases of a returnee as a <ReferenceManyField> that names no sort does (id DESC)', async () => {
    const dp = providerFor(ctx.fx.users.caseworker);

    const cases = await dp.getManyReference('cases', {
      target: 'returneeId',
      id: ctx.fx.returnee.own,
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'id', order: 'DESC' },
      filter: {},
    });

    expect(cases.data.map((c) => c.id)).toEqual([ctx.fx.caseFile.own]);
    expect(cases.total).toBe(1);
  });
});
