import { bearer, createTestApp, TestApp } from '../support/test-app';

describe('bull-board at /admin/queues', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should answer 401 without a token and 403 for a non-admin', async () => {
    const anon = await t.http.get('/admin/queues');
    expect(anon.status).toBe(401);
    expect(anon.body.code).toBe('UNAUTHENTICATED');
    const cw = await t.given.user('caseworker');
    expect((await t.http.get('/admin/queues').set(bearer(cw))).status).toBe(403);
    expect((await t.http.get('/admin/queues/api/queues').set(bearer(cw))).status).toBe(403);
    expect((await t.http.get('/admin/queues').set('Cookie', 'kaytuu_board=forged.jwt.value')).status).toBe(401);
    expect((await t.http.post('/api/admin/queue-board-session').set(bearer(cw))).status).toBe(403);
  });

  it('should show the queues to an admin, by bearer header or by the board cookie', async () => {
    const admin = await t.given.user('admin');
    const page = await t.http.get('/admin/queues').set(bearer(admin));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await t.http.get('/admin/queues/api/queues').set(bearer(admin));
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toContain('system');

    const session = await t.http.post('/api/admin/queue-board-session').set(bearer(admin));
    expect(session.status).toBe(204);
    const setCookie = String(session.headers['set-cookie']);
    expect(setCookie).toMatch(/kaytuu_board=.+; Max-Age=900; Path=\/admin\/queues; .*HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0];
    expect((await t.http.get('/admin/queues/api/queues').set('Cookie', cookie)).status).toBe(200);
  });
});
