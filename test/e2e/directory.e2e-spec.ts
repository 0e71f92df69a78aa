import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

describe('admin: users, offices, organisations', () => {
  let t: TestApp;
  let admin: GivenUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.user('admin');
  });
  afterAll(() => t.close());

  it('should let an admin create an office, an organisation and a caseworker who can then sign in', async () => {
    const office = await t.http.post('/api/offices').set(bearer(admin)).send({ name: 'Нарын району', oblast: 'naryn', district: 'Нарынский' });
    expect(office.status).toBe(201);
    const org = await t.http
      .post('/api/organizations')
      .set(bearer(admin))
      .send({
        name: 'Ден-соолук ТБ',
        kind: 'ngo',
        services: ['health_referral'],
        oblasts: ['naryn', 'bishkek'],
        contactEmail: 'TB@Example.kg',
      });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ contactEmail: 'tb@example.kg', active: true, services: ['health_referral'] });
    const user = await t.http.post('/api/users').set(bearer(admin)).send({
      email: 'Nurlan.Asanov@Kaytuu.kg',
      fullName: 'Нурлан Асанов',
      role: 'caseworker',
      officeId: office.body.id,
      locale: 'ky',
      password: 'жылдыз-асман-2026',
    });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ email: 'nurlan.asanov@kaytuu.kg', role: 'caseworker', officeId: office.body.id, active: true });
    expect(user.body.password).toBeUndefined();
    const { rows } = await t.db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [user.body.id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const login = await t.http.post('/api/auth/login').send({ email: 'nurlan.asanov@kaytuu.kg', password: 'жылдыз-асман-2026' });
    expect(login.status).toBe(200);
  });

  it('should answer 409 with the field when the email is taken', async () => {
    const u = await t.given.user('caseworker');
    const before = await t.given.count('app_user');
    const res = await t.http.post('/api/users').set(bearer(admin)).send({ email: u.email, fullName: 'Дубль', role: 'admin', password: 'long enough password' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'EMAIL_TAKEN', errors: { email: 'is already in use' } });
    expect(await t.given.count('app_user')).toBe(before);
  });

  it('should answer 422 when the role does not match office/organisation', async () => {
    const org = await t.given.organization();
    const res = await t.http
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'x1@kaytuu.kg', fullName: 'Икс', role: 'caseworker', organizationId: org.id, password: 'long enough password' });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['officeId', 'organizationId']));
  });

  it('should reject bad user payloads with 400 naming the field and store nothing', async () => {
    const office = await t.given.office();
    const good = { email: 'ok@kaytuu.kg', fullName: 'Айгүл Токтогулова', role: 'caseworker', officeId: office.id, password: 'long enough password' };
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...good, email: 'not-an-email' }, 'email'],
      [{ ...good, role: 'superuser' }, 'role'],
      [{ ...good, password: 'short' }, 'password'],
      [{ ...good, officeId: 'nope' }, 'officeId'],
      [{ ...good, fullName: 'x'.repeat(500) }, 'fullName'],
      [{ ...good, locale: 'de' }, 'locale'],
      [{ ...good, isRoot: true }, 'isRoot'],
      [{ ...good, fullName: 42 }, 'fullName'],
    ];
    const before = await t.given.count('app_user');
    for (const [payload, field] of bad) {
      const res = await t.http.post('/api/users').set(bearer(admin)).send(payload);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toHaveProperty(field);
    }
    expect(await t.given.count('app_user')).toBe(before);
  });

  it('should reject bad office and organisation payloads with 400 and store nothing', async () => {
    const offices = await t.given.count('office');
    const orgs = await t.given.count('organization');
    for (const payload of [
      { name: 'X', oblast: 'moscow', district: 'Ленинский' },
      { name: 'Офис', oblast: 'osh' },
      { name: ['a'], oblast: 'osh', district: 'Ош' },
    ]) {
      expect((await t.http.post('/api/offices').set(bearer(admin)).send(payload)).status).toBe(400);
    }
    for (const payload of [
      { name: 'НКО', kind: 'church', services: [], oblasts: [], contactEmail: 'a@b.kg' },
      { name: 'НКО', kind: 'ngo', services: ['massage'], oblasts: [], contactEmail: 'a@b.kg' },
      { name: 'НКО', kind: 'ngo', services: [], oblasts: ['moscow'], contactEmail: 'a@b.kg' },
      { name: 'НКО', kind: 'ngo', services: [], oblasts: [], contactEmail: 'nope' },
      { name: 'НКО', kind: 'ngo', services: [], oblasts: [], contactEmail: 'a@b.kg', webhookUrl: 'ftp://x' },
    ]) {
      const res = await t.http.post('/api/organizations').set(bearer(admin)).send(payload);
      expect(res.status).toBe(400);
      expect(res.body.errors).toBeDefined();
    }
    const huge = await t.http
      .post('/api/offices')
      .set(bearer(admin))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(400_000), oblast: 'osh', district: 'Ош' }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await t.given.count('office')).toBe(offices);
    expect(await t.given.count('organization')).toBe(orgs);
  });

  it('should reject bad updates of users, offices and organisations with 400 and change nothing', async () => {
    const office = await t.given.office();
    const org = await t.given.organization();
    const cw = await t.given.user('caseworker', { officeId: office.id });
    const snapshot = async () =>
      (
        await t.db.query(
          `SELECT (SELECT row_to_json(u) FROM app_user u WHERE id = $1)::text AS u, (SELECT row_to_json(o) FROM office o WHERE id = $2)::text AS o, (SELECT row_to_json(g) FROM organization g WHERE id = $3)::text AS g`,
          [cw.id, office.id, org.id],
        )
      ).rows[0];
    const before = await snapshot();
    const cases: Array<[string, unknown]> = [
      [`/api/users/${cw.id}`, { role: 'root' }],
      [`/api/users/${cw.id}`, { email: 'nope' }],
      [`/api/users/${cw.id}`, { active: 'yes' }],
      [`/api/users/${cw.id}`, { password: 'short' }],
      [`/api/users/${cw.id}`, { passwordHash: 'x' }],
      [`/api/offices/${office.id}`, { oblast: 'almaty' }],
      [`/api/offices/${office.id}`, { name: '' }],
      [`/api/offices/${office.id}`, { id: office.id, name: 'Новое' }],
      // null cannot empty a field that is never empty (it used to reach the NOT NULL column: a 500)
      [`/api/users/${cw.id}`, { fullName: null }],
      [`/api/users/${cw.id}`, { role: null }],
      [`/api/offices/${office.id}`, { district: null }],
      [`/api/offices/${office.id}`, { name: null }],
      [`/api/organizations/${org.id}`, { name: null }],
      [`/api/organizations/${org.id}`, { services: 'legal_aid' }],
      [`/api/organizations/${org.id}`, { active: 1 }],
      [`/api/organizations/${org.id}`, { contactEmail: 'a@' }],
    ];
    for (const [url, body] of cases) {
      const res = await t.http
        .put(url)
        .set(bearer(admin))
        .send(body as object);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', errors: expect.any(Object) });
    }
    const malformed = await t.http.put(`/api/offices/${office.id}`).set(bearer(admin)).set('Content-Type', 'application/json').send('{"name": "x",');
    expect(malformed.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('should publish the OpenAPI document at /api/docs without authentication', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/returnees', '/api/cases/{id}', '/api/auth/login', '/api/users']));
    expect((await t.http.get('/api/docs/')).status).toBe(200);
    // the committed document (npm run openapi) lists the same operations as the running API
    const committed = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const ops = (paths: Record<string, Record<string, unknown>>) =>
      Object.entries(paths)
        .flatMap(([p, m]) => Object.keys(m).map((verb) => `${verb} ${p}`))
        .sort();
    expect(ops(committed.paths)).toEqual(ops(res.body.paths));
  });

  it('should forbid non-admins from changing the directory and users', async () => {
    const cw = await t.given.user('caseworker');
    expect((await t.http.post('/api/offices').set(bearer(cw)).send({ name: 'Офис', oblast: 'osh', district: 'Ош' })).status).toBe(403);
    expect((await t.http.post('/api/users').set(bearer(cw)).send({})).status).toBe(403);
    const res = await t.http.put(`/api/users/${cw.id}`).set(bearer(cw)).send({ role: 'admin' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('should show staff only the users of their own office, with a matching total', async () => {
    const officeA = await t.given.office();
    const officeB = await t.given.office();
    const a1 = await t.given.user('caseworker', { officeId: officeA.id });
    await t.given.user('supervisor', { officeId: officeA.id });
    const b1 = await t.given.user('caseworker', { officeId: officeB.id });
    const res = await t.http.get('/api/users').query({ range: '[0,99]' }).set(bearer(a1));
    expect(res.status).toBe(200);
    expect(res.body.every((u: { officeId: string }) => u.officeId === officeA.id)).toBe(true);
    expect(res.headers['content-range']).toBe(`users 0-1/2`);
    expect((await t.http.get(`/api/users/${b1.id}`).set(bearer(a1))).status).toBe(404);
  });

  it('should deactivate, not delete, an organisation and filter by service and oblast', async () => {
    const org = await t.http
      .post('/api/organizations')
      .set(bearer(admin))
      .send({ name: 'Укук жардамы', kind: 'ngo', services: ['legal_aid'], oblasts: ['osh'], contactEmail: 'law@example.kg' });
    const found = await t.http
      .get('/api/organizations')
      .query({ filter: JSON.stringify({ service: 'legal_aid', oblast: 'osh' }) })
      .set(bearer(admin));
    expect(found.body.map((o: { id: string }) => o.id)).toContain(org.body.id);
    const del = await t.http.delete(`/api/organizations/${org.body.id}`).set(bearer(admin));
    expect(del.status).toBe(200);
    expect(del.body.active).toBe(false);
    expect(await t.given.count(`organization WHERE id = '${org.body.id}'`)).toBe(1);
  });

  it('should answer 400 for unknown sort fields, filter keys and bad ranges', async () => {
    for (const query of [
      { sort: '["password","ASC"]' },
      { filter: '{"nope":1}' },
      { range: '[0,9999]' },
      { range: '[5,1]' },
      { filter: '{' },
      { sort: '["name","SIDEWAYS"]' },
    ]) {
      const res = await t.http.get('/api/offices').query(query).set(bearer(admin));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.http.get('/api/offices/not-a-uuid').set(bearer(admin))).status).toBe(400);
  });
});
