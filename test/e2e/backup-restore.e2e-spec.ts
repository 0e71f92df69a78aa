import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { EncryptedFiles, FsObjectStore, S3ObjectStore, objectStoreSettings, SealedFile, createObjectStore } from '@kaytuu/shared';
import { verifyAuditChain } from '../../libs/audit/src/audit-chain';
import { testCipher } from '../support/data-keys';
import { adminQuery, dbUrl } from '../support/pg';
import { startS3 } from '../support/s3';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

// `npm run backup` / `npm run restore` (scripts/backup.mjs, scripts/restore.mjs) run for real as child processes against
// a TestApp database filled through the API. The restore's audit check loads libs/audit from the server build (dist):
// `npm test` rebuilds a stale one first; run `npm run build:server` before running this file alone.
jest.setTimeout(180_000);

type Run = { code: number | null; stdout: string; stderr: string };

const ROOT = join(__dirname, '../..');
// where restores put the files unless a test says otherwise (never the repo's ./.data/files)
let restoredFiles = '';
const run = (script: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<Run> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, `scripts/${script}.mjs`), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FILES_DIR: restoredFiles, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });

let serial = 20000 + Math.floor(Math.random() * 50000);
const pin = (birthDate: string) => {
  const [y, m, d] = birthDate.split('-');
  return `2${d}${m}${y}${String(++serial).padStart(5, '0')}`;
};

