import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import {
  buildFixtures,
  Ctx,
  expected,
  expectErrorShape,
  MATRIX,
  MATRIX_ENV,
  registeredRoutes,
  ROLES,
  Row,
  Scope,
  SCOPES,
  send,
  StaffRole,
} from './authz-matrix';

// Runs the table in authz-matrix.ts: one test per route × role × own/foreign, plus the checks that the table covers
// exactly the routes the app registers, that OpenAPI documents but never opens a data route, and that disabling a
// user or changing their password ends their sessions at once.

const totalOf = (res: Response): number => Number(/\/(\d+)$/.exec(res.headers['content-range'] ?? '')?.[1] ?? NaN);
const label = (row: Row) => `${row.route}${row.variant ? ` (${row.variant})` : ''}`;
const cells = MATRIX.flatMap((row) => ROLES.flatMap((role) => SCOPES.map((scope) => ({ row, role, scope, status: expected(row.expect, role, scope) }))));

describe('authorisation matrix', () => {
  let t: TestApp;
  let ctx: Ctx;

  beforeAll(async () => {
    t = await createTestApp({ env: MATRIX_ENV });
    ctx = await buildFixtures(t);
  });
  afterAll(() => t.close());

  it('should have a row for every registered route and a registered route for every row', () => {
    const registered = registeredRoutes(t.app);
    const rows = new Set(MATRIX.map((r) => r.route));
    expect(registered.length).toBeGreaterThan(80);
    const missingRows = registered.filter((r) => !rows.has(r));
    const staleRows = [...rows].filter((r) => !registered.includes(r));
    expect({ routesWithoutARow: missingRows, rowsWithoutARoute: staleRows }).toEqual({ routesWithoutARow: [], rowsWithoutARoute: [] });
  });

  test.each(cells.map((c) => [label(c.row), c.role, c.scope, c.status, c] as const))('%s · %s · %s → %i', async (_l, role, scope, status, c) => {
    const user = role === 'anonymous' ? null : ctx.fx.users[role as StaffRole];
    const req = await c.row.request(ctx, role, scope);
    const res = await send(t, req, user, { binary: c.row.produces === 'xlsx' || c.row.produces === 'pdf' });
    if (res.status !== status) {
      throw new Error(`${req.method} ${req.path} as ${role} (${scope}): expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    if (status >= 400) {
      expectErrorShape(res);
      return;
    }
    checkBody(c.row, res);
    if (c.row.list) checkList(c.row, role as StaffRole, scope, res);
  });

  function checkBody(row: Row, res: Response): void {
    const type = res.headers['content-type'] ?? '';
    switch (row.produces ?? 'json') {
      case 'json':
        expect(type).toMatch(/application\/json/);
        break;
      case 'csv':
        expect(type).toMatch(/text\/csv/);
        expect(res.text.length).toBeGreaterThan(0);
        break;
      case 'xlsx':
        expect(type).toMatch(/spreadsheetml/);
        expect((res.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
        break;
      case 'pdf':
        expect(type).toBe('application/pdf');
        expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        break;
      case 'html':
        expect(type).toMatch(/text\/html/);
        break;
      case 'text':
        expect(res.text.length).toBeGreaterThan(0);
        break;
      case 'none':
        expect(res.text ?? '').toBe('');
        break;
    }
  }

  function checkList(row: Row, role: StaffRole, scope: Scope, res: Response): void {
    const list = row.list!;
    expect(Array.isArray(res.body)).toBe(true);
    const ids = (res.body as Array<{ id?: string; userId?: string }>).map((r) => r.id ?? r.userId);
    const total = totalOf(res);
    expect(total).toBeGreaterThanOrEqual(ids.length);
    const foreignId = list.foreignId(ctx.fx, role);
    if (scope === 'own') {
      if (list.ownId) expect(ids).toContain(list.ownId(ctx.fx, role));
      if (role !== 'admin' && !list.shared) expect(ids).not.toContain(foreignId);
      return;
    }
    if (list.shared || (role === 'admin' && !list.adminOwnOnly)) {
      expect(ids).toContain(foreignId);
      return;
    }
    expect(ids).not.toContain(foreignId);
    if (list.foreignQuery) {
      // asked for the foreign office/organisation/record by name: an empty page and a total of 0, not a count
      expect(ids).toEqual([]);
      expect(total).toBe(0);
    }
  }

  it('should document every route in OpenAPI publicly, while each documented data route still refuses an anonymous caller', async () => {
    const doc = await t.http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    const publicRoutes = new Set(MATRIX.filter((r) => expected(r.expect, 'anonymous', 'own') < 400).map((r) => r.route));
    let checked = 0;
    for (const [path, ops] of Object.entries(paths)) {
      for (const method of Object.keys(ops)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        expect(MATRIX.map((r) => r.route)).toContain(route);
        if (publicRoutes.has(route)) continue;
        const url = path.replace(/\{report\}/g, 'cases').replace(/\{\w+\}/g, randomUUID());
        const res = await t.http[method as 'get' | 'post' | 'put' | 'delete'](url);
        expect([route, res.status]).toEqual([route, 401]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
    // the document describes the API; it carries no record of this database
    expect(JSON.stringify(doc.body)).not.toContain(ctx.fx.returnee.own);
  });

  describe('ending sessions', () => {
    async function signedInCaseworker(): Promise<{ user: GivenUser; refreshToken: string }> {
      const user = await t.given.user('caseworker', { officeId: ctx.fx.officeA.id });
      const login = await t.http.post('/api/auth/login').send({ email: user.email, password: user.password });
      expect(login.status).toBe(200);
      return { user, refreshToken: login.body.refreshToken };
    }

    const admin = () => ctx.fx.users.admin;
    const refused = async (user: GivenUser, refreshToken: string) => {
      const me = await t.http.get('/api/auth/me').set(bearer(user));
      expect(me.status).toBe(401);
      expectErrorShape(me);
      const cases = await t.http.get('/api/cases').set(bearer(user));
      expect(cases.status).toBe(401);
      const refresh = await t.http.post('/api/auth/refresh').send({ refreshToken });
      expect(refresh.status).toBe(401);
      expectErrorShape(refresh);
    };

    it('should refuse the access and refresh tokens of a user an admin disables (DELETE), on the very next request', async () => {
      const { user, refreshToken } = await signedInCaseworker();
      expect((await t.http.get('/api/auth/me').set(bearer(user))).status).toBe(200);
      const res = await t.http.delete(`/api/users/${user.id}`).set(bearer(admin()));
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      await refused(user, refreshToken);
      const login = await t.http.post('/api/auth/login').send({ email: user.email, password: user.password });
      expect(login.status).toBe(401);
    });

    it("should refuse the access token of a session that was logged out, while the user's other sessions go on", async () => {
      const { user, refreshToken } = await signedInCaseworker();
      const other = await t.http.post('/api/auth/login').send({ email: user.email, password: user.password });
      const loggedOutAccess = { token: (await t.http.post('/api/auth/refresh').send({ refreshToken })).body.accessToken as string };
      expect((await t.http.get('/api/auth/me').set(bearer(loggedOutAccess))).status).toBe(200);
      // logging out with the rotated token's family ends that session only
      expect((await t.http.post('/api/auth/logout').send({ refreshToken })).status).toBe(204);
      expect((await t.http.get('/api/auth/me').set(bearer(loggedOutAccess))).status).toBe(401);
      expect((await t.http.get('/api/auth/me').set(bearer({ token: other.body.accessToken }))).status).toBe(200);
    });

    it('should refuse them as well when the user is disabled through PUT {active:false}', async () => {
      const { user, refreshToken } = await signedInCaseworker();
      const res = await t.http.put(`/api/users/${user.id}`).set(bearer(admin())).send({ active: false });
      expect(res.status).toBe(200);
      await refused(user, refreshToken);
    });

    it('should end every session of a user whose password an admin changes: the old refresh token is refused, a new login works', async () => {
      const { user, refreshToken } = await signedInCaseworker();
      const second = await t.http.post('/api/auth/login').send({ email: user.email, password: user.password });
      const res = await t.http.put(`/api/users/${user.id}`).set(bearer(admin())).send({ password: 'Kochkor valley 2026 spring!' });
      expect(res.status).toBe(200);
      // the access tokens issued before the change are refused on the very next request too
      for (const u of [user, { token: second.body.accessToken }]) {
        const me = await t.http.get('/api/auth/me').set(bearer(u));
        expect(me.status).toBe(401);
        expectErrorShape(me);
      }
      for (const token of [refreshToken, second.body.refreshToken]) {
        const refresh = await t.http.post('/api/auth/refresh').send({ refreshToken: token });
        expect(refresh.status).toBe(401);
      }
      const fresh = await t.http.post('/api/auth/login').send({ email: user.email, password: 'Kochkor valley 2026 spring!' });
      expect(fresh.status).toBe(200);
    });
  });
});
