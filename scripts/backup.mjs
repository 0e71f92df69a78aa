#!/usr/bin/env node
// `npm run backup -- [--out file] [--database-url postgres://…] [--files-dir dir]`: an encrypted pg_dump of the Kaytuu
// database, and a copy of the filesystem file store beside it.
//
// - Database: --database-url, else DATABASE_URL, else the embedded database of `npm start` (./.data).
// - pg_dump: the binary matching the server's major version (or the oldest newer one); see pickBinary.
// - Consistency: the row counts of every table (the manifest the restore checks against) are taken in a
//   REPEATABLE READ transaction whose snapshot pg_dump uses too (--snapshot), so they describe exactly what is dumped.
// - Encryption: the custom-format archive (-Fc, compressed) is streamed through AES-256-GCM in authenticated 1 MiB
//   segments (format in scripts/backup-lib.mjs) into backups/kaytuu-<db>-<UTC timestamp>.dump.enc; nothing is written
//   to disk in clear. Key: BACKUP_KEY (base64, 32 bytes), or ./.data/backup-key (generated once) for the embedded database.
// - Files: with the filesystem store (FILES_DIR, or --files-dir; default ./.data/files) its objects — already encrypted,
//   their data keys wrapped in the database — are copied as they are into <out without .dump.enc>.files/, while the
//   database snapshot is held; the manifest keeps their count, bytes and a SHA-256 over every object (restore checks
//   it). With S3 (FILE_STORE=s3 / S3_BUCKET) the bucket is backed up by the store's own means (README "Storage"); the
//   manifest records how many objects the database references.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import {
  aclRoles,
  BackupError,
  encryptingStream,
  fileStoreFromEnv,
  humanBytes,
  libpqArgs,
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
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const { url, embedded } = resolveDatabaseUrl(args['database-url']);
  const { dbArg, env: pgEnv, database } = libpqArgs(url);

  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(
      `Cannot connect to ${redactUrl(url)}: ${err.message}${embedded ? ' (is `npm start` running? The embedded database runs only while it does.)' : ''}`,
    );
  }
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const out = resolve(args.out ?? join(ROOT, 'backups', `kaytuu-${database}-${stamp}.dump.enc`));
  const partial = `${out}.partial`;
  const filesOut = `${out.replace(/\.dump\.enc$/, '')}.files`;
  const filesPartial = `${filesOut}.partial`;
  const store = fileStoreFromEnv(args['files-dir']);
  try {
    const server = await serverMajor(client);
    const pgDump = pickBinary('pg_dump', server.major);
    // the key only now: a run that cannot dump never generates one
    const { key, keyId, source } = await loadKey({ generate: embedded });
    console.log(`database ${redactUrl(url)} (PostgreSQL ${server.version}); ${pgDump.version} at ${pgDump.path}; key ${keyId} from ${source}`);

    // one snapshot for the counts and the dump
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const {
      rows: [{ snapshot }],
    } = await client.query('SELECT pg_export_snapshot() AS snapshot');
    const tables = await rowCounts(client);
    const roles = await aclRoles(client);
    const auditChain = await sourceAuditChain(client);
    const files = await backUpFiles(client, store, filesPartial, basename(filesOut));
    const manifest = {
      format: 'kaytuu-backup',
      version: 1,
      database,
      createdAt: new Date().toISOString(),
      server: server.version,
      serverMajor: server.major,
      pgDump: pgDump.version,
      pgDumpMajor: pgDump.major,
      tables,
      roles,
      auditChain,
      files,
    };

    mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
    const dump = spawn(pgDump.path, ['--format=custom', `--snapshot=${snapshot}`, '--no-password', `--dbname=${dbArg}`], {
      env: { ...process.env, ...pgEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    dump.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const exited = new Promise((done) => dump.on('close', (code, signal) => done({ code, signal })));
    try {
      await pipeline(dump.stdout, encryptingStream(key, keyId, manifest), createWriteStream(partial, { mode: 0o600 }));
    } catch (err) {
      dump.kill('SIGTERM');
      throw err;
    }
    const { code, signal } = await exited;
    if (code !== 0) throw new BackupError(`pg_dump failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`);
    await client.query('COMMIT');
    if (existsSync(filesPartial)) {
      rmSync(filesOut, { recursive: true, force: true });
      renameSync(filesPartial, filesOut);
    }
    renameSync(partial, out);

    const seconds = (performance.now() - started) / 1000;
    const size = statSync(out).size;
    printCounts(tables);
    if (auditChain) {
      console.log(
        `audit chain at backup time: ${auditChain.ok ? 'ok' : 'BROKEN'}, ${auditChain.checked} sealed rows checked, ${auditChain.unsealed} not yet sealed; head seq ${auditChain.head?.seq ?? '–'} hash ${auditChain.head?.hash ?? '–'}`,
      );
    }
    if (files.store === 'fs') {
      console.log(`files: ${files.count} objects (${humanBytes(files.bytes)}, encrypted as stored) copied to ${filesOut}; sha256 ${files.sha256}`);
    } else {
      console.log(`files: S3 bucket ${files.bucket} is not copied by this command (back it up with the store's tools); ${files.referenced} objects referenced`);
    }
    if (files.missing) console.warn(`warning: ${files.missing} object(s) the database references are not in the file store (e.g. ${files.missingExample})`);
    const shown = relative(process.cwd(), out);
    console.log(
      `wrote ${shown && !shown.startsWith('..') ? shown : out}: ${humanBytes(size)} in ${seconds.toFixed(1)} s (${Object.keys(tables).length} tables, ${Object.values(tables).reduce((a, b) => a + b, 0)} rows)`,
    );
  } finally {
    if (existsSync(partial)) rmSync(partial, { force: true });
    if (existsSync(filesPartial)) rmSync(filesPartial, { recursive: true, force: true });
    await client.end().catch(() => undefined);
  }
}

// The file store's part of the manifest (objects copied for the filesystem store), with the objects the snapshot's
// document versions reference and how many of those the store lacks.
async function backUpFiles(client, store, partialDir, dirName) {
  const referenced = await referencedObjectKeys(client);
  const missing = await missingObjects(store, referenced);
  const gaps = missing.length ? { missing: missing.length, missingExample: missing[0] } : {};
  if (store.kind === 's3') return { store: 's3', bucket: store.bucket, referenced: referenced.length, ...gaps };
  rmSync(partialDir, { recursive: true, force: true });
  mkdirSync(partialDir, { recursive: true, mode: 0o700 });
  const summary = await summariseFsObjects(store.dir, partialDir);
  return { store: 'fs', dir: dirName, ...summary, referenced: referenced.length, ...gaps };
}

// The audit chain's state in the dump's snapshot (libs/audit verifyAuditChain, from the server build when present).
async function sourceAuditChain(client) {
  if (!existsSync(AUDIT_CHAIN_JS)) return null;
  const { verifyAuditChain } = createRequire(import.meta.url)(AUDIT_CHAIN_JS);
  if (typeof verifyAuditChain !== 'function') return null;
  const r = await verifyAuditChain((sql, params) => client.query(sql, params));
  // the chain's head, kept with the backup: a restored (or later) database must still contain this exact link
  const {
    rows: [head],
  } = await client.query('SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1');
  return { ok: r.ok, checked: Number(r.checked), unsealed: Number(r.unsealed), firstBroken: r.firstBroken ?? null, head: head ?? null };
}

function printCounts(tables) {
  const w = Math.max(5, ...Object.keys(tables).map((t) => t.length));
  console.log(`${'table'.padEnd(w)}  rows`);
  for (const [t, n] of Object.entries(tables)) console.log(`${t.padEnd(w)}  ${n}`);
}

main().catch((err) => {
  console.error(err instanceof BackupError ? `backup failed: ${err.message}` : err);
  process.exit(1);
});
