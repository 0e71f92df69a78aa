import { randomUUID } from 'node:crypto';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

const RANGE = 'from=2026-01-01&to=2026-06-30';

describe('rate limit on file exports (EXPORT_THROTTLE_PER_10_MINUTES)', () => {
  let t: TestApp;
  let office: { id: string };
  beforeAll(async () => {
    t = await createTestApp({ env: { EXPORT_THROTTLE_PER_10_MINUTES: '3', LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    office = await t.given.office();
  });
  afterAll(() => t.close());

  const report = (u: GivenUser, format?: string) => t.http.get(`/api/reports/cases?${RANGE}&by=caseType${format ? `&format=${format}` : ''}`).set(bearer(u));
  const auditedExports = async (u: GivenUser) =>
    Number((await t.db.query(`SELECT count(*) FROM audit_log WHERE actor_id = $1 AND entity = 'report'`, [u.id])).rows[0].count);

  it('should answer 429 with the error envelope after the limit, per user, counting CSV and XLSX but not JSON', async () => {
    const sup = await t.given.user('supervisor', { officeId: office.id });
    for (let i = 0; i < 5; i++) expect((await report(sup)).status).toBe(200);
    expect((await report(sup, 'csv')).status).toBe(200);
    expect((await report(sup, 'xlsx')).status).toBe(200);
    expect((await report(sup, 'csv')).status).toBe(200);
    const over = await report(sup, 'xlsx');
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'THROTTLED' });
    expect(typeof over.body.message).toBe('string');
    expect(Number(over.headers['retry-after-export'])).toBeGreaterThan(0);
    // the refused export did not run: three audited, not four
    expect(await auditedExports(sup)).toBe(3);
    // JSON for the console is not limited, and another user of the same address has their own allowance
    expect((await report(sup)).status).toBe(200);
    const other = await t.given.user('supervisor', { officeId: office.id });
    expect((await report(other, 'csv')).status).toBe(200);
    // a bad format is still a 400, not a 429
    expect((await report(sup, 'pdf')).status).toBe(400);
  });

  it('should limit the import error report the same way', async () => {
    const cw = await t.given.user('caseworker', { officeId: office.id });
    const id = randomUUID();
    for (let i = 0; i < 3; i++) expect((await t.http.get(`/api/imports/${id}/errors.csv`).set(bearer(cw))).status).toBe(404);
    const over = await t.http.get(`/api/imports/${id}/errors.csv`).set(bearer(cw));
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ statusCode: 429, code: 'THROTTLED' });
  });
});

describe('rate limit on login (LOGIN_THROTTLE_PER_MINUTE) beside the export limit', () => {
  let t: TestApp;
  let office: { id: string };
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '3', EXPORT_THROTTLE_PER_10_MINUTES: '2' } });
    office = await t.given.office();
  });
  afterAll(() => t.close());

  // The API trusts X-Forwarded-For from a proxy on loopback (`trust proxy` in app.factory.ts): each value below is a
  // client address of its own. (t.given.user signs in from the loopback address itself, once per user.)
  const login = (u: GivenUser, address: string) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', address).send({ email: u.email, password: u.password });
  const loginsAudited = async (u: GivenUser, address: string) =>
    Number((await t.db.query(`SELECT count(*) FROM audit_log WHERE actor_id = $1 AND action = 'login' AND ip = $2`, [u.id, address])).rows[0].count);
  const csv = (u: GivenUser) => t.http.get(`/api/reports/cases?${RANGE}&by=caseType&format=csv`).set(bearer(u));

  it('should keep login limited per address and not by the export allowance', async () => {
    const u = await t.given.user('supervisor', { officeId: office.id });
    const [a, b, c] = ['203.0.113.10', '203.0.113.11', '203.0.113.12'];

    // right password every time: the 4th attempt from one address in a minute is refused before the password is checked
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(u, a)).status);
    const over = await login(u, a);
    expect([...statuses, over.status]).toEqual([200, 200, 200, 429]);
    expect(over.body).toEqual({ statusCode: 429, error: 'Too Many Requests', code: 'THROTTLED', message: expect.any(String) });
    const wait = Number(over.headers['retry-after-login']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // the refused attempt signed nobody in: three logins audited from that address, not four
    expect(await loginsAudited(u, a)).toBe(3);
    expect((await login(u, a)).status).toBe(429);

    // another address, same account: its own allowance
    const fromB = await login(u, b);
    expect(fromB.status).toBe(200);
    expect(typeof fromB.body.accessToken).toBe('string');
    expect(await loginsAudited(u, b)).toBe(1);

    // exports are limited per user, apart from logins: the throttled address did not use up the user's exports …
    expect((await csv(u)).status).toBe(200);
    expect((await csv(u)).status).toBe(200);
    const exportOver = await csv(u);
    expect(exportOver.status).toBe(429);
    expect(Number(exportOver.headers['retry-after-export'])).toBeGreaterThan(0);
    expect(exportOver.headers['retry-after-login']).toBeUndefined();
    // … and a user out of exports still signs in from an address with logins left
    expect((await login(u, c)).status).toBe(200);
  });
});
