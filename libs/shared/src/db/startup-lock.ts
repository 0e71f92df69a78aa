import { Client } from 'pg';

// One API process at a time runs its start-up writes (migrations, the demo seed, the ADMIN_EMAIL account): with
// several replicas starting together (`docker compose up --scale api=2`, a Kubernetes rollout) the others wait here,
// then find nothing left to do. A session-level advisory lock on its own connection: released by unlock, or by
// Postgres when a process dies holding it.
export const STARTUP_LOCK_KEY = 'kaytuu:api-startup';

export async function withStartupLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'kaytuu-startup' });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [STARTUP_LOCK_KEY]);
    try {
      return await fn();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [STARTUP_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
