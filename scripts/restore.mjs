#!/usr/bin/env node
// `npm run restore -- <file> [--database-url postgres://…/db] [--create] [--force] [--no-acl] [--files-dir dir] [--no-files]`
//
// 1. Checks the whole file first — the key's id, then every segment's GCM tag, the order and the end — and refuses a
//    wrong key or a changed, truncated or extended file BEFORE touching any database.
// 2. Target: --database-url, else DATABASE_URL, else the embedded database of `npm start`. With --create the database
//    is created (it must not exist); without it, it must exist and be empty (no tables) unless --force, which drops
//    and recreates the archive's objects in it (pg_restore --clean --if-exists).
// 3. Roles: the archive's GRANTs name the app's group role (kaytuu_app, see README); missing roles the manifest lists
//    are created NOLOGIN in the target cluster first. --no-acl restores without any GRANT instead. Objects are always
//    restored owned by the role restoring (--no-owner): that must be the role that runs the migrations.
// 4. pg_restore (the binary for the target's major version, never older than the archive's pg_dump) reads the
//    archive decrypted on the fly from its stdin, in a single transaction, stopping at the first error.
// 5. Checks: every table's row count equals the manifest's, and the audit hash chain verifies (verifyAuditChain of
//    libs/audit, from the server build) with as many sealed rows and the same head (seq, hash) as when backed up.
//    Prints OK or the differences; exits non-zero on any failure.
// Files: a backup of the filesystem store has its objects in <file without .dump.enc>.files/; step 1 also checks them
//    against the manifest (count and SHA-256), and after the database they are copied, still encrypted, into the target
//    store (FILES_DIR or --files-dir; default ./.data/files). Whatever the store (fs or S3: FILE_STORE, S3_*), the last
//    check is that every object the restored document versions reference exists in it. --no-files skips the copy
//    (not the check).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import {
  BackupError,
  decryptFile,
  fileStoreFromEnv,
  humanBytes,
  libpqArgs,
  listTables,
  loadKey,
  missingObjects,
  referencedObjectKeys,
  summariseFsObjects,
  parseArgs,
  pickBinary,
  redactUrl,
  resolveDatabaseUrl,
  ROOT,
  rowCounts,
  serverMajor,
} from './backup-lib.mjs';

const AUDIT_CHAIN_JS = join(ROOT, 'dist/apps/api/libs/audit/src/audit-chain.js');

