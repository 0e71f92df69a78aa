import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { INestApplicationContext } from '@nestjs/common';
import { EncryptedFiles, FsObjectStore, SealedFile } from '@kaytuu/shared';
import { FileSweepProcessor } from '../../apps/worker/src/processors/file-sweep.processor';
import { testCipher } from '../support/data-keys';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';

// The worker's orphan sweep of the file store (README "Storage"): objects no document_version row names and older
// than an hour are removed; referenced objects (files and thumbnails, of live or soft-deleted documents) and young
// objects (an upload whose row is about to be committed) stay; stale temp files of crashed puts go too.
describe('file store orphan sweep (worker)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let dir: string;
  let store: FsObjectStore;
  let files: EncryptedFiles;
  let cw: GivenUser;
  let office: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'kaytuu-sweep-'));
    store = new FsObjectStore(dir);
    files = new EncryptedFiles(store, testCipher());
    office = await t.given.office();
    cw = await t.given.user('caseworker', { officeId: office.id });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seal = (text: string) => files.seal(Readable.from([Buffer.from(text)]), { maxBytes: 1 << 20 });
  const age = (f: SealedFile | string, hours: number) => {
    const p = typeof f === 'string' ? f : store.pathOf(f.objectKey);
    const when = new Date(Date.now() - hours * 3_600_000);
    utimesSync(p, when, when);
  };

  it('removes nothing while the database has no document version at all (a worker pointed at the wrong store)', async () => {
    const stray = await seal('a file of another installation');
    age(stray, 5);
    worker = await startTestWorker(t, { FILES_DIR: dir, FILE_STORE: 'fs' });
    expect(await worker.get(FileSweepProcessor).sweepOnce()).toEqual({ scanned: 0, removed: 0, tempRemoved: 0 });
    expect(await store.exists(stray.objectKey)).toBe(true);
    await store.delete(stray.objectKey);
  });

  it('removes old unreferenced objects and stale temp files, and keeps referenced or young ones', async () => {
    const returnee = await t.given.returnee({ officeId: office.id, createdBy: cw.id });
    const [file, thumb, deletedDocFile, orphanOld, orphanYoung] = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((x) => seal(`file ${x}`)));
    for (const f of [file, thumb, deletedDocFile, orphanOld]) age(f, 2);
    age(orphanYoung, 0.5);
    mkdirSync(join(dir, '.tmp'), { recursive: true });
    const staleTemp = join(dir, '.tmp', `${'f'.repeat(32)}.abc.part`);
    const freshTemp = join(dir, '.tmp', `${'e'.repeat(32)}.abd.part`);
    writeFileSync(staleTemp, 'partial');
    writeFileSync(freshTemp, 'partial');
    age(staleTemp, 3);

    const doc = async (deleted: boolean) =>
      (
        await t.db.query(
          `INSERT INTO document (returnee_id, office_id, type, title, created_by, deleted_at, deleted_by)
           SELECT r.id, r.office_id, 'payslip', 'Payslip', $2, ${deleted ? 'now(), $2' : 'NULL, NULL'} FROM returnee r WHERE r.id = $1 RETURNING id`,
          [returnee.id, cw.id],
        )
      ).rows[0].id as string;
    const version = (docId: string, f: SealedFile, th?: SealedFile) =>
      t.db.query(
        `INSERT INTO document_version (document_id, version, object_key, wrapped_key, content_type, bytes, sha256, file_name,
           thumb_object_key, thumb_wrapped_key, uploaded_by) VALUES ($1, 1, $2, $3, 'image/png', $4, $5, 'x.png', $6, $7, $8)`,
        [docId, f.objectKey, f.wrappedKey, f.bytes, f.sha256, th?.objectKey ?? null, th?.wrappedKey ?? null, cw.id],
      );
    await version(await doc(false), file, thumb);
    await version(await doc(true), deletedDocFile);

    const sweep = worker.get(FileSweepProcessor);
    expect(sweep.isRunning()).toBe(true);
    await sweep.sweepOnce();

    for (const f of [file, thumb, deletedDocFile, orphanYoung]) expect(await store.exists(f.objectKey)).toBe(true);
    expect(await store.exists(orphanOld.objectKey)).toBe(false);
    expect(existsSync(staleTemp)).toBe(false);
    expect(existsSync(freshTemp)).toBe(true);
    // a second sweep finds nothing more to do
    expect(await sweep.sweepOnce()).toEqual({ scanned: 4, removed: 0, tempRemoved: 0 });
  });
});
