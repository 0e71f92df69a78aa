import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { expectErrorShape } from './authz-matrix';

// Issue 22: a user's own sessions (list with device and last seen, end one, end the others), an admin ending all of a
// user's sessions, and changing one's own password (the current one required; the other sessions end). All through
// HTTP; "ended" means the very next request with that session's access token is refused and its refresh token too.
describe('sessions and own password change', () => {
  let t: TestApp;
  let admin: GivenUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.user('admin');
  });
  afterAll(() => t.close());

  const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
  const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
  type Session = { token: string; refreshToken: string };
  const signIn = async (u: GivenUser, ua: string, password = u.password): Promise<Session> => {
    const res = await t.http.post('/api/auth/login').set('User-Agent', ua).send({ email: u.email, password });
    expect(res.status).toBe(200);
    return { token: res.body.accessToken, refreshToken: res.body.refreshToken };
  };
  const live = async (s: Session) => (await t.http.get('/api/auth/me').set(bearer(s))).status === 200;
  const refreshes = async (s: Session) => (await t.http.post('/api/auth/refresh').send({ refreshToken: s.refreshToken })).status === 200;
  const auditRows = async (userId: string, action: string) =>
    (await t.db.query(`SELECT actor_id, diff FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND action = $2 ORDER BY id`, [userId, action])).rows;

  it('should list the live sessions with browser, system, IP, start and last seen, the current one marked', async () => {
    const u = await t.given.user('caseworker');
    const laptop = await signIn(u, FIREFOX);
    const phone = await signIn(u, ANDROID_CHROME);
    const res = await t.http.get('/api/auth/sessions').set(bearer(laptop));
    expect(res.status).toBe(200);
    const mine = res.body as Array<Record<string, unknown>>;
    // the helper's own login has no user agent of ours; the two above are there with their devices
    const fx = mine.find((s) => s.browser === 'Firefox 133');
    const ch = mine.find((s) => s.browser === 'Chrome 131');
    expect(fx).toMatchObject({ system: 'Windows', current: true, ip: expect.any(String) });
    expect(ch).toMatchObject({ system: 'Android', current: false });
    expect(mine.filter((s) => s.current)).toHaveLength(1);
    expect(Date.parse(String(fx!.createdAt))).not.toBeNaN();
    expect(Date.parse(String(fx!.lastSeenAt))).toBeGreaterThanOrEqual(Date.parse(String(fx!.createdAt)));
    // a refresh keeps the session (same id, same device), it does not add one
    const rotated = await t.http.post('/api/auth/refresh').send({ refreshToken: phone.refreshToken });
    expect(rotated.status).toBe(200);
    const after = (await t.http.get('/api/auth/sessions').set(bearer(laptop))).body as Array<Record<string, unknown>>;
    expect(after).toHaveLength(mine.length);
    expect(after.find((s) => s.id === ch!.id)).toMatchObject({ browser: 'Chrome 131', system: 'Android' });
    // no token of any kind in the answer
    expect(JSON.stringify(after)).not.toContain(laptop.refreshToken.split('.')[1]);
  });

  it('should write last seen at most once a minute per session, not on every request', async () => {
    const u = await t.given.user('caseworker');
    const s = await signIn(u, FIREFOX);
    const sid = ((await t.http.get('/api/auth/sessions').set(bearer(s))).body as Array<{ id: string; current: boolean }>).find((x) => x.current)!.id;
    const seen = async () =>
      (await t.db.query(`SELECT last_seen_at FROM refresh_token WHERE family_id = $1 AND rotated_at IS NULL`, [sid])).rows[0].last_seen_at;
    await new Promise((r) => setTimeout(r, 300));
    const first = await seen();
    expect(first).not.toBeNull();
    for (let i = 0; i < 5; i++) expect(await live(s)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect((await seen()).getTime()).toBe(first.getTime());
  });

  it("should end one session of the caller's at once, answer 404 for another user's session, and end all the others", async () => {
    const u = await t.given.user('caseworker');
    const other = await t.given.user('caseworker');
    const a = await signIn(u, FIREFOX);
    const b = await signIn(u, ANDROID_CHROME);
    const c = await signIn(u, ANDROID_CHROME);
    const list = (await t.http.get('/api/auth/sessions').set(bearer(a))).body as Array<{ id: string; current: boolean }>;
    const bId = (await t.http.get('/api/auth/sessions').set(bearer(b))).body.find((x: { current: boolean }) => x.current).id as string;

    // someone else's session: 404, and it goes on
    const foreign = await t.http.delete(`/api/auth/sessions/${bId}`).set(bearer(other));
    expect(foreign.status).toBe(404);
    expectErrorShape(foreign);
    expect(await live(b)).toBe(true);
    const bad = await t.http.delete('/api/auth/sessions/not-a-uuid').set(bearer(a));
    expect(bad.status).toBe(400);

    expect((await t.http.delete(`/api/auth/sessions/${bId}`).set(bearer(a))).status).toBe(204);
    expect(await live(b)).toBe(false);
    expect(await refreshes(b)).toBe(false);
    expect(await live(a)).toBe(true);
    expect(await live(c)).toBe(true);
    // ending it again: it is no longer there
    expect((await t.http.delete(`/api/auth/sessions/${bId}`).set(bearer(a))).status).toBe(404);

    const others = await t.http.delete('/api/auth/sessions').set(bearer(a));
    expect(others.status).toBe(200);
    // c and the helper's own login
    expect(others.body).toEqual({ ended: list.length - 2 });
    expect(await live(c)).toBe(false);
    expect(await refreshes(c)).toBe(false);
    expect(await live(a)).toBe(true);
    const left = (await t.http.get('/api/auth/sessions').set(bearer(a))).body as Array<{ current: boolean }>;
    expect(left).toEqual([expect.objectContaining({ current: true })]);

    const rows = await auditRows(u.id, 'logout');
    expect(rows.map((r) => r.diff.by)).toEqual(['self', 'self']);
    expect(rows[0].diff.sessionsEnded).toEqual([bId]);
    expect(rows[1].diff.sessionsEnded).toHaveLength(list.length - 2);
  });

  it('should let an admin end every session of a user, and nobody else', async () => {
    const u = await t.given.user('caseworker');
    const sup = await t.given.user('supervisor', { officeId: u.officeId! });
    const a = await signIn(u, FIREFOX);
    const b = await signIn(u, ANDROID_CHROME);
    expect((await t.http.delete(`/api/users/${u.id}/sessions`).set(bearer(sup))).status).toBe(403);
    expect(await live(a)).toBe(true);
    const res = await t.http.delete(`/api/users/${u.id}/sessions`).set(bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.ended).toBe(3);
    for (const s of [a, b, u]) expect((await t.http.get('/api/auth/me').set(bearer(s))).status).toBe(401);
    expect(await refreshes(a)).toBe(false);
    // the account is still active: the user signs in again
    expect(await live(await signIn(u, FIREFOX))).toBe(true);
    const rows = await auditRows(u.id, 'logout');
    expect(rows.at(-1)).toMatchObject({ actor_id: admin.id, diff: { by: 'admin' } });
    expect((await t.http.delete(`/api/users/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/sessions`).set(bearer(admin))).status).toBe(404);
  });

  it('should change the own password with the current one, end the other sessions and keep this one', async () => {
    const u = await t.given.user('caseworker');
    const here = await signIn(u, FIREFOX);
    const there = await signIn(u, ANDROID_CHROME);
    const next = 'Son-Kul lake summer 2027';
    const hashBefore = (await t.db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [u.id])).rows[0].password_hash;

    // wrong current password: 422 on the field, nothing changed, every session goes on
    const wrong = await t.http.post('/api/auth/password').set(bearer(here)).send({ currentPassword: 'not my password at all', newPassword: next });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'WRONG_CURRENT_PASSWORD', errors: { currentPassword: 'is wrong' } });
    // a new password against the policy: 400/422 with the field, nothing changed
    for (const newPassword of ['short', '1qaz2wsx3edc', u.email]) {
      const res = await t.http.post('/api/auth/password').set(bearer(here)).send({ currentPassword: u.password, newPassword });
      expect([newPassword, res.status]).toEqual([newPassword, expect.any(Number)]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.errors.newPassword).toBeDefined();
    }
    expect((await t.db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [u.id])).rows[0].password_hash).toBe(hashBefore);
    expect(await live(there)).toBe(true);

    const ok = await t.http.post('/api/auth/password').set(bearer(here)).send({ currentPassword: u.password, newPassword: next });
    expect(ok.status).toBe(200);
    expect(ok.body.sessionsEnded).toBe(2);
    expect(await live(here)).toBe(true);
    expect(await refreshes(here)).toBe(true);
    expect(await live(there)).toBe(false);
    expect(await refreshes(there)).toBe(false);
    expect((await t.http.post('/api/auth/login').send({ email: u.email, password: u.password })).status).toBe(401);
    expect((await t.http.post('/api/auth/login').send({ email: u.email, password: next })).status).toBe(200);
    const rows = await auditRows(u.id, 'update');
    expect(rows.at(-1)).toMatchObject({ actor_id: u.id, diff: { passwordChanged: true, by: 'self' } });
    expect(JSON.stringify(rows)).not.toContain(next);
    expect((await t.http.post('/api/auth/password').send({ currentPassword: next, newPassword: 'Ala-Archa gorge 2027 x' })).status).toBe(401);
  });
});
