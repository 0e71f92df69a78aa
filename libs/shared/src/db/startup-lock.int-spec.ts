import { Client } from 'pg';
import { dbUrl } from '../../../../test/support/pg';
import { STARTUP_LOCK_KEY, withStartupLock } from './startup-lock';

// Two API processes starting together: the second one's start-up writes wait until the first one's are done.
describe('withStartupLock', () => {
  // the server's own database: a connection to the template would stop the other test files cloning it
  const url = dbUrl('postgres');

  it('should run concurrent start-ups one after the other and release the lock when each is done', async () => {
    const events: string[] = [];
    const startup = (name: string, ms: number) =>
      withStartupLock(url, async () => {
        events.push(`${name} start`);
        await new Promise((r) => setTimeout(r, ms));
        events.push(`${name} end`);
        return name;
      });
    const first = startup('a', 400);
    await new Promise((r) => setTimeout(r, 100));
    const results = await Promise.all([first, startup('b', 10)]);

    expect(results).toEqual(['a', 'b']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query<{ free: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS free`, [STARTUP_LOCK_KEY]);
      expect(rows[0].free).toBe(true);
    } finally {
      await c.end();
    }
  });

  it('should release the lock when the start-up fails', async () => {
    await expect(withStartupLock(url, () => Promise.reject(new Error('migration failed')))).rejects.toThrow('migration failed');
    await expect(withStartupLock(url, () => Promise.resolve('next start-up'))).resolves.toBe('next start-up');
  });
});
