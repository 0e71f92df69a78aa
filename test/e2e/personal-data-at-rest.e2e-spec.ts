import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@kaytuu/migrations';
import { AAD, baseDataSourceOptions, EncryptedFiles, FsObjectStore, generateDataKey, runMigrations } from '@kaytuu/shared';
import { TEST_DATA_KEYS_ENV, testCipher } from '../support/data-keys';
import { adminQuery, dbUrl } from '../support/pg';
import { bootApi } from '../support/processes';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { NEEDS_ANSWERS } from './authz-matrix';
import NEEDS_FORM from '../../libs/reintegration/src/needs-assessment.json';
import { startTestWorker } from '../support/worker';

// README "Personal data at rest": PIN, phone and health details encrypted at rest (AES-256-GCM, key id per value) with keyed hashes for
// exact search; key rotation; personal-data exports for admins and supervisors only, audited.

let serial = 30000 + Math.floor(Math.random() * 50000);
const pinFor = (sex: 'female' | 'male', birthDate: string) => {
  const [y, m, d] = birthDate.split('-');
  return `${sex === 'female' ? 1 : 2}${d}${m}${y}${String(++serial).padStart(5, '0')}`;
};
let phoneSerial = 100000 + Math.floor(Math.random() * 800000);
const phone = () => {
  const n = String(++phoneSerial);
  return { local: `0700 ${n.slice(0, 3)} ${n.slice(3)}`, e164: `+996700${n}`, nine: `700${n}` };
};
const body = (over: Record<string, unknown> = {}) => ({
  lastName: 'Токтосунов',
  firstName: 'Бакыт',
  sex: 'male',
  birthDate: '1988-06-12',
  oblast: 'bishkek',
  district: 'Ленинский',
  episodes: [{ country: 'RU', departedOn: '2015-03-01', returnedOn: '2024-11-20', sector: 'construction', returnReason: 'end_of_contract' }],
  ...over,
});
const HEALTH = { condition: 'tb', urgency: 'urgent', facility: 'Национальный центр фтизиатрии', tbTreatmentStage: 'intensive' };
const readAll = async (s: Readable): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};
const ROTATE_SCRIPT = join(__dirname, '../../dist/apps/api/apps/api/src/scripts/rotate-keys.js');

