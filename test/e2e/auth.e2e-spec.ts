import { bearer, createTestApp, TestApp } from '../support/test-app';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
  });
  afterAll(() => t.close());

  it('should return tokens and the user when the password is right', async () => {
    const u = await t.given.user('caseworker');
    const res = await t.http.post('/api/auth/login').send({ email: u.email.toUpperCase(), password: u.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: u.email, role: 'caseworker', officeId: u.officeId });
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    const me = await t.http.get('/api/auth/me').set(bearer({ token: res.body.accessToken }));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(u.id);
  });

  it('should answer 401 with the error envelope when the password is wrong, and audit it', async () => {
    const u = await t.given.user('caseworker');
    const before = await t.given.count(`audit_log WHERE action = 'login_failed'`);
    const res = await t.http.post('/api/auth/login').send({ email: u.email, password: 'wrong password!!' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'INVALID_CREDENTIALS' });
    expect(await t.given.count(`audit_log WHERE action = 'login_failed'`)).toBe(before + 1);
  });

  it('should lock the account after 5 failures in 15 minutes, even for the right password', async () => {
    const u = await t.given.user('supervisor');
    for (let i = 0; i < 5; i++) {
      const r = await t.http.post('/api/auth/login').send({ email: u.email, password: `nope-nope-nope-${i}` });
      expect(r.status).toBe(401);
    }
    const res = await t.http.post('/api/auth/login').send({ email: u.email, password: u.password });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('ACCOUNT_LOCKED');
    const { rows } = await t.db.query(`SELECT locked_until > now() + interval '14 minutes' AS locked FROM app_user WHERE id = $1`, [u.id]);
    expect(rows[0].locked).toBe(true);
  });

  it('should answer 401 without a token and with a forged one', async () => {
    expect((await t.http.get('/api/auth/me')).status).toBe(401);
    const res = await t.http.get('/api/auth/me').set('Authorization', 'Bearer a.b.c');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('should rotate refresh tokens and revoke the family when an old one is reused', async () => {
    const u = await t.given.user('caseworker');
    const login = await t.http.post('/api/auth/login').send({ email: u.email, password: u.password });
    const first = login.body.refreshToken as string;
    const r1 = await t.http.post('/api/auth/refresh').send({ refreshToken: first });
    expect(r1.status).toBe(200);
    const second = r1.body.refreshToken as string;
    expect(second).not.toBe(first);
    // replaying the rotated token is treated as theft: the whole family dies, including the newest token
    const replay = await t.http.post('/api/auth/refresh').send({ refreshToken: first });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    const after = await t.http.post('/api/auth/refresh').send({ refreshToken: second });
    expect(after.status).toBe(401);
  });

  it('should end the session on logout', async () => {
    const u = await t.given.user('caseworker');
    const login = await t.http.post('/api/auth/login').send({ email: u.email, password: u.password });
    expect((await t.http.post('/api/auth/logout').send({ refreshToken: login.body.refreshToken })).status).toBe(204);
    expect((await t.http.post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken })).status).toBe(401);
  });

  it('should refuse requests of a deactivated user at once', async () => {
    const admin = await t.given.user('admin');
    const u = await t.given.user('caseworker');
    expect((await t.http.get('/api/auth/me').set(bearer(u))).status).toBe(200);
    const del = await t.http.delete(`/api/users/${u.id}`).set(bearer(admin));
    expect(del.status).toBe(200);
    expect(del.body.active).toBe(false);
    expect((await t.http.get('/api/auth/me').set(bearer(u))).status).toBe(401);
  });

  it('should reject malformed JSON and unknown properties with 400', async () => {
    const bad = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const extra = await t.http.post('/api/auth/login').send({ email: 'a@b.kg', password: 'x', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual({ admin: 'is not an allowed property' });
  });
});

describe('auth throttle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('should answer 429 when one IP tries to log in too often', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http.post('/api/auth/login').send({ email: 'nobody@kaytuu.test', password: 'whatever-123' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('auth bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
  });
  afterAll(() => t.close());

  it('should answer 400 naming the field for bad login, refresh and logout bodies, and store no token', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/auth/login', { email: 'a@b.kg' }, 'password'],
      ['/api/auth/login', { email: 42, password: 'x' }, 'email'],
      ['/api/auth/login', { email: 'a@b.kg', password: 'x'.repeat(300) }, 'password'],
      ['/api/auth/refresh', {}, 'refreshToken'],
      ['/api/auth/refresh', { refreshToken: ['a'] }, 'refreshToken'],
      ['/api/auth/logout', { refreshToken: 7 }, 'refreshToken'],
      ['/api/auth/logout', { refreshToken: 'x', all: true }, 'all'],
    ];
    for (const [url, body, field] of cases) {
      const res = await t.http.post(url).send(body as object);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.errors).toHaveProperty(field);
    }
    const garbage = await t.http.post('/api/auth/refresh').send({ refreshToken: 'not-a-token' });
    expect(garbage.status).toBe(401);
    expect(garbage.body.code).toBe('INVALID_REFRESH_TOKEN');
    expect(await t.given.count('refresh_token')).toBe(0);
  });
});
