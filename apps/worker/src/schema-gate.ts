import { Client } from 'pg';
import { MIGRATIONS } from '@kaytuu/migrations';
import { appLoginState } from '@kaytuu/shared';

export type SchemaGateOptions = { log: (message: string) => void; timeoutMs?: number; pollMs?: number; logEveryMs?: number };

// TypeORM records a migration under its `name` property, falling back to the class name.
const EXPECTED = MIGRATIONS.map((M) => new M().name ?? M.name);
const MIGRATIONS_TABLE = 'typeorm_migrations';

// Jobs read and write the app's tables, and only the API migrates. When the worker starts first (compose, npm start)
// it waits here, before Nest boots, until Postgres answers and every migration it was built with is applied.
export async function waitForSchema(databaseUrl: string, opts: SchemaGateOptions): Promise<void> {
  const { log, timeoutMs = 5 * 60_000, pollMs = 1000, logEveryMs = 15_000 } = opts;
  const started = Date.now();
  let lastLogged = -Infinity;
  for (;;) {
    const state = await schemaState(databaseUrl);
    if (state.ready) return;
    const waited = Date.now() - started;
    if (waited > timeoutMs) throw new Error(`Gave up after ${Math.round(waited / 1000)} s: ${state.reason}`);
    if (waited - lastLogged >= logEveryMs) {
      log(`Waiting for the database: ${state.reason}`);
      lastLogged = waited;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

// Then the API's least-privilege login (made by the API at boot unless DATABASE_APP_URL is set) must work.
export async function waitForAppLogin(appUrl: string, opts: SchemaGateOptions): Promise<void> {
  const { log, timeoutMs = 5 * 60_000, pollMs = 1000, logEveryMs = 15_000 } = opts;
  const started = Date.now();
  let lastLogged = -Infinity;
  for (;;) {
    const state = await appLoginState(appUrl);
    if (state.ok) return;
    const waited = Date.now() - started;
    if (waited > timeoutMs) throw new Error(`Gave up after ${Math.round(waited / 1000)} s waiting for the app's database login: ${state.reason}`);
    if (waited - lastLogged >= logEveryMs) {
      log(`Waiting for the app's database login (the API makes it on start): ${state.reason}`);
      lastLogged = waited;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

type SchemaState = { ready: true } | { ready: false; reason: string };

async function schemaState(databaseUrl: string): Promise<SchemaState> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [MIGRATIONS_TABLE]);
    const applied = rows[0].present
      ? new Set((await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`)).rows.map((r) => r.name))
      : new Set<string>();
    const missing = EXPECTED.filter((name) => !applied.has(name));
    return missing.length ? { ready: false, reason: `${missing.length} migration(s) not applied yet (the API applies them on start)` } : { ready: true };
  } catch (err) {
    // the message of a connection error names host and port only, never the password
    return { ready: false, reason: `not reachable (${err instanceof Error ? err.message : 'unknown error'})` };
  } finally {
    await client.end().catch(() => undefined);
  }
}
