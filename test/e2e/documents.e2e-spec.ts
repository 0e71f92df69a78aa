import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import sharp from 'sharp';
import { DocumentsService } from '@kaytuu/documents';
import { OBJECT_STORE, ObjectStore } from '@kaytuu/shared';
import { deriveLinkKey, signLink } from '../../libs/documents/src/document-links';
import { startS3, S3Handle } from '../support/s3';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

// The documents API on both file stores: the same tests, first on the filesystem store, then on a real S3-protocol
// server (s3rver). Limits are small here so that "too large" and "over the quota" are cheap to reach.
const FILE_MAX = 1024 * 1024;
const QUOTA = 3 * FILE_MAX;

// ---- files of each kind, unique per call (the API refuses the same bytes twice for one returnee) ----
const pdf = (extra = 0) => Buffer.concat([Buffer.from(`%PDF-1.4\n%${randomBytes(8).toString('hex')}\n`), randomBytes(extra), Buffer.from('\n%%EOF\n')]);
const png = (w = 64, h = 48) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: rnd(), g: rnd(), b: rnd() } } })
    .png()
    .toBuffer();
const jpeg = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: { r: rnd(), g: rnd(), b: rnd() } } })
    .jpeg()
    .toBuffer();
const rnd = () => Math.floor(Math.random() * 256);
// a Windows executable's first bytes
const exe = () =>
  Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), randomBytes(200), Buffer.from('PE\0\0'), randomBytes(2000)]);

