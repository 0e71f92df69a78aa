import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { AAD } from '../../libs/shared/src/crypto/field-cipher';
import { TEST_DATA_KEYS_ENV } from '../support/data-keys';
import { dbUrl } from '../support/pg';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';
import { waitFor } from '../support/wait';

const HEADER = [
  'pin',
  'lastName',
  'firstName',
  'patronymic',
  'sex',
  'birthDate',
  'phone',
  'oblast',
  'district',
  'languages',
  'country',
  'departedOn',
  'returnedOn',
  'sector',
  'returnReason',
];
type Line = Record<(typeof HEADER)[number], string>;

let serial = 20000 + Math.floor(Math.random() * 50000);
function pinFor(sex: 'female' | 'male', birthDate: string): string {
  const [y, m, d] = birthDate.split('-');
  return `${sex === 'female' ? 1 : 2}${d}${m}${y}${String(++serial).padStart(5, '0')}`;
}

// Kyrgyz names with ң ө ү, Russian-style surnames and the patronymic-style "уулу/кызы" form with no separate surname.
const MEN = [
  ['Төлөгөнов', 'Үмүтбек'],
  ['Асан уулу', 'Бакыт'],
  ['Жумабаев', 'Нурланбек'],
  ['Сооронбаев', 'Эрмек'],
  ['Мамыт уулу', 'Талант'],
];
const WOMEN = [
  ['Төлөгөнова', 'Айгүл'],
  ['Асан кызы', 'Жыпар'],
  ['Бөрүбаева', 'Гүлнара'],
  ['Сыдыкова', 'Мээрим'],
  ['Шаңкоева', 'Айпери'],
];

function line(i: number, over: Partial<Line> = {}): Line {
  const female = i % 2 === 1;
  const [lastName, firstName] = (female ? WOMEN : MEN)[i % 5];
  const birthDate = `19${80 + (i % 19)}-0${1 + (i % 9)}-1${i % 10}`;
  return {
    pin: pinFor(female ? 'female' : 'male', birthDate),
    lastName,
    // a distinct first name per line keeps generated lines from looking like each other
    firstName: `${firstName}${'аеиоуөү'[i % 7]}${'бвгджз'[Math.floor(i / 7) % 6]}`,
    patronymic: '',
    sex: female ? 'female' : 'male',
    birthDate,
    phone: `0700 ${String(100 + i).padStart(3, '0')} ${String(200 + i).padStart(3, '0')}`,
    oblast: 'osh',
    district: 'Ноокатский',
    languages: 'ky|ru',
    country: 'RU',
    departedOn: '2019-04-01',
    returnedOn: '2024-10-15',
    sector: 'construction',
    returnReason: 'end_of_contract',
    ...over,
  };
}