describe('personal data at rest', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let office: { id: string };
  let cw: GivenUser;
  let sup: GivenUser;
  let admin: GivenUser;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startTestWorker(t);
    office = await t.given.office();
    cw = await t.given.user('caseworker', { officeId: office.id });
    sup = await t.given.user('supervisor', { officeId: office.id });
    admin = await t.given.user('admin');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const create = (u: GivenUser, b: Record<string, unknown>) => t.http.post('/api/returnees').set(bearer(u)).send(b);
  const search = async (u: GivenUser, q: string) =>
    (
      await t.http
        .get('/api/returnees')
        .query({ filter: JSON.stringify({ q }) })
        .set(bearer(u))
    ).body as Array<{ id: string }>;
  const rowText = async (table: string, id: string) =>
    (await t.db.query(`SELECT row_to_json(x)::text AS j FROM ${table} x WHERE id = $1`, [id])).rows[0].j as string;

  it('should store PIN and phone only as ciphertext with hashes, and return them in clear through the API', async () => {
    const pin = pinFor('male', '1988-06-12');
    const ph = phone();
    const res = await create(cw, body({ pin, phone: ph.local }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pin, phone: ph.e164 });
    expect((await t.http.get(`/api/returnees/${res.body.id}`).set(bearer(cw))).body).toMatchObject({ pin, phone: ph.e164 });

    const stored = (await t.db.query(`SELECT pin_enc, pin_hmac, phone_enc, phone_hmac FROM returnee WHERE id = $1`, [res.body.id])).rows[0];
    expect(stored.pin_enc).toMatch(/^v1\.t1\./);
    expect(stored.phone_enc).toMatch(/^v1\.t1\./);
    expect(stored.pin_hmac).toBe(t.given.cipher.pinHmac(pin));
    expect(t.given.cipher.decrypt(stored.phone_enc, AAD.returneePhone)).toBe(ph.e164);
    // no column of the row holds the digits (PIN, phone, or the phone's national part)
    const text = await rowText('returnee', res.body.id);
    for (const needle of [pin, ph.e164, ph.nine, pin.slice(1, 9) + pin.slice(9)]) expect(text).not.toContain(needle);
    const { rows: cols } = await t.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'returnee' AND column_name IN ('pin', 'phone')`,
    );
    expect(cols).toEqual([]);
  });

  it('should find a returnee by exact PIN and by phone in any accepted form through the keyed hashes', async () => {
    const pin = pinFor('female', '1990-01-15');
    const ph = phone();
    const created = await create(cw, body({ pin, phone: ph.e164, sex: 'female', lastName: 'Сыдыкова', firstName: 'Мээрим', birthDate: '1990-01-15' }));
    expect(created.status).toBe(201);
    await create(cw, body({ pin: pinFor('male', '1988-06-12'), phone: phone().e164 }));
    for (const q of [pin, ph.e164, ph.local, ph.nine]) expect((await search(cw, q)).map((r) => r.id)).toEqual([created.body.id]);
    expect(await search(cw, pin.slice(0, 13) + ((Number(pin[13]) + 1) % 10))).toEqual([]);
  });

  it('should answer 409 DUPLICATE_PIN through the hash index when a PIN is registered twice', async () => {
    const pin = pinFor('male', '1979-09-09');
    expect((await create(cw, body({ pin, birthDate: '1979-09-09' }))).status).toBe(201);
    const again = await create(sup, body({ pin, birthDate: '1979-09-09', lastName: 'Другой' }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'DUPLICATE_PIN', errors: { pin: 'is already registered' } });
    expect(await t.given.count(`returnee WHERE pin_hmac = '${t.given.cipher.pinHmac(pin)}'`)).toBe(1);
  });

  it('should keep health details encrypted in the case row and show them as before to those allowed', async () => {
    const r = await create(cw, body({ pin: pinFor('male', '1988-06-12') }));
    const res = await t.http
      .post('/api/cases')
      .set(bearer(cw))
      .send({ returneeId: r.body.id, type: 'health_referral', title: 'Обследование', details: HEALTH });
    expect(res.status).toBe(201);
    expect(res.body.details).toEqual(HEALTH);
    const row = (await t.db.query(`SELECT details, details_enc FROM case_file WHERE id = $1`, [res.body.id])).rows[0];
    expect(row.details).toEqual({});
    expect(t.given.cipher.decryptJson(row.details_enc, AAD.caseDetails)).toEqual(HEALTH);
    expect(await rowText('case_file', res.body.id)).not.toContain('фтизиатрии');

    const updated = await t.http
      .put(`/api/cases/${res.body.id}`)
      .set(bearer(cw))
      .send({ version: res.body.version, details: { ...HEALTH, tbTreatmentStage: 'continuation' } });
    expect(updated.status).toBe(200);
    expect((await t.http.get(`/api/cases/${res.body.id}`).set(bearer(sup))).body.details).toEqual({ ...HEALTH, tbTreatmentStage: 'continuation' });
    // a caseworker who is not the assignee still sees no health details
    const other = await t.given.user('caseworker', { officeId: office.id });
    expect((await t.http.get(`/api/cases/${res.body.id}`).set(bearer(other))).body.details).toBeNull();
    // the database refuses health details in clear
    await expect(t.db.query(`UPDATE case_file SET details = '{"condition":"tb"}' WHERE id = $1`, [res.body.id])).rejects.toThrow(/case_file_details_enc_check/);
  });

  describe('imports and the error report', () => {
    let importId: string;
    const pinA = pinFor('male', '1984-02-03');
    const phoneA = phone();

    beforeAll(async () => {
      const header = 'pin,lastName,firstName,sex,birthDate,phone,oblast,district,country,departedOn,sector,returnReason';
      const ok = `${pinA},Асанов,Эрлан,male,1984-02-03,${phoneA.local},bishkek,Ленинский,RU,2019-01-01,construction,end_of_contract`;
      const bad = `${pinA},Асанова,Айгүл,female,1986-05-05,${phone().local},bishkek,Ленинский,RU,2019-01-01,construction,end_of_contract`;
      const res = await t.http
        .post('/api/imports')
        .set(bearer(cw))
        .attach('file', Buffer.from(`${header}\r\n${ok}\r\n${bad}\r\n`), { filename: 'people.csv', contentType: 'text/csv' });
      expect(res.status).toBe(202);
      importId = res.body.id;
      await waitFor(async () => (await t.http.get(`/api/imports/${importId}`).set(bearer(cw))).body.status === 'preview', 30_000);
    });

    it('should stage rows without any PIN or phone in clear and flag an in-file duplicate PIN through the hash', async () => {
      const { rows } = await t.db.query(
        `SELECT line, row_to_json(r)::text AS j, duplicate_kind, pin_hmac FROM import_row r WHERE import_id = $1 ORDER BY line`,
        [importId],
      );
      expect(rows).toHaveLength(2);
      for (const r of rows) {
        expect(r.j).not.toContain(pinA);
        expect(r.j).not.toContain(phoneA.nine);
        expect(r.pin_hmac).toBe(t.given.cipher.pinHmac(pinA));
      }
      expect(rows.map((r) => r.duplicate_kind)).toEqual([null, 'file']);
      // the preview still shows the cells as typed, to the office that uploaded them
      const preview = await t.http.get(`/api/imports/${importId}/rows`).set(bearer(cw));
      expect(JSON.stringify(preview.body)).toContain(pinA);
    });

    it('should mask PIN and phone for caseworkers and include them for supervisors and admins, auditing each export', async () => {
      const csv = async (u: GivenUser) => {
        const res = await t.http
          .get(`/api/imports/${importId}/errors.csv`)
          .set(bearer(u))
          .buffer(true)
          .parse((r, cb) => {
            let s = '';
            r.on('data', (d: Buffer) => (s += d.toString('utf8')));
            r.on('end', () => cb(null, s));
          });
        expect(res.status).toBe(200);
        return res.body as string;
      };
      const masked = await csv(cw);
      expect(masked).not.toContain(pinA);
      expect(masked).toContain(`${'*'.repeat(11)}${pinA.slice(-3)}`);
      expect(masked).toContain('Асанова');
      for (const u of [sup, admin]) expect(await csv(u)).toContain(pinA);
      const { rows } = await t.db.query(`SELECT actor_id AS "actorId", diff FROM audit_log WHERE action = 'export' AND entity_id = $1 ORDER BY id`, [importId]);
      expect(rows).toEqual([
        { actorId: cw.id, diff: { report: 'errors', personalData: 'masked' } },
        { actorId: sup.id, diff: { report: 'errors', personalData: 'included' } },
        { actorId: admin.id, diff: { report: 'errors', personalData: 'included' } },
      ]);
    });
  });

  it('should re-encrypt every value under the new key with the rotation command, and work after the old key is removed', async () => {
    expect(existsSync(ROTATE_SCRIPT)).toBe(true);
    const pin = pinFor('male', '1992-12-01');
    const ph = phone();
    const r = await create(cw, body({ pin, phone: ph.e164, birthDate: '1992-12-01' }));
    const health = await t.http.post('/api/cases').set(bearer(cw)).send({ returneeId: r.body.id, type: 'health_referral', title: 'Осмотр', details: HEALTH });
    expect(health.status).toBe(201);
    const today = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);
    const note = await t.http
      .post(`/api/returnees/${r.body.id}/notes`)
      .set(bearer(cw))
      .send({ kind: 'home_visit', date: today, durationMinutes: 20, text: 'Ротация: Өмүрбек ищет работу' });
    expect(note.status).toBe(201);
    const assessment = await t.http
      .post('/api/assessments')
      .set(bearer(cw))
      .send({ returneeId: r.body.id, formVersion: NEEDS_FORM.version, occasion: 'intake', answers: NEEDS_ANSWERS });
    expect(assessment.status).toBe(201);
    const planGoal = {
      dimension: 'economic',
      text: 'Ротация: жаңы иш',
      targetDate: today,
      actions: [{ kind: 'task', text: 'Резюме', ownerUserId: cw.id, dueAt: today }],
    };
    const plan = await t.http
      .post('/api/plans')
      .set(bearer(cw))
      .send({ returneeId: r.body.id, goals: [planGoal] });
    expect(plan.status).toBe(201);
    const recovery = await t.http
      .post('/api/recovery-items')
      .set(bearer(cw))
      .send({ returneeId: r.body.id, documentType: 'passport', authority: 'passport_office', note: 'Ротация: паспорт у работодателя' });
    expect(recovery.status).toBe(201);
    // a message to the returnee (issue 18), sealed under t1 like the rest
    await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{contact_by_phone}', now() - interval '1 day')`, [r.body.id]);
    const message = await t.http.post(`/api/returnees/${r.body.id}/messages`).set(bearer(cw)).send({ text: 'Ротация: эртең саат 10:00' });
    expect(message.status).toBe(201);
    const before = await t.given.count(`returnee WHERE split_part(pin_enc, '.', 2) = 't1'`);
    expect(before).toBeGreaterThan(3);
    // a document version's file and thumbnail, sealed under t1 in a file store: rotation re-wraps their data keys only
    const files = new EncryptedFiles(new FsObjectStore(mkdtempSync(join(tmpdir(), 'kaytuu-rot-files-'))), testCipher());
    const scan = Buffer.from(`%PDF-1.4 ${'скан трудовой книжки '.repeat(5000)}`);
    const file = await files.seal(Readable.from([scan]), { maxBytes: 1 << 20 });
    const thumb = await files.seal(Readable.from([Buffer.from('thumbnail bytes')]), { maxBytes: 1 << 20 });
    const objectsBefore = await Promise.all([file, thumb].map(async (f) => readAll(await files.store.get(f.objectKey))));
    const doc = await t.db.query(
      `INSERT INTO document (returnee_id, office_id, type, title, created_by) VALUES ($1, $2, 'work_book', 'Трудовая книжка', $3) RETURNING id`,
      [r.body.id, office.id, cw.id],
    );
    await t.db.query(
      `INSERT INTO document_version (document_id, version, object_key, wrapped_key, content_type, bytes, sha256, file_name, thumb_object_key,
         thumb_wrapped_key, uploaded_by) VALUES ($1, 1, $2, $3, 'application/pdf', $4, $5, 'scan.pdf', $6, $7, $8)`,
      [doc.rows[0].id, file.objectKey, file.wrappedKey, file.bytes, file.sha256, thumb.objectKey, thumb.wrappedKey, cw.id],
    );

    const k2 = generateDataKey();
    const rotatedEnv = { DATA_KEYS: `k2:${k2},${TEST_DATA_KEYS_ENV.DATA_KEYS}`, DATA_KEY_ID: 'k2', DATA_HMAC_KEY: TEST_DATA_KEYS_ENV.DATA_HMAC_KEY };
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [ROTATE_SCRIPT, '--batch', '2'], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: dbUrl(t.dbName), ...rotatedEnv },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    if (out.code !== 0) throw new Error(out.stderr + out.stdout);
    expect(out.stdout).toContain(`returnee: ${before}/${before}`);
    expect(out.stdout).toContain('Every value now uses key "k2"');
    expect(out.stdout + out.stderr).not.toContain(pin);
    for (const [table, col] of [
      ['returnee', 'pin_enc'],
      ['returnee', 'phone_enc'],
      ['case_file', 'details_enc'],
      ['import_row', 'raw_enc'],
      ['returnee_note', 'text_enc'],
      ['needs_assessment', 'answers_enc'],
      ['plan_goal', 'text_enc'],
      ['plan_action', 'text_enc'],
      ['recovery_item', 'note_enc'],
      ['assistance_item', 'justification_enc'],
      ['message', 'body_enc'],
    ]) {
      expect(await t.given.count(`${table} WHERE ${col} IS NOT NULL AND split_part(${col}, '.', 2) <> 'k2'`)).toBe(0);
    }
    expect(await t.given.count(`import_row WHERE "values"->>'pinEnc' IS NOT NULL AND split_part("values"->>'pinEnc', '.', 2) <> 'k2'`)).toBe(0);
    expect(out.stdout).toContain('document_version: 1/1');
    const version = (await t.db.query(`SELECT wrapped_key, thumb_wrapped_key FROM document_version WHERE document_id = $1`, [doc.rows[0].id])).rows[0];
    expect([version.wrapped_key, version.thumb_wrapped_key].map((k: string) => k.split('.')[1])).toEqual(['k2', 'k2']);
    const k2Files = new EncryptedFiles(files.store, testCipher({ DATA_KEYS: `k2:${k2}`, DATA_KEY_ID: 'k2' }));
    expect((await readAll(await k2Files.open({ objectKey: file.objectKey, wrappedKey: version.wrapped_key }))).equals(scan)).toBe(true);
    expect((await readAll(await k2Files.open({ objectKey: thumb.objectKey, wrappedKey: version.thumb_wrapped_key }))).toString()).toBe('thumbnail bytes');
    // the objects themselves were not rewritten
    for (const [i, f] of [file, thumb].entries()) expect((await readAll(await files.store.get(f.objectKey))).equals(objectsBefore[i])).toBe(true);

    // an API on k2 alone (k1 removed) reads everything back, and search by the unchanged hashes still works
    const api = await bootApi({
      DATABASE_URL: dbUrl(t.dbName),
      JWT_SECRET: t.env.JWT_SECRET,
      QUEUE_PREFIX: `kt_${t.dbName}_k2`,
      DATA_KEYS: `k2:${k2}`,
      DATA_KEY_ID: 'k2',
      DATA_HMAC_KEY: TEST_DATA_KEYS_ENV.DATA_HMAC_KEY,
    });
    try {
      const http = api.given.http;
      const got = await http.get(`/api/returnees/${r.body.id}`).set(bearer(cw));
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ pin, phone: ph.e164 });
      expect((await http.get(`/api/cases/${health.body.id}`).set(bearer(cw))).body.details).toEqual(HEALTH);
      expect((await http.get(`/api/notes/${note.body.id}`).set(bearer(cw))).body.text).toBe('Ротация: Өмүрбек ищет работу');
      expect((await http.get(`/api/messages/${message.body.id}`).set(bearer(cw))).body.text).toBe('Ротация: эртең саат 10:00');
      expect((await http.get(`/api/assessments/${assessment.body.id}`).set(bearer(cw))).body.answers).toEqual(NEEDS_ANSWERS);
      const planBack = (await http.get(`/api/plans/${plan.body.id}`).set(bearer(cw))).body;
      expect([planBack.goals[0].text, planBack.goals[0].actions[0].text]).toEqual(['Ротация: жаңы иш', 'Резюме']);
      const notes = await http
        .get(`/api/returnees/${r.body.id}/notes`)
        .query({ filter: JSON.stringify({ q: 'өмүр работ' }) })
        .set(bearer(cw));
      expect(notes.body.map((x: { id: string }) => x.id)).toEqual([note.body.id]);
      const found = await http
        .get('/api/returnees')
        .query({ filter: JSON.stringify({ q: pin }) })
        .set(bearer(cw));
      expect(found.body.map((x: { id: string }) => x.id)).toEqual([r.body.id]);
      const rows = await http.get(`/api/imports`).set(bearer(cw));
      expect(rows.status).toBe(200);
    } finally {
      await api.close();
    }
  });
});

