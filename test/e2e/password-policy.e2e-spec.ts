import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

const LIST = readFileSync(join(__dirname, '../../libs/access/src/common-passwords.txt'), 'utf8').split('\n').filter(Boolean);

describe('password policy: not a common password', () => {
  let t: TestApp;
  let admin: GivenUser;
  let office: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.user('admin');
    office = await t.given.office();
  });
  afterAll(() => t.close());

  const create = (password: string, p: { email?: string; fullName?: string } = {}) =>
    t.http
      .post('/api/users')
      .set(bearer(admin))
      .send({
        email: p.email ?? `pw-${Math.random().toString(36).slice(2)}@kaytuu.kg`,
        fullName: p.fullName ?? 'Айгуль Токтогулова',
        role: 'caseworker',
        officeId: office.id,
        password,
      });

  it('should ship the top 10,000, lower-case, with the demo and test passwords not in it', () => {
    expect(LIST).toHaveLength(10_000);
    expect(LIST.every((w) => w === w.toLowerCase())).toBe(true);
    expect(LIST).toEqual(expect.arrayContaining(['qwerty123456', '1qaz2wsx3edc', 'password']));
    for (const used of ['kaytuu-demo-2026', 'correct horse battery staple', 'long enough password', 'жылдыз-асман-2026']) expect(LIST).not.toContain(used);
  });

  it.each(['qwerty123456', 'QWERTY123456', '1qaz2wsx3edc'])('should refuse %s with 400 and the field, and store no user', async (password) => {
    const email = `common-${password.toLowerCase()}@kaytuu.kg`;
    const res = await create(password, { email });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', errors: { password: 'is too common; choose another' } });
    const { rows } = await t.db.query(`SELECT 1 FROM app_user WHERE email = $1`, [email]);
    expect(rows).toHaveLength(0);
  });

  it('should refuse the email, its local part or the full name as the password', async () => {
    const byLocal = await create('aigul.toktogulova', { email: 'aigul.toktogulova@kaytuu.kg' });
    expect(byLocal.status).toBe(400);
    expect(byLocal.body.errors).toEqual({ password: 'is too common; choose another' });
    const byName = await create('Айгуль Токтогулова', { fullName: 'Айгуль Токтогулова' });
    expect(byName.status).toBe(400);
    expect(byName.body.errors).toEqual({ password: 'is too common; choose another' });
  });

  it('should accept a strong password with 201, and refuse a common or personal one on change', async () => {
    const res = await create('тоо-булак-жаз-2026!', { email: 'kanat.usenov@kaytuu.kg', fullName: 'Канат Усенов' });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const common = await t.http.put(`/api/users/${id}`).set(bearer(admin)).send({ password: 'q1w2e3r4t5y6' });
    expect(common.status).toBe(400);
    expect(common.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { password: 'is too common; choose another' } });
    // only the password in the body: compared with the stored email and name
    const personal = await t.http.put(`/api/users/${id}`).set(bearer(admin)).send({ password: 'kanat.usenov' });
    expect(personal.status).toBe(400);
    expect(personal.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { password: 'is too common; choose another' } });
    const strong = await t.http.put(`/api/users/${id}`).set(bearer(admin)).send({ password: 'another strong one 2026' });
    expect(strong.status).toBe(200);
    const login = await t.http.post('/api/auth/login').send({ email: 'kanat.usenov@kaytuu.kg', password: 'another strong one 2026' });
    expect(login.status).toBe(200);
  });
});