async function main() {
  const args = parseArgs(process.argv.slice(2), ['create', 'force', 'no-acl', 'no-files']);
  const file = args._[0];
  if (!file) throw new BackupError('usage: npm run restore -- <file.dump.enc> [--database-url postgres://…/db] [--create] [--force] [--no-acl]');
  if (!existsSync(file)) throw new BackupError(`no such file: ${file}`);
  const started = performance.now();
  const { key } = await loadKey({ generate: false });

  // 1. authenticate everything before any database is touched
  const checked = await decryptFile(file, key);
  const manifest = checked.manifest;
  console.log(
    `${file}: authentic (${checked.segments} segments, archive ${humanBytes(checked.dataBytes)}); dump of "${manifest.database}" taken ${manifest.createdAt} from PostgreSQL ${manifest.server} with pg_dump ${manifest.pgDumpMajor}`,
  );

  // the copy of the filesystem store beside the file, checked against the manifest before any database is touched
  const filesCopy = manifest.files?.store === 'fs' && !args['no-files'] ? join(dirname(file), manifest.files.dir) : null;
  if (filesCopy) {
    const got = existsSync(filesCopy) ? await summariseFsObjects(filesCopy) : null;
    if (!got) throw new BackupError(`the backup's files (${filesCopy}) are missing: put them beside the backup, or pass --no-files. Nothing was restored.`);
    if (got.count !== manifest.files.count || got.sha256 !== manifest.files.sha256) {
      throw new BackupError(
        `the backup's files in ${filesCopy} do not match its manifest (${got.count} objects, sha256 ${got.sha256}; the backup recorded ${manifest.files.count}, ${manifest.files.sha256}). Nothing was restored.`,
      );
    }
    console.log(`${filesCopy}: ${got.count} objects (${humanBytes(got.bytes)}), as backed up`);
  }
  const store = fileStoreFromEnv(args['files-dir']);

  const verifyAuditChain = loadAuditVerifier();

  // 2. target database
  const { url } = resolveDatabaseUrl(args['database-url']);
  const { dbArg, env: pgEnv, database } = libpqArgs(url);
  if (!database) throw new BackupError(`the target URL names no database: ${redactUrl(url)}`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  let created = false;
  let target = null;
  let restored = false;
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount > 0;
    if (args.create) {
      if (exists) {
        throw new BackupError(`database "${database}" already exists; drop it, or restore into it without --create (it must be empty, or pass --force).`);
      }
    } else if (!exists) {
      throw new BackupError(`database "${database}" does not exist; pass --create to create it.`);
    }

    const server = await serverMajor(admin);
    if (server.major < manifest.serverMajor) {
      console.warn(
        `warning: restoring a PostgreSQL ${manifest.serverMajor} dump into PostgreSQL ${server.major}; statements written for the newer server may fail.`,
      );
    }
    const pgRestore = pickBinary('pg_restore', Math.max(server.major, manifest.pgDumpMajor));

    // 3. roles named by the archive's grants
    const missing = [];
    for (const role of manifest.roles ?? []) if ((await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount === 0) missing.push(role);
    if (missing.length && !args['no-acl']) {
      for (const role of missing) {
        try {
          await admin.query(`CREATE ROLE ${admin.escapeIdentifier(role)} NOLOGIN`);
          console.log(`created role ${role} (NOLOGIN), which the archive's grants name`);
        } catch (err) {
          if (err.code !== '42710') {
            throw new BackupError(
              `the archive grants privileges to role ${role}, which this cluster lacks, and it cannot be created (${err.message}): create it first, or pass --no-acl.`,
            );
          }
        }
      }
    }

    if (args.create) {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)} TEMPLATE template0 ENCODING 'UTF8'`);
      created = true;
    }
    target = new pg.Client({ connectionString: url });
    await target.connect();
    if (!args.create && !args.force) {
      const tables = await listTables(target);
      if (tables.length) {
        throw new BackupError(
          `database "${database}" is not empty (${tables.length} tables, e.g. ${tables.slice(0, 3).join(', ')}); restore into an empty or new database (--create), or pass --force to replace its objects.`,
        );
      }
    }

    // 4. pg_restore from the decrypted stream
    const restoreArgs = ['--no-owner', '--single-transaction', '--exit-on-error', '--no-password', `--dbname=${dbArg}`];
    if (args['no-acl']) restoreArgs.push('--no-acl');
    if (args.force && !args.create) restoreArgs.push('--clean', '--if-exists');
    console.log(`restoring into ${redactUrl(url)} (PostgreSQL ${server.version}) with ${pgRestore.version}`);
    await runRestore(pgRestore.path, restoreArgs, pgEnv, file, key);
    restored = true;

    // the files, still encrypted, into the target store
    let filesText = '';
    if (filesCopy) {
      if (store.kind !== 'fs') {
        console.warn(
          `warning: the backup's files are a filesystem copy (${filesCopy}); copy its objects into the S3 bucket ${store.bucket} (same keys, without the folders).`,
        );
      } else {
        const copied = await summariseFsObjects(filesCopy, store.dir);
        filesText = `${copied.count} files restored to ${store.dir}; `;
      }
    }

    // 5. checks
    const problems = [];
    const referenced = await referencedObjectKeys(target);
    const absent = await missingObjects(store, referenced);
    if (absent.length) {
      problems.push(
        `${absent.length} of the ${referenced.length} objects the documents reference are not in the ${store.kind} file store${store.kind === 's3' ? ` (bucket ${store.bucket})` : ` (${store.dir})`}, e.g. ${absent.slice(0, 3).join(', ')}`,
      );
    }
    filesText += `${referenced.length - absent.length} of ${referenced.length} referenced objects present`;
    const counts = await rowCounts(target);
    for (const [t, n] of Object.entries(manifest.tables)) {
      if (!(t in counts)) problems.push(`table ${t} missing (backup had ${n} rows)`);
      else if (counts[t] !== n) problems.push(`table ${t}: ${counts[t]} rows, backup had ${n}`);
    }
    for (const t of Object.keys(counts)) if (!(t in manifest.tables)) problems.push(`table ${t} is not in the backup (${counts[t]} rows)`);
    const chain = await verifyAuditChain((sql, params) => target.query(sql, params));
    const chainText = `audit chain ${chain.ok ? 'ok' : 'BROKEN'}: ${chain.checked} sealed rows checked, ${chain.unsealed} not yet sealed`;
    if (!chain.ok) problems.push(`${chainText}; first broken link ${JSON.stringify(chain.firstBroken)}`);
    if (manifest.auditChain && Number(chain.checked) !== Number(manifest.auditChain.checked)) {
      problems.push(`audit chain: ${chain.checked} sealed rows checked, the backup had ${manifest.auditChain.checked}`);
    }
    if (manifest.auditChain?.head) {
      const {
        rows: [head],
      } = await target.query('SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1');
      if (head?.seq !== manifest.auditChain.head.seq || head?.hash !== manifest.auditChain.head.hash) {
        problems.push(
          `audit chain head: seq ${head?.seq} hash ${head?.hash}, the backup recorded seq ${manifest.auditChain.head.seq} hash ${manifest.auditChain.head.hash}`,
        );
      }
    }

    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (problems.length) {
      console.error(`restore of ${file} into "${database}" FAILED its checks (${seconds} s):`);
      for (const p of problems) console.error(`  - ${p}`);
      process.exitCode = 1;
    } else {
      console.log(`OK: ${Object.keys(counts).length} tables, ${rows} rows, every count equal to the backup's; ${chainText}; ${filesText} (${seconds} s)`);
    }
  } catch (err) {
    if (created && !restored) {
      await target?.end().catch(() => undefined);
      target = null;
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(database)} WITH (FORCE)`).catch(() => undefined);
    }
    throw err;
  } finally {
    await target?.end().catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

// pg_restore reads the archive from stdin; each segment is written only after its tag checked (a file changed since
// the first pass makes this throw, pg_restore is stopped and its single transaction rolls back).
async function runRestore(bin, args, pgEnv, file, key) {
  const child = spawn(bin, args, { env: { ...process.env, ...pgEnv }, stdio: ['pipe', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
  const exited = new Promise((done) => child.on('close', (code, signal) => done({ code, signal })));
  let pipeError = null;
  child.stdin.on('error', (err) => (pipeError = err));
  try {
    await decryptFile(file, key, {
      onData: async (buf) => {
        if (pipeError || child.exitCode !== null) throw new BackupError(`pg_restore stopped early:\n${stderr.trim()}`);
        if (!child.stdin.write(buf)) await Promise.race([once(child.stdin, 'drain'), exited]);
      },
    });
    child.stdin.end();
  } catch (err) {
    child.kill('SIGTERM');
    await exited;
    throw err;
  }
  const { code, signal } = await exited;
  if (code !== 0) throw new BackupError(`pg_restore failed (${signal ?? `exit ${code}`}); nothing was restored (single transaction):\n${stderr.trim()}`);
}

function loadAuditVerifier() {
  if (!existsSync(AUDIT_CHAIN_JS)) {
    throw new BackupError(
      `the audit chain check needs the server build (${AUDIT_CHAIN_JS} is missing): run \`npm run build:server\` first. Nothing was restored.`,
    );
  }
  const { verifyAuditChain } = createRequire(import.meta.url)(AUDIT_CHAIN_JS);
  if (typeof verifyAuditChain !== 'function') throw new BackupError(`${AUDIT_CHAIN_JS} exports no verifyAuditChain; rebuild the server.`);
  return verifyAuditChain;
}

main().catch((err) => {
  console.error(err instanceof BackupError ? `restore failed: ${err.message}` : err);
  process.exit(1);
});