describe('the EncryptPersonalData migration on a database with data', () => {
  const before = MIGRATIONS.slice(
    0,
    MIGRATIONS.findIndex((m) => m.name === 'EncryptPersonalData1764600001000'),
  );
  let name: string;
  beforeAll(async () => {
    name = `kaytuu_t_enc_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const ds = new DataSource({ ...baseDataSourceOptions(dbUrl(name)), migrations: before });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      const [{ id: officeId }] = await ds.query(`INSERT INTO office (name, oblast, district) VALUES ('Офис', 'bishkek', 'Ленинский') RETURNING id`);
      const [{ id: userId }] = await ds.query(
        `INSERT INTO app_user (email, full_name, role, office_id, password_hash) VALUES ('m@kaytuu.test', 'М', 'caseworker', $1, 'x') RETURNING id`,
        [officeId],
      );
      const [{ id: returneeId }] = await ds.query(
        `INSERT INTO returnee (code, pin, phone, last_name, first_name, sex, birth_date, oblast, district, office_id, search_text)
         VALUES ('KT-M-1', '21201199000111', '+996555000111', 'Асанов', 'Марат', 'male', '1990-01-12', 'bishkek', 'Ленинский', $1, 'asanov marat') RETURNING id`,
        [officeId],
      );
      await ds.query(
        `INSERT INTO returnee (code, last_name, first_name, sex, birth_date, oblast, district, office_id) VALUES ('KT-M-2', 'Б', 'В', 'male', '1990-01-12', 'bishkek', 'Ленинский', $1)`,
        [officeId],
      );
      await ds.query(
        `INSERT INTO case_file (code, returnee_id, office_id, type, title, details) VALUES ('C-1', $1, $2, 'health_referral', 'Т', '{"condition":"hiv","urgency":"soon"}'),
                ('C-2', $1, $2, 'legal_aid', 'Т', '{"issue":"documents","country":"RU"}')`,
        [returneeId, officeId],
      );
      const [{ id: importId }] = await ds.query(
        `INSERT INTO returnee_import (id, status, file_name, columns, office_id, created_by, created_by_role) VALUES (gen_random_uuid(), 'preview', 'f.csv', '{pin,phone}', $1, $2, 'caseworker') RETURNING id`,
        [officeId, userId],
      );
      await ds.query(
        `INSERT INTO import_row (import_id, line, raw, "values", pin) VALUES ($1, 2, '["21201199000222","0555 000 222"]', '{"pin":"21201199000222","phone":"+996555000222","lastName":"X"}', '21201199000222')`,
        [importId],
      );
    } finally {
      await ds.destroy();
    }
  });
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('should stop with a clear message when rows exist and the keys are missing, then encrypt them all with the keys', async () => {
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(TEST_DATA_KEYS_ENV)) delete process.env[k];
      await expect(runMigrations(dbUrl(name))).rejects.toThrow(
        /EncryptPersonalData: there is personal data to encrypt \(rows of returnee: 1, of case_file: 1, of import_row: 1\), but the data keys are not configured \(DATA_KEYS is not set/,
      );
      Object.assign(process.env, TEST_DATA_KEYS_ENV);
      expect(await runMigrations(dbUrl(name))).toContain('EncryptPersonalData1764600001000');
    } finally {
      process.env = saved;
    }
    const c = testCipher();
    const ds = new DataSource(baseDataSourceOptions(dbUrl(name)));
    await ds.initialize();
    try {
      const [r] = await ds.query(`SELECT pin_enc, pin_hmac, phone_enc, phone_hmac, row_to_json(returnee)::text AS j FROM returnee WHERE code = 'KT-M-1'`);
      expect(c.decrypt(r.pin_enc, AAD.returneePin)).toBe('21201199000111');
      expect(c.decrypt(r.phone_enc, AAD.returneePhone)).toBe('+996555000111');
      expect([r.pin_hmac, r.phone_hmac]).toEqual([c.pinHmac('21201199000111'), c.phoneHmac('+996555000111')]);
      expect(r.j).not.toContain('000111');
      expect((await ds.query(`SELECT pin_enc, phone_enc FROM returnee WHERE code = 'KT-M-2'`))[0]).toEqual({ pin_enc: null, phone_enc: null });
      const cases = await ds.query(`SELECT code, details, details_enc FROM case_file ORDER BY code`);
      expect(cases[0].details).toEqual({});
      expect(c.decryptJson(cases[0].details_enc, AAD.caseDetails)).toEqual({ condition: 'hiv', urgency: 'soon' });
      expect(cases[1]).toEqual({ code: 'C-2', details: { issue: 'documents', country: 'RU' }, details_enc: null });
      const [row] = await ds.query(`SELECT raw_enc, "values", pin_hmac FROM import_row`);
      expect(c.decryptJson(row.raw_enc, AAD.importRaw)).toEqual(['21201199000222', '0555 000 222']);
      expect(row.values).toMatchObject({ lastName: 'X', pinHmac: c.pinHmac('21201199000222'), phoneHmac: c.phoneHmac('+996555000222') });
      expect(row.values).not.toHaveProperty('pin');
      expect(c.decrypt(row.values.pinEnc, AAD.returneePin)).toBe('21201199000222');
      expect(row.pin_hmac).toBe(c.pinHmac('21201199000222'));
      // the unique PIN index now lives on the hash
      await expect(
        ds.query(`INSERT INTO returnee (code, pin_enc, pin_hmac, last_name, first_name, sex, birth_date, oblast, district, office_id)
        SELECT 'KT-M-3', pin_enc, pin_hmac, 'Д', 'Е', 'male', '1990-01-12', 'bishkek', 'Ленинский', office_id FROM returnee WHERE code = 'KT-M-1'`),
      ).rejects.toThrow(/returnee_pin_hmac_uq/);
    } finally {
      await ds.destroy();
    }
  });
});