async function tableCounts(c: Client): Promise<Record<string, number>> {
  const { rows } = await c.query(
    `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { t } of rows) {
    out[t] = Number(
      (
        await c.query(
          `SELECT count(*) AS n FROM ${t
            .split('.')
            .map((x: string) => c.escapeIdentifier(x))
            .join('.')}`,
        )
      ).rows[0].n,
    );
  }
  return out;
}

const databaseExists = async (c: Client, name: string) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;

describe('backup and restore (npm run backup / npm run restore)', () => {
  let t: TestApp;
  let cw: GivenUser;
  let sup: GivenUser;
  let ngo: GivenUser;
  let dir: string;
  let file: string;
  let sourceCounts: Record<string, number>;
  let sourceChecked: number;
  const key = randomBytes(32).toString('base64');
  // a surname that appears nowhere else: it must not be readable in the backup file
  const surname = `Бекмурза${[...randomBytes(6)].map((b) => 'абвгдежзиклмнопрстуфхчшыэюя'[b % 27]).join('')}`;
  const restored = `kaytuu_restore_${randomBytes(4).toString('hex')}`;
  const refused = `kaytuu_refused_${randomBytes(4).toString('hex')}`;
  const created: string[] = [];
  let admin: Client;
  // the filesystem file store backed up with the database: three referenced objects (a file, its thumbnail, another
  // file) and one orphan; the plain bytes carry the surname, which no copy may show
  let sourceFiles: string;
  let sealed: SealedFile[];
  const plainOf = (i: number) => Buffer.from(`%PDF-1.4 трудовая книжка ${surname} ${i} `.repeat(2000));

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'kaytuu-backup-'));
    file = join(dir, 'kaytuu.dump.enc');
    sourceFiles = join(dir, 'source-files');
    restoredFiles = join(dir, 'restored-files');
    admin = new Client({ connectionString: dbUrl('postgres') });
    await admin.connect();

    const office = await t.given.office();
    cw = await t.given.user('caseworker', { officeId: office.id });
    sup = await t.given.user('supervisor', { officeId: office.id });
    const org = await t.given.organization({ services: ['legal_aid'], oblasts: ['bishkek', 'osh'] });
    ngo = await t.given.user('ngo_staff', { organizationId: org.id });

    // data through the API: returnees, cases, follow-ups, a referral accepted and completed, audited reads
    for (let i = 0; i < 3; i++) {
      const birthDate = `199${i}-05-1${i}`;
      const r = await t.http
        .post('/api/returnees')
        .set(bearer(cw))
        .send({
          pin: pin(birthDate),
          lastName: [surname, 'Токтогулов', 'Садыков'][i],
          firstName: 'Айгерим',
          sex: 'male',
          birthDate,
          phone: `0555 ${String(serial).slice(-3)} ${String(100 + i)}`,
          oblast: 'osh',
          district: 'Ноокатский',
          address: 'с. Ноокат, ул. Ленина 12',
          episodes: [
            {
              country: 'RU',
              city: 'Москва',
              departedOn: '2016-04-01',
              returnedOn: '2024-11-15',
              sector: 'construction',
              employmentFormal: false,
              returnReason: 'end_of_contract',
            },
          ],
          consent: { scope: ['data_processing', 'share_with_ngo'], givenAt: '2025-01-15T09:30:00+06:00' },
        });
      expect([r.status, r.status === 201 ? null : r.body]).toEqual([201, null]);
      const c = await t.http
        .post('/api/cases')
        .set(bearer(cw))
        .send({
          returneeId: r.body.id,
          type: 'legal_aid',
          title: 'Невыплаченная зарплата',
          details: { issue: 'unpaid_wages', country: 'RU', counterpart: 'ООО СтройМосква' },
        });
      expect(c.status).toBe(201);
      const f = await t.http
        .post('/api/follow-ups')
        .set(bearer(cw))
        .send({ caseId: c.body.id, kind: 'call', dueAt: new Date(Date.now() + (i + 2) * 86_400_000).toISOString() });
      expect(f.status).toBe(201);
      expect((await t.http.get(`/api/returnees/${r.body.id}`).set(bearer(sup))).status).toBe(200);
      if (i === 0) {
        const ref = await t.http.post('/api/referrals').set(bearer(cw)).send({ caseId: c.body.id, organizationId: org.id, reason: 'Юридическая помощь' });
        expect(ref.status).toBe(201);
        let version = ref.body.version;
        for (const [status, extra] of [
          ['accepted', {}],
          ['in_service', {}],
          ['completed', { outcome: 'Зарплата выплачена' }],
        ] as const) {
          const res = await t.http
            .put(`/api/referrals/${ref.body.id}`)
            .set(bearer(ngo))
            .send({ version, status, ...extra });
          expect(res.status).toBe(200);
          version = res.body.version;
        }
        expect((await t.http.get(`/api/referrals/${ref.body.id}`).set(bearer(ngo))).status).toBe(200);
      }
    }
    // documents: rows in SQL (the API's upload is tested in documents.e2e-spec.ts), objects in the source store
    const files = new EncryptedFiles(new FsObjectStore(sourceFiles), testCipher());
    sealed = [];
    for (let i = 0; i < 4; i++) sealed.push(await files.seal(Readable.from([plainOf(i)]), { maxBytes: 1 << 22 }));
    const returneeId = (await t.db.query('SELECT id FROM returnee WHERE last_name = $1', [surname])).rows[0].id;
    for (const [f, th] of [
      [sealed[0], sealed[1]],
      [sealed[2], null],
    ] as const) {
      const d = await t.db.query(
        `INSERT INTO document (returnee_id, office_id, type, title, created_by) SELECT id, office_id, 'work_book', 'Трудовая книжка', $2 FROM returnee WHERE id = $1 RETURNING id`,
        [returneeId, cw.id],
      );
      await t.db.query(
        `INSERT INTO document_version (document_id, version, object_key, wrapped_key, content_type, bytes, sha256, file_name, thumb_object_key,
           thumb_wrapped_key, uploaded_by) VALUES ($1, 1, $2, $3, 'application/pdf', $4, $5, 'scan.pdf', $6, $7, $8)`,
        [d.rows[0].id, f.objectKey, f.wrappedKey, f.bytes, f.sha256, th?.objectKey ?? null, th?.wrappedKey ?? null, cw.id],
      );
    }

    // seal the chain (as the worker's tick does), then one more audited read left unsealed: both states are backed up
    await t.db.query('SELECT audit_seal(100000)');
    expect((await t.http.get('/api/cases').set(bearer(sup))).status).toBe(200);
    await t.http.get(`/api/returnees`).set(bearer(sup));

    const b = await run('backup', ['--database-url', dbUrl(t.dbName), '--out', file], { BACKUP_KEY: key, FILES_DIR: sourceFiles });
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/^files: 4 objects \([\d.]+ KB, encrypted as stored\) copied to .*kaytuu\.files; sha256 [0-9a-f]{64}$/m);
    expect(b.stdout).toMatch(/wrote .*kaytuu\.dump\.enc: [\d.]+ KB in [\d.]+ s/);
    expect(b.stdout).toMatch(/public\.audit_log\s+\d+/);
    // the chain's head is printed (and kept in the manifest) so it can be pinned outside the database
    const {
      rows: [head],
    } = await t.db.query('SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1');
    expect(b.stdout).toContain(`not yet sealed; head seq ${head.seq} hash ${head.hash}`);
    expect(b.stdout).toMatch(/audit chain at backup time: ok, \d+ sealed rows checked, [1-9]\d* not yet sealed/);
    sourceCounts = await tableCounts(t.db);
    const chain = await verifyAuditChain((sql, params) => t.db.query(sql, params));
    expect(chain.ok).toBe(true);
    sourceChecked = chain.checked;
  });

  afterAll(async () => {
    for (const db of [restored, refused, ...created]) await adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('should have backed up a database with data in every context and an audit chain of sealed and unsealed rows', () => {
    for (const table of [
      'public.returnee',
      'public.case_file',
      'public.follow_up',
      'public.reminder',
      'public.referral',
      'public.consent',
      'public.migration_episode',
    ]) {
      expect(sourceCounts[table]).toBeGreaterThan(0);
    }
    expect(sourceChecked).toBeGreaterThan(10);
    expect(sourceCounts['public.audit_log']).toBeGreaterThan(sourceChecked);
  });

  it('should write a file that holds no returnee data in clear', () => {
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 4).toString()).toBe('KTBK');
    expect(bytes.includes(Buffer.from(surname, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('Ноокат', 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('audit_log', 'utf8'))).toBe(false);
  });

  it('should copy the file store beside the backup as it is stored: encrypted, same objects, nothing readable', () => {
    const copy = new FsObjectStore(join(dir, 'kaytuu.files'));
    const src = new FsObjectStore(sourceFiles);
    const keys = sealed.map((f) => f.objectKey).sort();
    expect(readdirSync(copy.dir).sort()).toEqual([...new Set(keys.map((k) => k.slice(0, 2)))].sort());
    for (const k of keys) {
      const bytes = readFileSync(copy.pathOf(k));
      expect(bytes.equals(readFileSync(src.pathOf(k)))).toBe(true);
      expect(bytes.includes(Buffer.from(surname, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from('трудовая', 'utf8'))).toBe(false);
    }
  });

  it('should refuse files that differ from the manifest before touching any database', async () => {
    const other = join(dir, 'changed');
    cpSync(file, join(other, 'kaytuu.dump.enc'));
    cpSync(join(dir, 'kaytuu.files'), join(other, 'kaytuu.files'), { recursive: true });
    const victim = new FsObjectStore(join(other, 'kaytuu.files')).pathOf(sealed[2].objectKey);
    const bytes = readFileSync(victim);
    bytes[100] ^= 1;
    writeFileSync(victim, bytes);
    const r = await run('restore', [join(other, 'kaytuu.dump.enc'), '--database-url', dbUrl(refused), '--create'], { BACKUP_KEY: key });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/files in .* do not match its manifest \(4 objects, sha256 [0-9a-f]+; the backup recorded 4, /);
    rmSync(join(other, 'kaytuu.files'), { recursive: true });
    const r2 = await run('restore', [join(other, 'kaytuu.dump.enc'), '--database-url', dbUrl(refused), '--create'], { BACKUP_KEY: key });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/the backup's files \(.*kaytuu\.files\) are missing/);
    expect(await databaseExists(admin, refused)).toBe(false);
  });

  it('should refuse a wrong key before touching any database', async () => {
    const r = await run('restore', [file, '--database-url', dbUrl(refused), '--create'], { BACKUP_KEY: randomBytes(32).toString('base64') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Wrong backup key/);
    expect(await databaseExists(admin, refused)).toBe(false);
  });

  it('should refuse a file with one changed byte, and a truncated one, before touching any database', async () => {
    const bytes = readFileSync(file);
    const tampered = join(dir, 'tampered.dump.enc');
    copyFileSync(file, tampered);
    const flipped = Buffer.from(bytes);
    const at = Math.floor(bytes.length * 0.7);
    flipped[at] ^= 0x01;
    writeFileSync(tampered, flipped);
    const r = await run('restore', [tampered, '--database-url', dbUrl(refused), '--create'], { BACKUP_KEY: key });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed authentication at segment \d+/);
    expect(await databaseExists(admin, refused)).toBe(false);

    const truncated = join(dir, 'truncated.dump.enc');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    const r2 = await run('restore', [truncated, '--database-url', dbUrl(refused), '--create'], { BACKUP_KEY: key });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/truncated|failed authentication/);
    expect(await databaseExists(admin, refused)).toBe(false);
  });

  it('should restore into a fresh database with the same row count in every table and a valid audit chain', async () => {
    const r = await run('restore', [file, '--database-url', dbUrl(restored), '--create'], { BACKUP_KEY: key });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: \d+ tables, \d+ rows, every count equal to the backup's; audit chain ok/m);
    expect(r.stdout).toMatch(/; 4 files restored to .*restored-files; 3 of 3 referenced objects present/);

    const c = new Client({ connectionString: dbUrl(restored) });
    await c.connect();
    try {
      expect(await tableCounts(c)).toEqual(sourceCounts);
      const chain = await verifyAuditChain((sql, params) => c.query(sql, params));
      expect(chain).toMatchObject({ ok: true, checked: sourceChecked, firstBroken: null });
      // the rows themselves came back, the returnee readable by name again
      expect((await c.query('SELECT count(*)::int AS n FROM returnee WHERE last_name = $1', [surname])).rows[0].n).toBe(1);
      // and the documents' files, opened with the wrapped keys of the restored rows
      const files = new EncryptedFiles(new FsObjectStore(restoredFiles), testCipher());
      const { rows } = await c.query('SELECT object_key, wrapped_key FROM document_version ORDER BY uploaded_at, object_key');
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        const i = sealed.findIndex((f) => f.objectKey === row.object_key);
        const parts: Buffer[] = [];
        for await (const chunk of await files.open({ objectKey: row.object_key, wrappedKey: row.wrapped_key })) parts.push(chunk as Buffer);
        expect(Buffer.concat(parts).equals(plainOf(i))).toBe(true);
      }
      // the app's grants came back too: the API's role may read returnees but not rewrite the audit log
      expect(
        (await c.query(`SELECT has_table_privilege('kaytuu_app', 'returnee', 'SELECT') AS r, has_table_privilege('kaytuu_app', 'audit_log', 'UPDATE') AS u`))
          .rows[0],
      ).toEqual({ r: true, u: false });
    } finally {
      await c.end();
    }
  });

  it('should refuse to restore into a database that is not empty unless --force', async () => {
    const r = await run('restore', [file, '--database-url', dbUrl(restored)], { BACKUP_KEY: key });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not empty/);
    const missing = `kaytuu_missing_${randomBytes(4).toString('hex')}`;
    const r2 = await run('restore', [file, '--database-url', dbUrl(missing)], { BACKUP_KEY: key });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/does not exist; pass --create/);

    // --force replaces the objects: rows added since are gone, counts equal the backup's again
    const c = new Client({ connectionString: dbUrl(restored) });
    await c.connect();
    await c.query(`INSERT INTO office (name, oblast, district) VALUES ('Лишний офис', 'osh', 'Ноокатский')`);
    await c.end();
    const r3 = await run('restore', [file, '--database-url', dbUrl(restored), '--force'], { BACKUP_KEY: key });
    expect(r3.code).toBe(0);
    expect(r3.stdout).toMatch(/^OK: /m);
  });

  it('should fail the check when a referenced object is not in the target store (filesystem, or S3 until the bucket is restored)', async () => {
    const empty = join(dir, 'empty-files');
    const db1 = `kaytuu_restore_${randomBytes(4).toString('hex')}`;
    created.push(db1);
    const r = await run('restore', [file, '--database-url', dbUrl(db1), '--create', '--no-files'], { BACKUP_KEY: key, FILES_DIR: empty });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/3 of the 3 objects the documents reference are not in the fs file store \(.*empty-files\), e\.g\. [0-9a-f]{32}/);

    const s3 = await startS3('kaytuu-restore');
    const store = createObjectStore(objectStoreSettings(s3.env)) as S3ObjectStore;
    try {
      const db2 = `kaytuu_restore_${randomBytes(4).toString('hex')}`;
      created.push(db2);
      const r2 = await run('restore', [file, '--database-url', dbUrl(db2), '--create'], { BACKUP_KEY: key, ...s3.env, FILES_DIR: '' });
      expect(r2.code).toBe(1);
      expect(r2.stderr).toMatch(/copy its objects into the S3 bucket kaytuu-restore/);
      expect(r2.stderr).toMatch(/3 of the 3 objects the documents reference are not in the s3 file store \(bucket kaytuu-restore\)/);
      // the bucket restored by the store's own means (here: the objects put back), then the check passes
      const src = new FsObjectStore(sourceFiles);
      for (const f of sealed) await store.put(f.objectKey, await src.get(f.objectKey));
      const r3 = await run('restore', [file, '--database-url', dbUrl(db2), '--force'], { BACKUP_KEY: key, ...s3.env, FILES_DIR: '' });
      expect(r3.code).toBe(0);
      expect(r3.stdout).toMatch(/^OK: .*; 3 of 3 referenced objects present/m);
    } finally {
      await store.close();
      await s3.stop();
    }
  });

  it('should restore into an existing empty database, and fail its check when the result differs from the manifest', async () => {
    const other = `kaytuu_restore_${randomBytes(4).toString('hex')}`;
    created.push(other);
    await admin.query(`CREATE DATABASE ${other} TEMPLATE template0 ENCODING 'UTF8'`);
    const r = await run('restore', [file, '--database-url', dbUrl(other)], { BACKUP_KEY: key });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: /m);
    // --force replaces only the archive's objects: a table the backup does not have stays, and the check names it
    const c = new Client({ connectionString: dbUrl(other) });
    await c.connect();
    await c.query('CREATE TABLE extra_table (id int)');
    await c.end();
    const r2 = await run('restore', [file, '--database-url', dbUrl(other), '--force'], { BACKUP_KEY: key });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/FAILED its checks/);
    expect(r2.stderr).toMatch(/table public\.extra_table is not in the backup \(0 rows\)/);
  });
});
