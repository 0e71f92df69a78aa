import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { TEST_DATA_KEYS_ENV, testCipher } from '../support/data-keys';
import { adminQuery, dbUrl } from '../support/pg';
import { bearer, Given, GivenUser } from '../support/test-app';
import { waitFor } from '../support/wait';

// A realistic run of the production build (API and worker as separate processes, NODE_ENV=production, LOG_LEVEL=debug,
// which logs everything the default `info` does and more), every line they write captured to files; then the files
// are searched for every PIN and phone the run used, raw and digits-only. The database is searched the same way.

const ROOT = join(__dirname, '../..');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');

// PIN: sex digit + birth date DDMMYYYY + serial (kg-reference.json "pin"); phones in the accepted forms ("phone").
let serial = 40000 + Math.floor(Math.random() * 50000);
const pinFor = (sex: 'female' | 'male', birthDate: string) => {
  const [y, m, d] = birthDate.split('-');
  return `${sex === 'female' ? 1 : 2}${d}${m}${y}${String(++serial).padStart(5, '0')}`;
};
const PREFIXES = ['555', '700', '770', '502', '222'];
let phoneSerial = 100000 + Math.floor(Math.random() * 800000);
const newPhone = (i: number) => {
  const p = PREFIXES[i % PREFIXES.length];
  const n = String(++phoneSerial);
  return { e164: `+996${p}${n}`, local: `0${p} ${n.slice(0, 3)} ${n.slice(3)}`, spaced: `+996 ${p} ${n.slice(0, 3)} ${n.slice(3)}`, nine: `${p}${n}` };
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function start(main: string, env: Record<string, string>, logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [main], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
  clearTimeout(timer);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

describe('no personal data in logs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaytuu-logs-'));
  const apiLog = join(dir, 'api.log');
  const workerLog = join(dir, 'worker.log');
  const dbName = `kaytuu_t_logs_${process.pid}_${randomBytes(3).toString('hex')}`;
  let api: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let db: Client;
  let given: Given;
  const needles = new Set<string>();
  const addPin = (pin: string) => needles.add(pin);
  const addPhone = (p: ReturnType<typeof newPhone>) =>
    [p.e164, p.e164.slice(1), p.local, p.spaced, p.nine, p.local.replace(/\s/g, '')].forEach((x) => needles.add(x));

  beforeAll(async () => {
    for (const f of [API_MAIN, WORKER_MAIN]) if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build:server\` (npm test builds it)`);
    const template = process.env.KAYTUU_TEST_TEMPLATE_DB;
    if (!template) throw new Error('global setup did not run');
    await adminQuery(`CREATE DATABASE ${dbName} TEMPLATE ${template}`);
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? ROOT,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl(dbName),
      PORT: String(port),
      JWT_SECRET: randomBytes(24).toString('hex'),
      ...TEST_DATA_KEYS_ENV,
      LOG_LEVEL: 'debug',
      SEED: 'false',
      QUEUE_PREFIX: `kt_${dbName}`,
      RELAY_INTERVAL_MS: '200',
    };
    api = start(API_MAIN, env, apiLog);
    worker = start(WORKER_MAIN, env, workerLog);
    const http = request(`http://127.0.0.1:${port}`);
    await waitFor(async () => (await http.get('/api/health').catch(() => null))?.status === 200, 60_000, 250);
    db = new Client({ connectionString: dbUrl(dbName) });
    await db.connect();
    given = new Given(db, http, testCipher());
  }, 90_000);

  afterAll(async () => {
    await stop(api);
    await stop(worker);
    await db?.end();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('should write none of the run’s PINs and phones to any log line or any table, at LOG_LEVEL=debug', async () => {
    const http = given.http;
    const office = await given.office({ oblast: 'bishkek' });
    const cw = await given.user('caseworker', { officeId: office.id });
    const sup = await given.user('supervisor', { officeId: office.id });
    const org = await given.organization({ services: ['legal_aid', 'health_referral'], oblasts: ['bishkek'] });
    const ngo = await given.user('ngo_staff', { organizationId: org.id });
    const as = (u: GivenUser) => bearer(u);

    // register returnees (local and international phone forms), with consent to share with partners
    const people: Array<{ id: string; pin: string; phone: ReturnType<typeof newPhone>; version: number }> = [];
    for (let i = 0; i < 4; i++) {
      const sex = i % 2 ? 'female' : 'male';
      const birthDate = `198${i}-0${i + 2}-1${i}`;
      const pin = pinFor(sex, birthDate);
      const phone = newPhone(i);
      addPin(pin);
      addPhone(phone);
      const res = await http
        .post('/api/returnees')
        .set(as(cw))
        .send({
          pin,
          phone: i % 2 ? phone.spaced : phone.local,
          lastName: i % 2 ? 'Бөрүбаева' : 'Төлөгөнов',
          firstName: i % 2 ? 'Гүлнара' : 'Үмүтбек',
          sex,
          birthDate,
          oblast: 'bishkek',
          district: 'Ленинский',
          address: 'ул. Токтогула 1',
          episodes: [{ country: 'RU', departedOn: '2016-04-01', returnedOn: '2024-09-03', sector: 'construction', returnReason: 'end_of_contract' }],
          consent: { scope: ['data_processing', 'share_with_ngo', 'share_health', 'contact_by_phone'], givenAt: '2025-01-15T03:30:00Z' },
        });
      expect(res.status).toBe(201);
      people.push({ id: res.body.id, pin, phone, version: res.body.version });
    }

    // search by PIN and by phone in each form; a case search by PIN too
    for (const p of people) {
      for (const q of [p.pin, p.phone.e164, p.phone.local, p.phone.nine]) {
        const found = await http
          .get('/api/returnees')
          .query({ filter: JSON.stringify({ q }) })
          .set(as(cw));
        expect(found.body.map((r: { id: string }) => r.id)).toEqual([p.id]);
      }
      expect(
        (
          await http
            .get('/api/cases')
            .query({ filter: JSON.stringify({ q: p.pin }) })
            .set(as(sup))
        ).status,
      ).toBe(200);
    }

    // update PIN and phone; then a duplicate PIN (409) and validation errors with bad values in the body
    const newPin = pinFor('male', '1980-02-10');
    const changed = newPhone(7);
    addPin(newPin);
    addPhone(changed);
    const upd = await http.put(`/api/returnees/${people[0].id}`).set(as(cw)).send({ version: people[0].version, pin: newPin, phone: changed.e164 });
    expect(upd.status).toBe(200);
    expect((await http.put(`/api/returnees/${people[1].id}`).set(as(cw)).send({ version: people[1].version, pin: newPin })).status).toBe(409);
    const badPin = people[2].pin.slice(0, 13);
    const badPhone = `+7916${people[2].phone.nine.slice(3)}`;
    needles.add(badPin);
    needles.add(badPhone);
    const invalid = await http.put(`/api/returnees/${people[2].id}`).set(as(cw)).send({ version: people[2].version, pin: badPin, phone: badPhone });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.errors).sort()).toEqual(['phone', 'pin']);
    expect((await http.post('/api/returnees').set(as(cw)).send({ pin: people[3].pin, phone: 12345, lastName: '' })).status).toBe(400);
    expect((await http.post('/api/returnees').set(as(cw)).set('Content-Type', 'application/json').send(`{"pin":"${people[3].pin}",`)).status).toBe(400);

    // login failures, one of them with a PIN and a phone typed into the form
    expect((await http.post('/api/auth/login').send({ email: cw.email, password: people[0].pin })).status).toBe(401);
    expect([400, 401]).toContain((await http.post('/api/auth/login').send({ email: people[1].pin, password: people[1].phone.e164 })).status);

    // a health case referred to a partner sharing name, phone, PIN and health details; the partner reads it
    const hc = await http
      .post('/api/cases')
      .set(as(cw))
      .send({ returneeId: people[1].id, type: 'health_referral', title: 'Обследование', details: { condition: 'tb', urgency: 'urgent' } });
    expect(hc.status).toBe(201);
    const ref = await http
      .post('/api/referrals')
      .set(as(cw))
      .send({ caseId: hc.body.id, organizationId: org.id, reason: 'Лечение туберкулёза', sharedFields: ['name', 'phone', 'pin', 'healthDetails'] });
    expect(ref.status).toBe(201);
    const seen = await http.get(`/api/referrals/${ref.body.id}`).set(as(ngo));
    expect(seen.body.returnee).toMatchObject({ pin: people[1].pin, phone: people[1].phone.e164 });

    // a CSV import through the worker: preview, the error report, confirm
    const lines = [0, 1, 2].map((i) => {
      const pin = pinFor('male', '1991-03-0' + (i + 1));
      const phone = newPhone(i + 3);
      addPin(pin);
      addPhone(phone);
      return `${pin},Жумабаев,Нурлан${'абв'[i]},male,1991-03-0${i + 1},${phone.local},bishkek,Ленинский,RU,2019-01-01,construction,end_of_contract`;
    });
    const dup = `${people[3].pin},Сыдыкова,Мээрим,female,1983-05-13,${people[3].phone.local},bishkek,Ленинский,RU,2019-01-01,construction,end_of_contract`;
    const bad = `${badPin},Асанов,Бакыт,male,1990-01-01,${badPhone},bishkek,Ленинский,RU,2019-01-01,construction,end_of_contract`;
    const csv = ['pin,lastName,firstName,sex,birthDate,phone,oblast,district,country,departedOn,sector,returnReason', ...lines, dup, bad].join('\r\n');
    const up = await http.post('/api/imports').set(as(cw)).attach('file', Buffer.from(csv), { filename: 'people.csv', contentType: 'text/csv' });
    expect(up.status).toBe(202);
    await waitFor(async () => (await http.get(`/api/imports/${up.body.id}`).set(as(cw))).body.status === 'preview', 60_000, 200);
    expect((await http.get(`/api/imports/${up.body.id}/rows`).set(as(cw))).status).toBe(200);
    expect((await http.get(`/api/imports/${up.body.id}/errors.csv`).set(as(sup))).status).toBe(200);
    expect((await http.post(`/api/imports/${up.body.id}/confirm`).set(as(cw)).send({ mode: 'valid_rows' })).status).toBe(202);
    const done = await waitFor(
      async () => {
        const b = (await http.get(`/api/imports/${up.body.id}`).set(as(cw))).body;
        return b.status === 'done' ? b : null;
      },
      60_000,
      200,
    );
    expect(done.counts).toMatchObject({ rows: 5, imported: 3, invalid: 1, duplicates: 1 });

    // a confidential counselling note, an edit, a refused one carrying its text, and searches by its words (text
    // sealed, search by keyed hashes of the words): the words are in no log line and in no table in clear
    const secretWord = `Тревожность${randomBytes(4).toString('hex')}`;
    const noteText = `Консультация: ${secretWord}, долг ${people[0].pin}, звонить ${people[0].phone.e164}`;
    needles.add(secretWord);
    needles.add(secretWord.toLowerCase());
    const today = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);
    const n = await http
      .post(`/api/returnees/${people[0].id}/notes`)
      .set(as(cw))
      .send({ kind: 'counselling', date: today, durationMinutes: 50, text: noteText, confidential: true });
    expect(n.status).toBe(201);
    expect(
      (
        await http
          .put(`/api/notes/${n.body.id}`)
          .set(as(cw))
          .send({ text: `${noteText} (уточнено)` })
      ).status,
    ).toBe(200);
    expect(
      (
        await http
          .post(`/api/returnees/${people[0].id}/notes`)
          .set(as(cw))
          .send({ kind: 'counselling', date: '2999-01-01', durationMinutes: 5, text: noteText })
      ).status,
    ).toBe(400);
    for (const q of [secretWord, secretWord.slice(0, 6)]) {
      const found = await http
        .get(`/api/returnees/${people[0].id}/notes`)
        .query({ filter: JSON.stringify({ q }) })
        .set(as(sup));
      expect(found.body.map((x: { id: string }) => x.id)).toEqual([n.body.id]);
    }

    // a message to the returnee (issue 18): its text is sealed, and neither it nor a refused one reaches a log
    const messageWord = `Жолугушуу${randomBytes(4).toString('hex')}`;
    needles.add(messageWord);
    expect(
      (
        await http
          .post('/api/consents')
          .set(as(cw))
          .send({ returneeId: people[0].id, scope: ['contact_by_phone'], givenAt: new Date().toISOString() })
      ).status,
    ).toBe(201);
    const sentMsg = await http
      .post(`/api/returnees/${people[0].id}/messages`)
      .set(as(cw))
      .send({ text: `${messageWord} эртең саат 10:00` });
    expect(sentMsg.status).toBe(201);
    expect(
      (
        await http
          .post(`/api/returnees/${people[0].id}/messages`)
          .set(as(cw))
          .send({ text: `${messageWord} туберкулёз` })
      ).status,
    ).toBe(422);
    const convo = await http
      .get('/api/messages')
      .query({ filter: JSON.stringify({ returneeId: people[0].id }) })
      .set(as(sup));
    expect(convo.body.map((x: { text: string }) => x.text)).toContain(`${messageWord} эртең саат 10:00`);

    // let the worker relay and deliver what the run queued, then stop both processes so every line is flushed
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stop(api);
    await stop(worker);

    const logs = { api: readFileSync(apiLog, 'utf8'), worker: readFileSync(workerLog, 'utf8') };
    // the capture is real: request lines (info) and the import job's own debug lines are in it
    expect(logs.api).toMatch(/"url":"\/api\/returnees\?filter=…"/);
    expect(logs.worker).toContain('"level":20');
    expect(logs.worker).toMatch(/import [0-9a-f-]{36}: read \d+ ms/);
    expect(needles.size).toBeGreaterThan(50);
    const leaks = Object.entries(logs).flatMap(([name, text]) => [...needles].filter((n) => text.includes(n)).map((n) => `${name}: …${n.slice(-4)}`));
    expect(leaks).toEqual([]);

    // nor in clear anywhere in the database: every row of every table, queue tables included
    const { rows: tables } = await db.query(
      `SELECT format('%I.%I', table_schema, table_name) AS t FROM information_schema.tables WHERE table_schema IN ('public', 'bullmq') AND table_type = 'BASE TABLE'`,
    );
    const dbLeaks: string[] = [];
    for (const { t } of tables) {
      const { rows } = await db.query(`SELECT x::text AS j FROM ${t} x`);
      for (const r of rows) for (const n of needles) if (n.length >= 9 && r.j.includes(n)) dbLeaks.push(`${t}: …${n.slice(-4)}`);
    }
    expect(dbLeaks).toEqual([]);
  }, 180_000);
});
