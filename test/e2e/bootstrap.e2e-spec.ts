import { BootstrapService } from '../../apps/api/src/bootstrap.service';
import { createTestApp, TestApp } from '../support/test-app';

describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { ADMIN_EMAIL: 'Root@Ministry.kg', ADMIN_PASSWORD: 'a long first password' } });
  });
  afterAll(() => t.close());

  it('should create the admin once when no user has that email, and sign in with it', async () => {
    const boot = t.app.get(BootstrapService);
    await boot.ensureAdmin();
    await boot.ensureAdmin();
    const { rows } = await t.db.query(`SELECT email, role, password_hash FROM app_user WHERE email = 'root@ministry.kg'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe('admin');
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const login = await t.http.post('/api/auth/login').send({ email: 'root@ministry.kg', password: 'a long first password' });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');
  });

  it('should leave an existing account alone (its password is not reset)', async () => {
    await t.db.query(`UPDATE app_user SET full_name = 'Renamed' WHERE email = 'root@ministry.kg'`);
    await t.app.get(BootstrapService).ensureAdmin();
    const { rows } = await t.db.query(`SELECT full_name FROM app_user WHERE email = 'root@ministry.kg'`);
    expect(rows[0].full_name).toBe('Renamed');
  });
});