// A PNG that declares 30000×30000 pixels in a few hundred bytes: a decompression bomb (refused on its header).
function bombPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30000, 0);
  ihdr.writeUInt32BE(30000, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from(randomBytes(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A stored (uncompressed) zip of the given entries.
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const docx = () =>
  zip({
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels': '<Relationships/>',
    'word/document.xml': `<w:document><!-- ${randomBytes(6).toString('hex')} --></w:document>`,
  });
async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('a').addRow([randomBytes(6).toString('hex')]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const plainZip = () => zip({ 'notes.txt': `hello ${randomBytes(6).toString('hex')}` });

// every file under a directory, temp files included
function filesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? filesUnder(join(dir, e.name)) : 1), 0);
}

const STORES = ['fs', 's3'] as const;

describe.each(STORES)('documents API on the %s store', (storeKind) => {
  let t: TestApp;
  let s3: S3Handle | null = null;
  let filesDir: string | null = null;
  let store: ObjectStore;
  let officeA: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo1: GivenUser;
  let org1: { id: string };
  let rA: { id: string };
  let rB: { id: string };
  let caseA: { id: string };

  const upload = (u: GivenUser, fields: Record<string, string>, file: { name: string; content: Buffer } | null, path = '/api/documents') => {
    let r = t.http.post(path).set(bearer(u));
    for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
    if (file) r = r.attach('file', file.content, file.name);
    return r;
  };
  const meta = (returneeId: string, over: Record<string, string> = {}) => ({ returneeId, type: 'passport', title: 'Паспорт ID', ...over });
  const created = async (u: GivenUser, returneeId: string, content: Buffer, name = 'scan.pdf', over: Record<string, string> = {}): Promise<Body> => {
    const res = await upload(u, meta(returneeId, over), { name, content });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body;
  };
  const link = (u: GivenUser, id: string, body: Body = {}) => t.http.post(`/api/documents/${id}/links`).set(bearer(u)).send(body);
  const fetchFile = (url: string) =>
    t.http
      .get(url)
      .buffer(true)
      .parse((res, cb) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => cb(null, Buffer.concat(parts)));
      });
  const download = async (u: GivenUser, id: string, body: Body = {}) => {
    const l = await link(u, id, body);
    expect(l.status).toBe(201);
    return fetchFile(l.body.url);
  };
  const rows = async () => Number((await t.db.query(`SELECT count(*)::int AS n FROM document`)).rows[0].n);
  const objects = async () => {
    const keys: string[] = [];
    for await (const o of store.list()) keys.push(o.key);
    return keys;
  };

  beforeAll(async () => {
    const env: Record<string, string> = { LOGIN_THROTTLE_PER_MINUTE: '1000', FILE_MAX_BYTES: String(FILE_MAX), FILES_PER_RETURNEE_MAX_BYTES: String(QUOTA) };
    if (storeKind === 's3') {
      s3 = await startS3();
      Object.assign(env, s3.env);
    } else {
      filesDir = mkdtempSync(join(tmpdir(), 'kaytuu-docs-'));
      Object.assign(env, { FILE_STORE: 'fs', FILES_DIR: filesDir });
    }
    t = await createTestApp({ env });
    store = t.app.get<ObjectStore>(OBJECT_STORE);
    officeA = await t.given.office();
    const officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    org1 = await t.given.organization({ services: ['legal_aid', 'health_referral'], oblasts: ['bishkek', 'osh'] });
    ngo1 = await t.given.user('ngo_staff', { organizationId: org1.id });
    rA = await t.given.returnee({ officeId: officeA.id, lastName: 'Осмонов' });
    rB = await t.given.returnee({ officeId: officeB.id });
    caseA = await t.given.caseFile({ returneeId: rA.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
  });
  afterAll(async () => {
    await t?.close();
    await s3?.stop();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  describe('upload', () => {
    it('should store a PDF encrypted under a random object name and answer its metadata', async () => {
      const content = pdf(5000);
      const res = await upload(
        cwA,
        meta(rA.id, {
          caseId: caseA.id,
          type: 'work_book',
          title: 'Трудовая книжка',
          issuedOn: '2015-03-01',
          issuerCountry: 'RU',
          issuer: 'ООО Стройка',
          expiresOn: '2020-01-01',
        }),
        { name: 'Осмонов трудовая.pdf', content },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        returneeId: rA.id,
        caseId: caseA.id,
        type: 'work_book',
        title: 'Трудовая книжка',
        issuedOn: '2015-03-01',
        issuerCountry: 'RU',
        issuer: 'ООО Стройка',
        expiresOn: '2020-01-01',
        expired: true,
        version: 1,
        contentType: 'application/pdf',
        bytes: content.length,
        fileName: 'Осмонов трудовая.pdf',
        hasThumbnail: false,
        uploadedById: cwA.id,
        deletedAt: null,
      });
      expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      const { rows: v } = await t.db.query(`SELECT object_key, wrapped_key FROM document_version WHERE document_id = $1`, [res.body.id]);
      // no personal data in object names: a random id, nothing of the returnee, the title or the file name
      expect(v[0].object_key).not.toMatch(new RegExp(`${rA.id}|Осмонов|scan|pdf|${res.body.id}`, 'i'));
      expect(await objects()).toContain(v[0].object_key);
      // the stored bytes are not the file's
      const raw: Buffer[] = [];
      for await (const c of await store.get(v[0].object_key)) raw.push(c as Buffer);
      expect(Buffer.concat(raw).includes(content.subarray(0, 64))).toBe(false);
      // audited by ids, never the title or the file name
      const { rows: audit } = await t.db.query(`SELECT diff::text AS diff FROM audit_log WHERE entity = 'document' AND entity_id = $1 AND action = 'create'`, [
        res.body.id,
      ]);
      expect(audit).toHaveLength(1);
      expect(audit[0].diff).not.toMatch(/Трудовая|Осмонов/);
      // downloads back the same bytes
      const back = await download(cwA, res.body.id);
      expect(back.status).toBe(200);
      expect(Buffer.compare(back.body as Buffer, content)).toBe(0);
    });

    it('should decide the type by content: a PDF named .jpg is a PDF, an executable named .pdf is refused (415)', async () => {
      const asJpg = await created(cwA, rA.id, pdf(), 'photo.jpg');
      expect(asJpg).toMatchObject({ contentType: 'application/pdf', fileName: 'photo.jpg' });
      const before = { rows: await rows(), objects: (await objects()).length };
      const res = await upload(cwA, meta(rA.id), { name: 'passport.pdf', content: exe() });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_FILE_TYPE');
      expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
    });

    it('should accept DOCX and XLSX and refuse a plain zip', async () => {
      expect(await created(cwA, rA.id, docx(), 'contract.docx', { type: 'employment_contract' })).toMatchObject({
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      });
      expect(await created(cwA, rA.id, await xlsx(), 'payslips.xlsx', { type: 'payslip' })).toMatchObject({
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      const before = await rows();
      const res = await upload(cwA, meta(rA.id), { name: 'archive.docx', content: plainZip() });
      expect(res.status).toBe(415);
      expect(await rows()).toBe(before);
    });

    it('should make an encrypted thumbnail of an image and refuse a decompression bomb (422)', async () => {
      const img = await created(cwA, rA.id, await png(1200, 900), 'photo.png', { type: 'photo' });
      expect(img).toMatchObject({ contentType: 'image/png', hasThumbnail: true });
      const thumb = await download(cwA, img.id as string, { thumbnail: true, disposition: 'inline' });
      expect(thumb.status).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      const m = await sharp(thumb.body as Buffer).metadata();
      expect(Math.max(m.width ?? 0, m.height ?? 0)).toBeLessThanOrEqual(320);
      expect(await created(cwA, rA.id, await jpeg(), 'p.jpeg', { type: 'photo' })).toMatchObject({ contentType: 'image/jpeg', hasThumbnail: true });
      const webp = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: rnd(), g: rnd(), b: rnd() } } })
        .webp()
        .toBuffer();
      expect(await created(cwA, rA.id, webp, 'p.webp', { type: 'photo' })).toMatchObject({ contentType: 'image/webp', hasThumbnail: true });
      // a HEIC photo (an ISO-BMFF 'heic' brand) is accepted; this sharp build cannot decode HEVC, so it has no thumbnail
      const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic'), randomBytes(3000)]);
      expect(await created(cwA, rA.id, heic, 'IMG_0001.HEIC', { type: 'photo' })).toMatchObject({ contentType: 'image/heic' });

      const before = { rows: await rows(), objects: (await objects()).length };
      const bomb = await upload(cwA, meta(rA.id, { type: 'photo' }), { name: 'bomb.png', content: bombPng() });
      expect(bomb.status).toBe(422);
      expect(bomb.body.code).toBe('IMAGE_TOO_LARGE');
      expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
    });

    it('should refuse an empty file (400), a 10,000-character title (400) and a missing file (400), storing nothing', async () => {
      const before = { rows: await rows(), objects: (await objects()).length };
      const empty = await upload(cwA, meta(rA.id), { name: 'empty.pdf', content: Buffer.alloc(0) });
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('EMPTY_FILE');
      const long = await upload(cwA, meta(rA.id, { title: 'я'.repeat(10_000) }), { name: 'a.pdf', content: pdf() });
      expect(long.status).toBe(400);
      expect(long.body.errors).toHaveProperty('title');
      const noFile = await upload(cwA, meta(rA.id), null);
      expect(noFile.status).toBe(400);
      const badType = await upload(cwA, meta(rA.id, { type: 'diploma' }), { name: 'a.pdf', content: pdf() });
      expect(badType.status).toBe(400);
      const extra = await upload(cwA, { ...meta(rA.id), officeId: officeA.id }, { name: 'a.pdf', content: pdf() });
      expect(extra.status).toBe(400);
      const proto = await upload(cwA, { ...meta(rA.id), ['__proto__']: 'x' }, { name: 'a.pdf', content: pdf() });
      expect(proto.status).toBe(400);
      const notMultipart = await t.http.post('/api/documents').set(bearer(cwA)).send(meta(rA.id));
      expect(notMultipart.status).toBe(415);
      expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
    });

    it('should strip path traversal and control characters from the file name', async () => {
      // a raw control character in the part header is a broken form (400, nothing stored)
      const raw = await upload(cwA, meta(rA.id), { name: '../../etc/pass\u0007wd.pdf', content: pdf() });
      expect(raw.status).toBe(400);
      // the same, and a right-to-left override, encoded as RFC 5987 allows: taken, and cleaned
      const boundary = `----kaytuu${randomBytes(6).toString('hex')}`;
      const body = Buffer.concat([
        Buffer.from(
          Object.entries(meta(rA.id))
            .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
            .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''..%2F..%2Fetc%2Fpass%07wd%E2%80%AE%0D%0A.pdf\r\n\r\n`,
        ),
        pdf(),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await t.http.post('/api/documents').set(bearer(cwA)).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
      expect(res.status).toBe(201);
      const doc = res.body as Body;
      expect(doc.fileName).toBe('passwd.pdf');
      const win = await created(cwA, rA.id, pdf(), '..\\..\\Windows\\..hidden.pdf');
      expect(win.fileName).toBe('hidden.pdf');
      const got = await download(cwA, doc.id as string);
      expect(got.headers['content-disposition']).toBe(`attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`);
    });

    it("should answer 404 for another office's returnee and 422 for a case of another returnee", async () => {
      const other = await upload(cwA, meta(rB.id), { name: 'a.pdf', content: pdf() });
      expect(other.status).toBe(404);
      const rA2 = await t.given.returnee({ officeId: officeA.id });
      const wrongCase = await upload(cwA, meta(rA2.id, { caseId: caseA.id }), { name: 'a.pdf', content: pdf() });
      expect(wrongCase.status).toBe(422);
      expect(wrongCase.body.errors).toHaveProperty('caseId');
      const ngoUpload = await upload(ngo1, meta(rA.id), { name: 'a.pdf', content: pdf() });
      expect(ngoUpload.status).toBe(403);
      // a referral or plan must be the returnee's too
      const x = await t.given.returnee({ officeId: officeA.id });
      await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at, recorded_by) VALUES ($1, $2, now() - interval '1 day', $3)`, [
        x.id,
        ['data_processing', 'share_with_ngo'],
        cwA.id,
      ]);
      const xc = await t.given.caseFile({ returneeId: x.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
      const ref = await t.http.post('/api/referrals').set(bearer(cwA)).send({ caseId: xc.id, organizationId: org1.id, reason: 'Документы' });
      expect(ref.status).toBe(201);
      expect(await created(cwA, x.id, pdf(), 'r.pdf', { referralId: ref.body.id, caseId: xc.id })).toMatchObject({ referralId: ref.body.id, caseId: xc.id });
      const wrongReferral = await upload(cwA, meta(rA.id, { referralId: ref.body.id }), { name: 'a.pdf', content: pdf() });
      expect(wrongReferral.status).toBe(422);
      expect(wrongReferral.body.errors).toHaveProperty('referralId');
      const noPlan = await upload(cwA, meta(rA.id, { planId: '00000000-0000-4000-8000-000000000000' }), { name: 'a.pdf', content: pdf() });
      expect(noPlan.status).toBe(422);
      expect(noPlan.body.errors).toHaveProperty('planId');
    });

    it('should refuse the same bytes twice for one returnee (409 DUPLICATE_DOCUMENT) but take them for another', async () => {
      const content = pdf();
      const first = await created(cwA, rA.id, content);
      const again = await upload(cwA, meta(rA.id, { title: 'Again' }), { name: 'again.pdf', content });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'DUPLICATE_DOCUMENT', documentId: first.id });
      const rA3 = await t.given.returnee({ officeId: officeA.id });
      await created(cwA, rA3.id, content);
    });

    it('should stop reading a file over FILE_MAX_BYTES (413) long before its end, and store nothing', async () => {
      const before = { rows: await rows(), objects: (await objects()).length };
      const server = t.app.getHttpServer() as http.Server;
      if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as AddressInfo;
      const boundary = `----kaytuu${randomBytes(6).toString('hex')}`;
      const head = Buffer.from(
        Object.entries(meta(rA.id))
          .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
          .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
      );
      const TOTAL = 40 * FILE_MAX;
      let written = 0;
      // a raw socket: the server answers and closes while the client is still sending (its writes then fail)
      const result = await new Promise<{ status: number; body: string; written: number }>((resolve) => {
        const sock = net.connect(port, '127.0.0.1');
        let answer = '';
        let at = -1;
        sock.on('data', (c: Buffer) => {
          if (at < 0) at = written;
          answer += c.toString();
        });
        sock.on('error', () => undefined);
        sock.on('close', () => {
          const [headers, ...rest] = answer.split('\r\n\r\n');
          const status = Number(/^HTTP\/1\.1 (\d+)/.exec(headers)?.[1] ?? 0);
          const chunked = /transfer-encoding: chunked/i.test(headers);
          const text = rest.join('\r\n\r\n');
          resolve({
            status,
            body: chunked
              ? text
                  .split('\r\n')
                  .filter((_l, i) => i % 2 === 1)
                  .join('')
              : text,
            written: at < 0 ? written : at,
          });
        });
        sock.write(
          `POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${cwA.token}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        );
        const send = (b: Buffer) => sock.write(Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]));
        send(head);
        const chunk = randomBytes(64 * 1024);
        const pump = () => {
          while (at < 0 && !sock.destroyed && written < TOTAL) {
            written += chunk.length;
            if (!send(chunk)) return void sock.once('drain', pump);
          }
          if (at < 0 && !sock.destroyed) sock.write(`0\r\n\r\n`);
        };
        pump();
      });
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body).code).toBe('FILE_TOO_LARGE');
      // the answer came while most of the body was still unsent: the server stopped reading at the limit
      expect(result.written).toBeLessThan(TOTAL / 2);
      expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
    });

    it('should store nothing when the client goes away halfway through an upload', async () => {
      const before = { rows: await rows(), objects: (await objects()).length };
      const beforeFiles = filesDir ? filesUnder(filesDir) : 0;
      const server = t.app.getHttpServer() as http.Server;
      if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as AddressInfo;
      const boundary = `----kaytuu${randomBytes(6).toString('hex')}`;
      const head = Buffer.from(
        Object.entries(meta(rA.id))
          .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
          .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\n\r\n`,
      );
      const file = pdf(FILE_MAX - 4000);
      await new Promise<void>((resolve) => {
        const sock = net.connect(port, '127.0.0.1', () => {
          sock.write(
            `POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${cwA.token}\r\n` +
              `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + file.length + 100}\r\n\r\n`,
          );
          sock.write(Buffer.concat([head, file.subarray(0, file.length / 2)]), () => setTimeout(() => sock.destroy(), 300));
        });
        sock.on('error', () => undefined);
        sock.on('close', () => resolve());
      });
      await new Promise((r) => setTimeout(r, 500));
      expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
      // on the filesystem not even a temp file of the cut upload is left (its writer was stopped, not left waiting)
      if (filesDir) expect(filesUnder(filesDir)).toBe(beforeFiles);
      // the app still takes uploads
      await created(cwA, rA.id, pdf());
    });

    it("should refuse an upload over the returnee's quota (413 QUOTA_EXCEEDED)", async () => {
      const r = await t.given.returnee({ officeId: officeA.id });
      for (let i = 0; i < 3; i++) await created(cwA, r.id, pdf(FILE_MAX - 1000));
      const before = { rows: await rows(), objects: (await objects()).length };
      const over = await upload(cwA, meta(r.id), { name: 'more.pdf', content: pdf(5000) });
      expect(over.status).toBe(413);
      expect(over.body.code).toBe('QUOTA_EXCEEDED');
      expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
    });
  });

  describe('fuzzed multipart fields', () => {
    it('should answer bad form fields with a 4xx in the error envelope and store nothing', async () => {
      const value = fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('', ' ', 'null', '[]', '{}', '../../etc/passwd', "'; DROP TABLE document; --", '\u0000', 'я'.repeat(10_000), '2026-02-30', 'RU', 'ru'),
        fc.uuid(),
      );
      const key = fc.constantFrom(
        'returneeId',
        'caseId',
        'referralId',
        'planId',
        'type',
        'title',
        'issuedOn',
        'issuerCountry',
        'issuer',
        'expiresOn',
        'file2',
        '__proto__',
      );
      await fc.assert(
        fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 6 }), fc.boolean(), async (fields, withReturnee) => {
          const before = { rows: await rows(), objects: (await objects()).length };
          const all: Record<string, string> = withReturnee ? { returneeId: rA.id, type: 'other', title: 'Fuzz', ...fields } : fields;
          const res = await upload(cwA, all, { name: 'f.pdf', content: pdf() });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
            expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
          }
        }),
        { numRuns: 25 },
      );
    });
  });

  describe('metadata, versions, delete and purge', () => {
    it('should change the metadata (null clears an optional field) and refuse bad values', async () => {
      const doc = await created(cwA, rA.id, pdf(), 'a.pdf', { issuerCountry: 'KZ', expiresOn: '2099-01-01' });
      const lower = await created(cwA, rA.id, pdf(), 'l.pdf', { issuerCountry: 'ru' });
      expect(lower.issuerCountry).toBe('RU');
      expect((await t.http.put(`/api/documents/${lower.id}`).set(bearer(cwA)).send({ issuerCountry: 'kz' })).body.issuerCountry).toBe('KZ');
      const res = await t.http.put(`/api/documents/${doc.id}`).set(bearer(supA)).send({ title: 'Новый заголовок', type: 'id_card', issuerCountry: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: 'Новый заголовок', type: 'id_card', issuerCountry: null, expiresOn: '2099-01-01', expired: false });
      for (const bad of [
        { title: 'x'.repeat(10_000) },
        { title: null },
        { type: 'nope' },
        { issuerCountry: 'Russia' },
        { expiresOn: '2020-02-30' },
        { extra: 1 },
      ]) {
        const r = await t.http.put(`/api/documents/${doc.id}`).set(bearer(cwA)).send(bad);
        expect({ bad, status: r.status }).toEqual({ bad, status: 400 });
      }
      expect((await t.http.put(`/api/documents/${doc.id}`).set(bearer(cwB)).send({ title: 'x' })).status).toBe(404);
    });

    it('should keep every version: a new file is version 2, the first stays downloadable', async () => {
      const v1 = pdf();
      const doc = await created(cwA, rA.id, v1);
      const v2 = await png();
      const res = await upload(cwA, {}, { name: 'rescan.png', content: v2 }, `/api/documents/${doc.id}/versions`);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: doc.id, version: 2, contentType: 'image/png', fileName: 'rescan.png', title: doc.title });
      const versions = await t.http.get(`/api/documents/${doc.id}/versions`).set(bearer(cwA));
      expect(versions.status).toBe(200);
      expect(versions.body.map((v: Body) => [v.version, v.current])).toEqual([
        [2, true],
        [1, false],
      ]);
      expect(Buffer.compare((await download(cwA, doc.id as string, { version: 1 })).body as Buffer, v1)).toBe(0);
      expect(Buffer.compare((await download(cwA, doc.id as string)).body as Buffer, v2)).toBe(0);
      // a version with the bytes of a live document is refused like an upload
      expect((await upload(cwA, {}, { name: 'x.pdf', content: v1 }, `/api/documents/${doc.id}/versions`)).status).toBe(409);
    });

    it('should soft-delete, then let an admin purge only after the retention period (audited)', async () => {
      const doc = await created(cwA, rA.id, await png(), 'p.png', { type: 'photo' });
      const keys = (await t.db.query(`SELECT object_key, thumb_object_key FROM document_version WHERE document_id = $1`, [doc.id])).rows[0];
      const del = await t.http.delete(`/api/documents/${doc.id}`).set(bearer(cwA));
      expect(del.status).toBe(200);
      expect(del.body.deletedAt).toEqual(expect.any(String));
      const list = await t.http
        .get('/api/documents')
        .query({ filter: JSON.stringify({ returneeId: rA.id }) })
        .set(bearer(cwA));
      expect(list.body.map((d: Body) => d.id)).not.toContain(doc.id);
      expect((await link(cwA, doc.id as string)).status).toBe(409);
      expect((await t.http.delete(`/api/documents/${doc.id}`).set(bearer(cwA))).status).toBe(409);
      // the same bytes may come again once the old document is deleted
      expect((await t.http.post(`/api/documents/${doc.id}/purge`).set(bearer(supA))).status).toBe(403);
      const early = await t.http.post(`/api/documents/${doc.id}/purge`).set(bearer(admin));
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('RETENTION_NOT_OVER');
      const deleted = await t.http
        .get('/api/documents')
        .query({ filter: JSON.stringify({ deleted: true }) })
        .set(bearer(admin));
      expect(deleted.body.map((d: Body) => d.id)).toContain(doc.id);
      await t.db.query(`UPDATE document SET deleted_at = now() - interval '31 days' WHERE id = $1`, [doc.id]);
      const purged = await t.http.post(`/api/documents/${doc.id}/purge`).set(bearer(admin));
      expect(purged.status).toBe(200);
      expect(purged.body.purgedAt).toEqual(expect.any(String));
      const left = await objects();
      expect(left).not.toContain(keys.object_key);
      expect(left).not.toContain(keys.thumb_object_key);
      expect((await t.http.post(`/api/documents/${doc.id}/purge`).set(bearer(admin))).status).toBe(410);
      const { rows: audit } = await t.db.query(
        `SELECT actor_id, diff->>'purged' AS purged FROM audit_log WHERE entity = 'document' AND entity_id = $1 AND action = 'delete' ORDER BY id`,
        [doc.id],
      );
      expect(audit).toEqual([expect.objectContaining({ actor_id: cwA.id }), expect.objectContaining({ actor_id: admin.id, purged: 'true' })]);
    });
  });

  describe('signed download links', () => {
    let doc: Body;
    let content: Buffer;
    const key = () => deriveLinkKey(Buffer.from(t.env.DATA_HMAC_KEY, 'base64'));
    const now = () => Math.floor(Date.now() / 1000);
    beforeAll(async () => {
      content = pdf(3000);
      doc = await created(cwA, rA.id, content, 'Паспорт Осмонов.pdf');
    });

    it('should stream the file as an attachment with a safe name and strict headers, and audit who took it', async () => {
      const l = await link(cwA, doc.id as string, { masked: true });
      expect(l.status).toBe(201);
      expect(l.body.url).toMatch(/^\/api\/files\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(new Date(l.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000 + 1000);
      const res = await fetchFile(l.body.url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="_______ _______.pdf"; filename*=UTF-8''${encodeURIComponent('Паспорт Осмонов.pdf')}`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain('sandbox');
      expect(res.headers['cache-control']).toContain('no-store');
      expect(Buffer.compare(res.body as Buffer, content)).toBe(0);
      const { rows: audit } = await t.db.query(
        `SELECT actor_id, diff FROM audit_log WHERE entity = 'document' AND entity_id = $1 AND action = 'export' ORDER BY id DESC LIMIT 1`,
        [doc.id],
      );
      expect(audit[0]).toMatchObject({ actor_id: cwA.id, diff: expect.objectContaining({ masked: true, version: 1, disposition: 'attachment' }) });
      expect(JSON.stringify(audit[0].diff)).not.toMatch(/Осмонов|Паспорт/);
    });

    it('should preview PDFs and images inline (framable by the console only) but not a DOCX', async () => {
      const res = await download(cwA, doc.id as string, { disposition: 'inline' });
      expect(res.headers['content-disposition']).toMatch(/^inline; /);
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      const d = await created(cwA, rA.id, docx(), 'c.docx', { type: 'employment_contract' });
      expect((await link(cwA, d.id as string, { disposition: 'inline' })).status).toBe(422);
    });

    it('should refuse a tampered, an expired, a foreign user’s and a deactivated user’s link, and an access token never opens one', async () => {
      const l = (await link(cwA, doc.id as string)).body.url as string;
      const tampered = l.slice(0, -2) + (l.endsWith('AA') ? 'BB' : 'AA');
      expect((await fetchFile(tampered)).status).toBe(403);
      const expired = signLink(key(), { d: doc.id as string, v: 1, u: cwA.id, e: now() - 1, i: 0, t: 0, m: 0 });
      expect((await fetchFile(`/api/files/${expired}`)).status).toBe(410);
      // a link signed for a user of another office: that user may not read the document now
      const foreign = signLink(key(), { d: doc.id as string, v: 1, u: cwB.id, e: now() + 60, i: 0, t: 0, m: 0 });
      expect((await fetchFile(`/api/files/${foreign}`)).status).toBe(404);
      const other = signLink(deriveLinkKey(randomBytes(32)), { d: doc.id as string, v: 1, u: cwA.id, e: now() + 60, i: 0, t: 0, m: 0 });
      expect((await fetchFile(`/api/files/${other}`)).status).toBe(403);
      expect((await fetchFile(`/api/files/${cwA.token}`)).status).toBe(403);
      const gone = await t.given.user('caseworker', { officeId: officeA.id });
      const theirs = (await link(gone, doc.id as string)).body.url as string;
      await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [gone.id]);
      expect((await fetchFile(theirs)).status).toBe(403);
      // admins manage documents but do not open them
      expect((await link(admin, doc.id as string)).status).toBe(403);
    });

    it('should answer 502 FILE_UNAVAILABLE for a row whose object is missing, not a 500', async () => {
      const d = await created(cwA, rA.id, pdf());
      const { rows: v } = await t.db.query(`SELECT object_key FROM document_version WHERE document_id = $1`, [d.id]);
      await store.delete(v[0].object_key);
      const l = await link(cwA, d.id as string);
      const res = await fetchFile(l.body.url);
      expect(res.status).toBe(502);
      expect(JSON.parse((res.body as Buffer).toString())).toMatchObject({ code: 'FILE_UNAVAILABLE', reason: 'missing' });
    });
  });

  describe('organisation staff', () => {
    async function referred(p: { scopes: string[]; sharedFields: string[]; type?: string }) {
      const r = await t.given.returnee({ officeId: officeA.id });
      await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at, recorded_by) VALUES ($1, $2, now() - interval '1 day', $3)`, [
        r.id,
        p.scopes,
        cwA.id,
      ]);
      const c = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, type: p.type ?? 'legal_aid', status: 'in_progress', assigneeId: cwA.id });
      const ref = await t.http
        .post('/api/referrals')
        .set(bearer(cwA))
        .send({ caseId: c.id, organizationId: org1.id, reason: 'Помощь с документами', sharedFields: p.sharedFields });
      expect(ref.status).toBe(201);
      const passport = await created(cwA, r.id, pdf(), 'p.pdf', { type: 'passport' });
      const discharge = await created(cwA, r.id, pdf(), 'd.pdf', { type: 'medical_discharge' });
      return { returnee: r, referral: ref.body as Body, passport, discharge };
    }
    const listOf = async (u: GivenUser, returneeId: string) =>
      (
        await t.http
          .get('/api/documents')
          .query({ filter: JSON.stringify({ returneeId }) })
          .set(bearer(u))
      ).body
        .map((d: Body) => d.type)
        .sort();

    it('should see the documents a referral shares under consent, health ones only under health consent', async () => {
      const x = await referred({ scopes: ['data_processing', 'share_with_ngo'], sharedFields: ['name', 'documents'] });
      expect(await listOf(ngo1, x.returnee.id)).toEqual(['passport']);
      expect((await t.http.get(`/api/documents/${x.passport.id}`).set(bearer(ngo1))).status).toBe(200);
      expect((await t.http.get(`/api/documents/${x.discharge.id}`).set(bearer(ngo1))).status).toBe(404);
      const res = await download(ngo1, x.passport.id as string);
      expect(res.status).toBe(200);
      expect((await link(ngo1, x.discharge.id as string)).status).toBe(404);

      const h = await referred({ scopes: ['data_processing', 'share_with_ngo', 'share_health'], sharedFields: ['documents'], type: 'health_referral' });
      expect(await listOf(ngo1, h.returnee.id)).toEqual(['medical_discharge', 'passport']);
    });

    it("should list on the referral's page what the referral shares to its organisation, and nothing on another organisation's", async () => {
      const x = await referred({ scopes: ['data_processing', 'share_with_ngo'], sharedFields: ['documents'] });
      const byReferral = async (u: GivenUser, referralId: string) => {
        const res = await t.http
          .get('/api/documents')
          .query({ filter: JSON.stringify({ referralId }) })
          .set(bearer(u));
        expect(res.status).toBe(200);
        return { types: (res.body as Body[]).map((d) => d.type).sort(), total: res.headers['content-range'] };
      };
      // the organisation: the returnee's documents its grant reaches (none is attached to the referral itself)
      expect(await byReferral(ngo1, x.referral.id as string)).toEqual({ types: ['passport'], total: 'documents 0-0/1' });
      // the office: what is attached to the referral
      expect((await byReferral(cwA, x.referral.id as string)).types).toEqual([]);
      // another organisation's staff: nothing, not even a count
      const ngo2 = await t.given.user('ngo_staff');
      expect(await byReferral(ngo2, x.referral.id as string)).toEqual({ types: [], total: 'documents */0' });
    });

    it('should see nothing when the referral does not share documents, or once consent is withdrawn (links die too)', async () => {
      const x = await referred({ scopes: ['data_processing', 'share_with_ngo'], sharedFields: ['name'] });
      expect(await listOf(ngo1, x.returnee.id)).toEqual([]);
      expect((await t.http.get(`/api/documents/${x.passport.id}`).set(bearer(ngo1))).status).toBe(404);

      const y = await referred({ scopes: ['data_processing', 'share_with_ngo'], sharedFields: ['documents'] });
      const url = (await link(ngo1, y.passport.id as string)).body.url as string;
      await t.db.query(`UPDATE consent SET withdrawn_at = now() WHERE returnee_id = $1`, [y.returnee.id]);
      expect(await listOf(ngo1, y.returnee.id)).toEqual([]);
      expect((await fetchFile(url)).status).toBe(404);
      // another organisation's staff never
      const ngo2 = await t.given.user('ngo_staff');
      expect(await listOf(ngo2, y.returnee.id)).toEqual([]);
    });
  });

  describe('service methods for the checklists', () => {
    it("liveForChecklists: every live document of each returnee asked for (a case's and those tied to none), with expiry; factOf: whose, which type, deleted", async () => {
      const svc = t.app.get(DocumentsService);
      const r = await t.given.returnee({ officeId: officeA.id });
      const other = rB;
      const c1 = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
      const loose = await created(cwA, r.id, pdf(), 'a.pdf', { type: 'passport', issuerCountry: 'KG', expiresOn: '2000-01-01' });
      const ofC1 = await created(cwA, r.id, pdf(), 'b.pdf', { type: 'work_book', caseId: c1.id, issuerCountry: 'RU' });
      const gone = await created(cwA, r.id, pdf(), 'd.pdf', { type: 'payslip' });
      const elsewhere = await created(cwB, other.id, pdf(), 'e.pdf', { type: 'payslip' });
      expect((await t.http.delete(`/api/documents/${gone.id}`).set(bearer(cwA))).status).toBe(200);

      const live = await svc.liveForChecklists([r.id, other.id, r.id, 'not-a-uuid']);
      expect([...live.keys()].sort()).toEqual([r.id, other.id].sort());
      expect(live.get(r.id)).toEqual([
        { documentId: loose.id, type: 'passport', issuerCountry: 'KG', expiresOn: '2000-01-01', expired: true },
        { documentId: ofC1.id, type: 'work_book', issuerCountry: 'RU', expiresOn: null, expired: false },
      ]);
      expect(live.get(other.id)?.map((d) => d.documentId)).toEqual([elsewhere.id]);
      expect((await svc.liveForChecklists([])).size).toBe(0);

      expect(await svc.factOf(ofC1.id as string)).toMatchObject({ documentId: ofC1.id, returneeId: r.id, type: 'work_book', deleted: false });
      expect(await svc.factOf(gone.id as string)).toMatchObject({ documentId: gone.id, returneeId: r.id, deleted: true });
      expect(await svc.factOf('00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await svc.factOf('../etc/passwd')).toBeNull();
    });
  });

  describe('lists', () => {
    it('should list in the ra-data-simple-rest dialect, filtered and scoped, and audit the reads', async () => {
      await created(cwA, rA.id, pdf(), 'wb.pdf', { type: 'work_book' });
      const res = await t.http
        .get('/api/documents')
        .query({ filter: JSON.stringify({ returneeId: rA.id, type: ['work_book'] }), range: '[0,9]', sort: '["createdAt","DESC"]' })
        .set(bearer(cwA));
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toMatch(/^documents 0-\d+\/\d+$/);
      expect(res.body.every((d: Body) => d.type === 'work_book' && d.returneeId === rA.id)).toBe(true);
      expect(res.body.length).toBeGreaterThan(0);
      // every read is audited: the list (the ids it showed) and a single document
      const { rows: listAudit } = await t.db.query(
        `SELECT diff FROM audit_log WHERE entity = 'document' AND action = 'read' AND entity_id IS NULL AND actor_id = $1 ORDER BY id DESC LIMIT 1`,
        [cwA.id],
      );
      expect(listAudit[0].diff.ids).toEqual(res.body.map((d: Body) => d.id));
      expect((await t.http.get(`/api/documents/${res.body[0].id}`).set(bearer(supA))).status).toBe(200);
      const { rows: oneAudit } = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'document' AND action = 'read' AND entity_id = $1 AND actor_id = $2`,
        [res.body[0].id, supA.id],
      );
      expect(oneAudit[0].n).toBe(1);
      // search words are matched literally, odd characters included
      for (const q of ['\u0000', '%', '_', '\\', "'", 'Трудов']) {
        const r = await t.http
          .get('/api/documents')
          .query({ filter: JSON.stringify({ returneeId: rA.id, q }) })
          .set(bearer(cwA));
        expect({ q, status: r.status }).toEqual({ q, status: q === '\u0000' ? 400 : 200 });
      }
      const foreign = await t.http
        .get('/api/documents')
        .query({ filter: JSON.stringify({ returneeId: rA.id }) })
        .set(bearer(cwB));
      expect(foreign.body).toEqual([]);
      expect(foreign.headers['content-range']).toMatch(/\/0$/);
      expect(
        (
          await t.http
            .get('/api/documents')
            .query({ filter: JSON.stringify({ returneeId: 'x' }) })
            .set(bearer(cwA))
        ).status,
      ).toBe(400);
    });
  });

  if (storeKind === 's3') {
    it('should leave no row and no object when the store goes away mid-upload, and answer 503', async () => {
      const before = { rows: await rows(), objects: (await objects()).length };
      const server = t.app.getHttpServer() as http.Server;
      if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as AddressInfo;
      const boundary = `----kaytuu${randomBytes(6).toString('hex')}`;
      const file = pdf(FILE_MAX - 4000);
      const head = Buffer.from(
        Object.entries(meta(rA.id))
          .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
          .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const half = Math.floor(file.length / 2);
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/documents',
          headers: {
            Authorization: `Bearer ${cwA.token}`,
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': String(head.length + file.length + tail.length),
          },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        // half the file, then the store dies, then the rest
        req.write(Buffer.concat([head, file.subarray(0, half)]), () => {
          void new Promise((r) => setTimeout(r, 200)).then(() => s3!.kill()).then(() => req.end(Buffer.concat([file.subarray(half), tail])));
        });
      });
      const res = await answer;
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'FILE_UNAVAILABLE', reason: 'store_unavailable' });
      await s3!.start();
      expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
      // with the store down before the upload starts, nothing is written either
      await s3!.kill();
      const down = await upload(cwA, meta(rA.id), { name: 'x.pdf', content: pdf() });
      expect(down.status).toBe(503);
      await s3!.start();
      expect({ rows: await rows(), objects: (await objects()).length }).toEqual(before);
      // and the store works again
      await created(cwA, rA.id, pdf());
    });
  }
});