const toCsv = (lines: Line[], delimiter = ',', header: string[] = HEADER): string =>
  [header, ...lines.map((l) => header.map((h) => l[h as keyof Line] ?? ''))]
    .map((cells) => cells.map((c) => (/[",;\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter))
    .join('\r\n') + '\r\n';

describe('imports', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    worker = await startTestWorker(t);
    officeA = await t.given.office({ oblast: 'osh', district: 'Ноокатский' });
    officeB = await t.given.office({ oblast: 'naryn', district: 'Кочкорский' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const upload = (user: GivenUser, body: Buffer | string, p: { name?: string; officeId?: string } = {}) => {
    const req = t.http.post('/api/imports').set(bearer(user));
    if (p.officeId) req.field('officeId', p.officeId);
    return req.attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), { filename: p.name ?? 'returnees.csv', contentType: 'text/csv' });
  };
  const get = (user: GivenUser, id: string) => t.http.get(`/api/imports/${id}`).set(bearer(user));
  const settle = (user: GivenUser, id: string, status: string) =>
    waitFor(async () => {
      const res = await get(user, id);
      return res.body.status === status ? res.body : res.body.status === 'failed' ? Promise.reject(new Error(res.body.error)) : null;
    }, 30_000);
  const stored = async () => ({
    imports: await t.given.count('returnee_import'),
    rows: await t.given.count('import_row'),
    returnees: await t.given.count('returnee'),
  });

  it('should preview exact counts and per-row errors, refuse all_or_nothing, then import the valid rows when mode is valid_rows', async () => {
    // Arrange: one returnee holding a PIN, one whose Cyrillic name the file spells in Latin with the same birth date
    const takenPin = pinFor('male', '1985-02-11');
    const pinHolder = await t.given.returnee({ officeId: officeA.id, lastName: 'Бекмуратов', firstName: 'Азамат', pin: takenPin, birthDate: '1985-02-11' });
    const cyrillic = await t.given.returnee({ officeId: officeA.id, lastName: 'Жээнбеков', firstName: 'Айбек', birthDate: '1991-03-21' });
    const lines = Array.from({ length: 50 }, (_v, i) => line(i));
    lines[8] = line(8, { birthDate: '1990-13-45' });
    lines[18] = line(18, { sex: 'x', phone: '+7 916 000 00 00' });
    lines[28] = line(28, { pin: takenPin });
    lines[38] = line(38, { lastName: 'Zheenbekov', firstName: 'Aibek', birthDate: '1991-03-21', sex: 'male', pin: '' });
    lines[43] = line(43, { pin: lines[3].pin, sex: lines[3].sex, birthDate: lines[3].birthDate });
    const before = await t.given.count('returnee');

    // Act: upload, wait for the validation job
    const res = await upload(cwA, toCsv(lines));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'validating', officeId: officeA.id, fileName: 'returnees.csv', counts: { rows: 50 } });
    const preview = await settle(cwA, res.body.id, 'preview');

    // Assert: the header is line 1, so array index i is file line i + 2
    expect(preview.counts).toEqual({ rows: 50, valid: 45, invalid: 2, duplicates: 3, imported: 0 });
    expect(preview.progress).toEqual({ processed: 50, total: 50 });
    const rows = await t.http.get(`/api/imports/${res.body.id}/rows`).set(bearer(cwA)).query({ range: '[0,24]' });
    expect(rows.status).toBe(200);
    expect(rows.headers['content-range']).toBe('rows 0-4/5');
    expect(rows.body.map((r: { line: number }) => r.line)).toEqual([10, 20, 30, 40, 45]);
    expect(rows.body[0]).toMatchObject({ line: 10, errors: { birthDate: 'must be a date in the form YYYY-MM-DD' } });
    expect(Object.keys(rows.body[1].errors).sort()).toEqual(['phone', 'sex']);
    expect(rows.body[1].name).toBe(`${lines[18].lastName} ${lines[18].firstName}`);
    expect(rows.body[2]).toMatchObject({ errors: {}, duplicateOf: { id: pinHolder.id, code: pinHolder.code, kind: 'pin' } });
    expect(rows.body[3]).toMatchObject({ errors: {}, duplicateOf: { id: cyrillic.id, code: cyrillic.code, kind: 'name_birth_date' } });
    expect(rows.body[4]).toMatchObject({ errors: {}, duplicateOf: { id: null, code: null, kind: 'file', line: 5 } });
    const onlyErrors = await t.http
      .get(`/api/imports/${res.body.id}/rows`)
      .set(bearer(cwA))
      .query({ filter: JSON.stringify({ problem: 'error' }) });
    expect(onlyErrors.body.map((r: { line: number }) => r.line)).toEqual([10, 20]);

    const report = await t.http
      .get(`/api/imports/${res.body.id}/errors.csv?codes=true`)
      .set(bearer(supA))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    const records: string[][] = parse(report.body as Buffer, { bom: true });
    expect(records[0]).toEqual([...HEADER, 'line', 'errors', 'codes']);
    expect(records.slice(1).map((r) => r[HEADER.length])).toEqual(['10', '20', '30', '40', '45']);
    expect(records[1][HEADER.indexOf('birthDate')]).toBe('1990-13-45');
    expect(records[1][HEADER.length + 1]).toContain('birthDate: must be a date');
    expect(JSON.parse(records[1][HEADER.length + 2])).toEqual({ fieldCodes: { birthDate: 'NOT_DATE' } });
    expect(JSON.parse(records[3][HEADER.length + 2])).toEqual({ duplicateOf: { kind: 'pin', code: pinHolder.code } });
    expect(JSON.parse(records[5][HEADER.length + 2])).toEqual({ duplicateOf: { kind: 'file', code: null, line: 5 } });
    expect(records[3][HEADER.length + 1]).toContain(pinHolder.code);
    expect(records[5][HEADER.length + 1]).toContain('line 5');

    // for people: the added columns and the duplicate notes in the requester's language (ru by default, then ky)
    const forPeople = async () => {
      const r = await t.http.get(`/api/imports/${res.body.id}/errors.csv`).set(bearer(supA));
      expect(r.status).toBe(200);
      return parse(r.text, { bom: true }) as string[][];
    };
    const ru = await forPeople();
    expect(ru[0]).toEqual([...HEADER, 'Строка', 'Ошибки']);
    expect(ru.slice(1).map((r) => r[HEADER.length])).toEqual(['10', '20', '30', '40', '45']);
    expect(ru[3][HEADER.length + 1]).toBe(`дубликат: ПИН уже зарегистрирован как ${pinHolder.code}`);
    expect(ru[5][HEADER.length + 1]).toBe('дубликат: тот же ПИН, что в строке 5');
    await t.db.query(`UPDATE app_user SET locale = 'ky' WHERE id = $1`, [supA.id]);
    const ky = await forPeople();
    await t.db.query(`UPDATE app_user SET locale = 'ru' WHERE id = $1`, [supA.id]);
    expect(ky[0].slice(-2)).toEqual(['Сап', 'Каталар']);
    expect(ky[5][HEADER.length + 1]).toBe('кайталанат: ПИН 5-саптагыдай эле');

    const strict = await t.http.post(`/api/imports/${res.body.id}/confirm`).set(bearer(cwA)).send({ mode: 'all_or_nothing' });
    expect(strict.status).toBe(422);
    expect(strict.body).toMatchObject({ code: 'IMPORT_HAS_PROBLEMS', invalid: 2, duplicates: 3 });
    expect(await t.given.count('returnee')).toBe(before);
    expect((await get(cwA, res.body.id)).body.status).toBe('preview');

    const confirm = await t.http.post(`/api/imports/${res.body.id}/confirm`).set(bearer(cwA)).send({ mode: 'valid_rows' });
    expect(confirm.status).toBe(202);
    expect(confirm.body).toMatchObject({ status: 'importing', mode: 'valid_rows' });
    const done = await settle(cwA, res.body.id, 'done');

    expect(done.counts).toEqual({ rows: 50, valid: 45, invalid: 2, duplicates: 3, imported: 45 });
    expect(done.finishedAt).toEqual(expect.any(String));
    expect(await t.given.count('returnee')).toBe(before + 45);
    const created = await t.db.query(
      `SELECT r.id, r.code, r.pin_enc, r.office_id, r.created_by, (SELECT count(*)::int FROM migration_episode e WHERE e.returnee_id = r.id) AS episodes
         FROM returnee r WHERE r.created_by = $1 ORDER BY r.code`,
      [cwA.id],
    );
    expect(created.rows).toHaveLength(45);
    for (const r of created.rows) {
      expect(r.code).toMatch(/^KT-\d{4}-\d{6,}$/);
      expect(r.office_id).toBe(officeA.id);
      expect(r.episodes).toBe(1);
    }
    const importedPins = new Set(created.rows.map((r: { pin_enc: string | null }) => t.given.cipher.decryptNullable(r.pin_enc, AAD.returneePin)));
    expect(importedPins.has(lines[8].pin) || importedPins.has(lines[18].pin) || importedPins.has(takenPin)).toBe(false);
    expect(importedPins.has(lines[3].pin)).toBe(true);
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'create' AND entity = 'returnee' AND entity_id = ANY($1)`, [
      created.rows.map((r: { id: string }) => r.id),
    ]);
    expect(audit.rows[0].n).toBe(45);
    const importAudit = await t.db.query(`SELECT action FROM audit_log WHERE entity = 'returnee_import' AND entity_id = $1 ORDER BY id`, [res.body.id]);
    expect(importAudit.rows.map((r: { action: string }) => r.action)).toEqual(['create', 'export', 'export', 'export', 'update', 'update']);
    // only the rows the error report needs stay staged
    const staged = await t.db.query(`SELECT line FROM import_row WHERE import_id = $1 ORDER BY line`, [res.body.id]);
    expect(staged.rows.map((r: { line: number }) => r.line)).toEqual([10, 20, 30, 40, 45]);

    const search = await t.http
      .get('/api/returnees')
      .set(bearer(cwA))
      .query({ filter: JSON.stringify({ q: 'Shankoeva' }) });
    expect(search.status).toBe(200);
    expect(search.body.map((r: { lastName: string }) => r.lastName)).toContain('Шаңкоева');

    const again = await t.http.post(`/api/imports/${res.body.id}/confirm`).set(bearer(cwA)).send({ mode: 'valid_rows' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('IMPORT_WRONG_STATUS');
    const list = await t.http.get('/api/imports').set(bearer(supA));
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toMatch(/^imports 0-\d+\/\d+$/);
    expect(list.body.map((i: { id: string }) => i.id)).toContain(res.body.id);
    const listB = await t.http.get('/api/imports').set(bearer(cwB));
    expect(listB.body.map((i: { id: string }) => i.id)).not.toContain(res.body.id);
  });

  it('should decode a Windows-1251 file with ; as delimiter and import it all when mode is all_or_nothing', async () => {
    const lines = [
      line(201, { lastName: 'Асанова', firstName: 'Жыпаргүл'.replace('ү', 'у'), patronymic: 'Бакытовна' }),
      line(202, { lastName: 'Жумабаев', firstName: 'Нурлан', patronymic: 'Сейитович' }),
      line(203, { lastName: 'Эркинбаева', firstName: 'Чолпон', patronymic: 'Маратовна', languages: 'ru' }),
    ];
    const bytes = iconv.encode(toCsv(lines, ';'), 'win1251');
    expect(bytes.includes(Buffer.from('Асанова', 'utf8'))).toBe(false);

    const res = await upload(admin, bytes, { officeId: officeB.id, name: 'cp1251.csv' });
    expect(res.status).toBe(202);
    const preview = await settle(admin, res.body.id, 'preview');
    expect(preview.counts).toEqual({ rows: 3, valid: 3, invalid: 0, duplicates: 0, imported: 0 });
    const confirm = await t.http.post(`/api/imports/${res.body.id}/confirm`).set(bearer(admin)).send({ mode: 'all_or_nothing' });
    expect(confirm.status).toBe(202);
    const done = await settle(admin, res.body.id, 'done');

    expect(done.counts.imported).toBe(3);
    const names = await t.db.query(`SELECT last_name, first_name, patronymic, office_id FROM returnee WHERE created_by = $1 ORDER BY last_name`, [admin.id]);
    expect(names.rows).toEqual([
      { last_name: 'Асанова', first_name: 'Жыпаргул', patronymic: 'Бакытовна', office_id: officeB.id },
      { last_name: 'Жумабаев', first_name: 'Нурлан', patronymic: 'Сейитович', office_id: officeB.id },
      { last_name: 'Эркинбаева', first_name: 'Чолпон', patronymic: 'Маратовна', office_id: officeB.id },
    ]);
    expect(await t.given.count(`import_row WHERE import_id = '${res.body.id}'`)).toBe(0);
  });

  it('should cancel a preview and drop its staged rows when cancelled', async () => {
    const res = await upload(cwA, toCsv([line(60), line(61)]));
    await settle(cwA, res.body.id, 'preview');
    const cancel = await t.http.post(`/api/imports/${res.body.id}/cancel`).set(bearer(cwA));
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect(await t.given.count(`import_row WHERE import_id = '${res.body.id}'`)).toBe(0);
    expect((await t.http.post(`/api/imports/${res.body.id}/confirm`).set(bearer(cwA)).send({ mode: 'valid_rows' })).status).toBe(409);
  });

  describe('bad files store nothing', () => {
    let before: { imports: number; rows: number; returnees: number };
    beforeEach(async () => (before = await stored()));
    afterEach(async () => expect(await stored()).toEqual(before));

    it('should answer 400 naming the column when a required column is missing', async () => {
      const header = HEADER.filter((h) => h !== 'sex');
      const res = await upload(cwA, toCsv([line(1)], ',', header));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'IMPORT_BAD_HEADER', errors: { sex: 'column is missing' } });
      expect(res.body.message).toContain('sex');
    });

    it('should answer 400 when a column is unknown', async () => {
      const res = await upload(cwA, toCsv([line(1)], ',', [...HEADER, 'shoeSize']));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({ shoeSize: 'is not a known column' });
    });

    it('should answer 400 when the file has only a header or nothing', async () => {
      expect((await upload(cwA, toCsv([]))).body).toMatchObject({ statusCode: 400, code: 'IMPORT_EMPTY' });
      expect((await upload(cwA, '')).body).toMatchObject({ statusCode: 400, code: 'IMPORT_EMPTY' });
    });

    it('should answer 415 when the file is binary', async () => {
      const garbage = Buffer.concat([Buffer.from('PK\u0003\u0004\u0000'), randomBytes(4096)]);
      const res = await upload(cwA, garbage, { name: 'people.xlsx' });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('IMPORT_NOT_TEXT');
    });

    it('should answer 415 when the file is neither UTF-8 nor Windows-1251', async () => {
      const latin1 = Buffer.from(`${HEADER.join(',')}\r\n${HEADER.map(() => 'Ren\u00e9 Dupr\u00e9').join(',')}\r\n`, 'latin1');
      const res = await upload(cwA, latin1);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('IMPORT_BAD_ENCODING');
    });

    it('should answer 400 naming the line when a quote is never closed', async () => {
      const res = await upload(cwA, `${HEADER.join(',')}\r\n"Асанов,${'x,'.repeat(HEADER.length - 2)}x\r\n`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IMPORT_MALFORMED_CSV');
    });

    it('should answer 403 when NGO staff upload', async () => {
      const res = await upload(ngo, toCsv([line(1)]));
      expect(res.status).toBe(403);
    });

    it('should answer 400 when an admin names no office', async () => {
      const res = await upload(admin, toCsv([line(1)]));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('OFFICE_REQUIRED');
    });

    it('should answer 415 when the body is not multipart', async () => {
      const res = await t.http.post('/api/imports').set(bearer(cwA)).send({ file: 'x' });
      expect(res.status).toBe(415);
    });

    it('should answer 404 to staff of another office and 409 to a second confirm', async () => {
      const imp = await t.db.query(`SELECT id FROM returnee_import WHERE office_id = $1 AND status = 'done' LIMIT 1`, [officeA.id]);
      const id = imp.rows[0].id as string;
      expect((await get(cwB, id)).status).toBe(404);
      expect((await t.http.get(`/api/imports/${id}/rows`).set(bearer(cwB))).status).toBe(404);
      expect((await t.http.get(`/api/imports/${id}/errors.csv`).set(bearer(cwB))).status).toBe(404);
      expect((await t.http.post(`/api/imports/${id}/confirm`).set(bearer(cwB)).send({ mode: 'valid_rows' })).status).toBe(404);
      const twice = await t.http.post(`/api/imports/${id}/confirm`).set(bearer(cwA)).send({ mode: 'valid_rows' });
      expect(twice.status).toBe(409);
      expect((await t.http.post(`/api/imports/${id}/confirm`).set(bearer(cwA)).send({ mode: 'sometimes' })).status).toBe(400);
    });
  });

  it("should say every rejected row's problem in the requester's language in errors.csv, codes with codes=true, rows stored before codes included", async () => {
    const speaker = async (locale: 'ru' | 'ky') => {
      const u = await t.given.user('supervisor', { officeId: officeA.id });
      await t.db.query(`UPDATE app_user SET locale = $2 WHERE id = $1`, [u.id, locale]);
      return u;
    };
    const ru = await speaker('ru');
    const ky = await speaker('ky');
    const lines = [
      line(200, { birthDate: '1990-13-45' }),
      line(201, { sex: 'robot', phone: '+7 916 000 00 00' }),
      line(202, { district: 'Ж'.repeat(101), oblast: '' }),
      line(203),
      line(204),
    ];
    // line 6 has one cell more than the header
    const csv = toCsv(lines).replace(/\r\n$/, ',лишнее\r\n');
    const res = await upload(ru, csv);
    expect(res.status).toBe(202);
    expect((await settle(ru, res.body.id, 'preview')).counts).toMatchObject({ rows: 5, valid: 1, invalid: 4 });

    const report = async (u: GivenUser, codes = '') => {
      const r = await t.http.get(`/api/imports/${res.body.id}/errors.csv${codes}`).set(bearer(u));
      expect(r.status).toBe(200);
      return (parse(r.text, { bom: true, relax_column_count: true }) as string[][]).slice(1);
    };
    // every problem of every row: the column as the file names it, then words with Cyrillic letters, never English
    const problemsOf = (rows: string[][]) => rows.map((r) => r[r.length - 1].split('; ').map((p) => p.replace(/^[A-Za-z]+: /, '')));
    const noLatinOnly = (rows: string[][]) => {
      const texts = problemsOf(rows).flat();
      expect(texts.length).toBeGreaterThanOrEqual(6);
      for (const text of texts) expect([text, /[А-Яа-яЁёӨөҮүҢң]/.test(text)]).toEqual([text, true]);
      for (const text of texts) expect(text).not.toMatch(/must|should|values; the header/);
    };

    const inRussian = await report(ru);
    expect(inRussian.map((r) => r[r.length - 2])).toEqual(['2', '3', '4', '6']);
    noLatinOnly(inRussian);
    expect(inRussian[0][inRussian[0].length - 1]).toBe('birthDate: Введите правильную дату.');
    expect(inRussian[1][inRussian[1].length - 1]).toContain('sex: Выберите значение из списка.');
    expect(inRussian[2][inRussian[2].length - 1]).toContain('district: Слишком длинно: максимальная длина — 100.');
    expect(inRussian[2][inRussian[2].length - 1]).toContain('oblast: Выберите значение из списка.');
    expect(inRussian[3][inRussian[3].length - 1]).toBe(
      `число значений в строке (${HEADER.length + 1}) не совпадает с числом столбцов в заголовке (${HEADER.length})`,
    );

    const inKyrgyz = await report(ky);
    noLatinOnly(inKyrgyz);
    expect(inKyrgyz[0].slice(-2)).toEqual(['2', 'birthDate: Туура күндү киргизиңиз.']);
    expect(inKyrgyz[0].slice(-2)).not.toEqual(inRussian[0].slice(-2));

    // machine form: English as before, and the codes with their params
    const machine = await report(ky, '?codes=true');
    const codes = machine.map((r) => JSON.parse(r[r.length - 1]) as Record<string, unknown>);
    expect(codes[0]).toEqual({ fieldCodes: { birthDate: 'NOT_DATE' } });
    expect(codes[1]).toMatchObject({ fieldCodes: { sex: 'NOT_ONE_OF', phone: 'NOT_KG_PHONE' } });
    expect(codes[2]).toMatchObject({ fieldCodes: { district: 'TOO_LONG', oblast: 'NOT_ONE_OF' }, fieldParams: { district: { max: 100 } } });
    expect(codes[3]).toEqual({ fieldCodes: { row: 'ROW_LENGTH' }, fieldParams: { row: { values: HEADER.length + 1, columns: HEADER.length } } });
    const rowsApi = await t.http.get(`/api/imports/${res.body.id}/rows`).set(bearer(ru));
    expect(rowsApi.body[2]).toMatchObject({ fieldCodes: { district: 'TOO_LONG' }, fieldParams: { district: { max: 100 } } });

    // rows validated before codes were stored (error_codes null) still read in Russian, from their English texts
    await t.db.query(`UPDATE import_row SET error_codes = NULL WHERE import_id = $1`, [res.body.id]);
    const old = await report(ru);
    noLatinOnly(old);
    expect(problemsOf(old)).toEqual(problemsOf(inRussian));
  });

  it('should import a file from the command line with --yes', async () => {
    const script = join(__dirname, '../../dist/apps/api/apps/api/src/scripts/import.js');
    expect(existsSync(script)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'kaytuu-import-'));
    try {
      const file = join(dir, 'cli.csv');
      writeFileSync(file, `\ufeff${toCsv([line(70, { lastName: 'Кулуев' }), line(71, { lastName: 'Кулуева' }), line(72, { sex: 'robot' })])}`);
      const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [script, file, '--as', supA.email, '--mode', 'valid_rows', '--yes'], {
          env: { ...process.env, ...TEST_DATA_KEYS_ENV, DATABASE_URL: dbUrl(t.dbName), REDIS_URL: '', LOG_LEVEL: 'error' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(out).toMatchObject({ code: 0, stderr: expect.any(String) });
      if (out.code !== 0) throw new Error(out.stderr + out.stdout);
      expect(out.stdout).toContain('3 rows, 2 valid, 1 invalid, 0 duplicates');
      expect(out.stdout).toContain('line 4');
      expect(out.stdout).toContain('2 returnees imported');
      const report = readFileSync(join(dir, 'cli-errors.csv'), 'utf8');
      expect(report).toContain('robot');
      const rows = await t.db.query(`SELECT last_name FROM returnee WHERE created_by = $1 ORDER BY last_name`, [supA.id]);
      expect(rows.rows.map((r: { last_name: string }) => r.last_name)).toEqual(['Кулуев', 'Кулуева']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('imports on the Redis backend with a small size limit', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let cw: GivenUser;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'redis', env: { IMPORT_MAX_BYTES: '2048' } });
    worker = await startTestWorker(t);
    cw = await t.given.user('caseworker', { officeId: (await t.given.office({ oblast: 'osh', district: 'Ноокатский' })).id });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('should answer 413 and store nothing when the file is over IMPORT_MAX_BYTES', async () => {
    const big = toCsv(Array.from({ length: 40 }, (_v, i) => line(100 + i)));
    expect(Buffer.byteLength(big)).toBeGreaterThan(2048);
    const res = await t.http.post('/api/imports').set(bearer(cw)).attach('file', Buffer.from(big), 'big.csv');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'IMPORT_TOO_LARGE' });
    expect(await t.given.count('returnee_import')).toBe(0);
    expect(await t.given.count('import_row')).toBe(0);
  });

  it('should validate and import through the Redis queue', async () => {
    const res = await t.http
      .post('/api/imports')
      .set(bearer(cw))
      .attach('file', Buffer.from(toCsv([line(1), line(2)])), 'small.csv');
    expect(res.status).toBe(202);
    await waitFor(async () => ((await t.http.get(`/api/imports/${res.body.id}`).set(bearer(cw))).body.status === 'preview' ? true : null), 30_000);
    await t.http.post(`/api/imports/${res.body.id}/confirm`).set(bearer(cw)).send({ mode: 'all_or_nothing' }).expect(202);
    const done = await waitFor(async () => {
      const r = await t.http.get(`/api/imports/${res.body.id}`).set(bearer(cw));
      return r.body.status === 'done' ? r.body : null;
    }, 30_000);
    expect(done.counts.imported).toBe(2);
    expect(await t.given.count('returnee')).toBe(2);
  });
});
