import { Client } from 'pg';
import { APP_LOGIN_ROLE, ensureAppRole, runMigrations } from '@kaytuu/shared';
import { EmbeddedPg, startEmbeddedPg } from '../support/embedded-pg';

// On a server of its own with password (SCRAM) authentication, unlike the machine's trust-auth Postgres, so the
// derived login's password is really checked.
describe('least-privilege login: ensureAppRole on a SCRAM-authenticated server', () => {
  let pg: EmbeddedPg;
  beforeAll(async () => {
    pg = await startEmbeddedPg();
    await runMigrations(pg.url);
  }, 180_000);
  afterAll(() => pg?.destroy(), 60_000);

  const signIn = async (url: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (
        await c.query(
          `SELECT current_user AS u, pg_has_role(current_user, 'kaytuu_app', 'MEMBER') AS member, (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) AS powerful`,
        )
      ).rows[0];
    } finally {
      await c.end();
    }
  };

  it('should make one login usable by its derived password, however many APIs boot at once', async () => {
    const urls = await Promise.all(Array.from({ length: 6 }, () => ensureAppRole(pg.url)));
    expect(new Set(urls).size).toBe(1);
    expect(await signIn(urls[0])).toEqual({ u: APP_LOGIN_ROLE, member: true, powerful: false });

    const wrong = new URL(urls[0]);
    wrong.password = 'f'.repeat(64);
    await expect(signIn(wrong.toString())).rejects.toThrow(/password authentication failed/);
    // a second boot finds the login working and changes nothing
    expect(await ensureAppRole(pg.url)).toBe(urls[0]);
  });

  it('should refuse UPDATE and DELETE of audit_log to the login', async () => {
    const c = new Client({ connectionString: await ensureAppRole(pg.url) });
    await c.connect();
    try {
      await c.query(`INSERT INTO audit_log (action, entity) VALUES ('read', 'probe')`);
      await expect(c.query(`UPDATE audit_log SET entity = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(c.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
    } finally {
      await c.end();
    }
  });

  it('should stop with a message naming DATABASE_APP_URL when the owner may not create roles', async () => {
    const su = new Client({ connectionString: pg.url });
    await su.connect();
    await su.query(`CREATE ROLE h1_plain_owner LOGIN PASSWORD 'plain-owner-pw'`);
    await su.end();
    const url = new URL(pg.url);
    url.username = 'h1_plain_owner';
    url.password = 'plain-owner-pw';

    await expect(ensureAppRole(url.toString())).rejects.toThrow(/lacks CREATEROLE.*DATABASE_APP_URL/);
  });
});
