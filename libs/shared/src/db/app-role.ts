import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { Client } from 'pg';

// The API and the worker run their queries as a least-privilege login (migration 1764600000000-AuditChain grants the
// group role kaytuu_app everything but UPDATE/DELETE/TRUNCATE on the audit log). Migrations, scripts and the BullMQ
// PostgreSQL backend keep the owner's DATABASE_URL.
//
// With DATABASE_APP_URL set, that login is the operator's. Without it the API makes one at boot: kaytuu_api, a member of
// kaytuu_app, whose password is an HMAC keyed by the owner's credentials, so every API and worker given the same
// DATABASE_URL derives the same login without sharing any other secret.
export const APP_GROUP_ROLE = 'kaytuu_app';
export const APP_LOGIN_ROLE = 'kaytuu_api';

export class AppRoleError extends Error {}

function parseOwnerUrl(ownerUrl: string): URL {
  try {
    const url = new URL(ownerUrl);
    if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('not a postgres URL');
    return url;
  } catch {
    throw new AppRoleError('DATABASE_URL is not a postgres:// URL, so the API cannot derive its least-privilege database login; set DATABASE_APP_URL.');
  }
}

// Keyed by the owner's user, password, host and port only: roles are cluster-wide, so the databases of one cluster
// (tests clone one per file) must all derive the same password.
export function appRolePassword(ownerUrl: string): string {
  const u = parseOwnerUrl(ownerUrl);
  const key = `${u.protocol}//${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}@${u.host}`;
  return createHmac('sha256', key).update(APP_LOGIN_ROLE).digest('hex');
}

export function deriveAppDatabaseUrl(ownerUrl: string): string {
  const u = parseOwnerUrl(ownerUrl);
  u.username = APP_LOGIN_ROLE;
  u.password = appRolePassword(ownerUrl);
  return u.toString();
}

// The URL the TypeORM pool of the API or the worker connects with.
export function runtimeDatabaseUrl(cfg: { databaseUrl: string; databaseAppUrl?: string }): string {
  return cfg.databaseAppUrl ?? deriveAppDatabaseUrl(cfg.databaseUrl);
}

// A SCRAM-SHA-256 verifier (RFC 5802/7677, PostgreSQL's stored format): CREATE/ALTER ROLE then never carries the
// password itself, so it cannot end up in a statement log.
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

async function canSignIn(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    const { rows } = await c.query<{ member: boolean }>(`SELECT pg_has_role(current_user, $1, 'MEMBER') AS member`, [APP_GROUP_ROLE]);
    return rows[0]?.member ? { ok: true } : { ok: false, reason: `${APP_LOGIN_ROLE} is not a member of ${APP_GROUP_ROLE}` };
  } catch (err) {
    // connection errors name host, port and user, never the password
    return { ok: false, reason: err instanceof Error ? err.message : 'unknown error' };
  } finally {
    await c.end().catch(() => undefined);
  }
}

// Errors another API booting at the same moment can cause: the role created or altered by both.
const RACE_CODES = new Set(['42710', '23505', 'XX000', '40001', '40P01']);

// API boot, after the migrations: makes sure kaytuu_api can sign in and returns its URL. Idempotent and safe when many
// APIs boot at once against one cluster (the common case needs no DDL at all: the login already works).
export async function ensureAppRole(ownerUrl: string): Promise<string> {
  const appUrl = deriveAppDatabaseUrl(ownerUrl);
  if ((await canSignIn(appUrl)).ok) return appUrl;
  const owner = new Client({ connectionString: ownerUrl, connectionTimeoutMillis: 10_000 });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ may: boolean; group: boolean }>(
      `SELECT (rolsuper OR rolcreaterole) AS may, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS group FROM pg_roles WHERE rolname = current_user`,
      [APP_GROUP_ROLE],
    );
    if (!rows[0]?.may) {
      throw new AppRoleError(
        `The database user of DATABASE_URL may not create roles (it lacks CREATEROLE), so the API cannot make its least-privilege login ${APP_LOGIN_ROLE}. Create a login that is a member of ${APP_GROUP_ROLE} and set DATABASE_APP_URL to it.`,
      );
    }
    if (!rows[0].group) throw new AppRoleError(`Role ${APP_GROUP_ROLE} is missing: run the migrations first.`);
    const verifier = scramVerifier(appRolePassword(ownerUrl));
    for (let attempt = 1; ; attempt++) {
      try {
        await owner.query('BEGIN');
        // orders the APIs of this database; other databases' APIs surface as the race errors retried below
        await owner.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`role:${APP_LOGIN_ROLE}`]);
        const exists = (await owner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [APP_LOGIN_ROLE])).rowCount;
        // the verifier is base64 and '$' only, so it is safe inside the literal
        if (exists) await owner.query(`ALTER ROLE ${APP_LOGIN_ROLE} WITH LOGIN PASSWORD '${verifier}'`);
        else await owner.query(`CREATE ROLE ${APP_LOGIN_ROLE} WITH LOGIN PASSWORD '${verifier}'`);
        await owner.query(`GRANT ${APP_GROUP_ROLE} TO ${APP_LOGIN_ROLE}`);
        await owner.query('COMMIT');
        break;
      } catch (err) {
        await owner.query('ROLLBACK').catch(() => undefined);
        const code = (err as { code?: string }).code;
        if (attempt >= 8 || !code || !RACE_CODES.has(code)) throw err;
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * attempt));
      }
    }
  } finally {
    await owner.end().catch(() => undefined);
  }
  const check = await canSignIn(appUrl);
  if (!check.ok) {
    throw new AppRoleError(
      `The API made its database login ${APP_LOGIN_ROLE} but cannot sign in with it (${check.reason}). Allow it in pg_hba.conf, or set DATABASE_APP_URL.`,
    );
  }
  return appUrl;
}

// Worker boot: the API makes the login; the worker only waits until it works (see apps/worker/src/schema-gate.ts).
export async function appLoginState(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  return canSignIn(url);
}
