import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { Clock } from '@kaytuu/shared';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Row = Record<string, string | number | null>;
type Report = { report: string; filters: Record<string, unknown>; generatedAt: string; columns: Array<{ key: string; kind: string }>; rows: Row[] };

// Every expected figure below is counted by hand from this fixture (not by the report SQL).
// Range 2026-01-01…2026-06-30 (Bishkek days); age bands at 2026-06-30.
//
// Osh office returnees (registered, Bishkek time):
//   R1 female 2000-03-01 (26 → 25_29) osh      latest episode RU entry_ban        2026-01-10
//   R2 male   2008-07-01 (17 at the range end, 18 on NOW → under_18) osh   KZ deported                        2026-01-20
//   R3 male   1980-07-01 (45 → 40_49) osh_city KZ economic (2015), then RU end_of_contract (2020: the latest) 2026-02-05
//   R4 female 1990-06-30 (36 → 30_39) osh      RU entry_ban   2026-03-31T19:00Z = 2026-04-01 01:00 Bishkek → April, Q2
//   R5 male   1970-01-01 (56 → 50_plus) osh    RU entry_ban   2025-12-31T20:00Z = 2026-01-01 02:00 Bishkek → January
//   R6 female 2001-01-01 osh                                   2025-12-31T17:00Z = 2025-12-31 23:00 Bishkek → outside
// Bishkek office: B1, B2 female, registered 2026-02-10.
const RANGE = 'from=2026-01-01&to=2026-06-30';
// "today" for overdue cases and age bands: after the range, so ages are taken at 2026-06-30
const NOW = new Date('2026-11-26T06:00:00Z');
const at = (iso: string) => new Date(iso).toISOString();

describe('reports API', () => {
  let t: TestApp;
  let osh: { id: string };
  let bishkek: { id: string };
  let supOsh: GivenUser;
  let supOshKy: GivenUser;
  let supBishkek: GivenUser;
  let admin: GivenUser;
  let adminEn: GivenUser;
  let cwOsh: GivenUser;
  let ngo: GivenUser;

  const get = (u: GivenUser, path: string) => t.http.get(`/api/reports/${path}`).set(bearer(u));
  const report = async (u: GivenUser, path: string): Promise<Report> => {
    const res = await get(u, path);
    expect(res.status).toBe(200);
    return res.body as Report;
  };
  // rows keyed by their dimension values, for order-independent comparison
  const byKey = (r: Report): Record<string, Row> => {
    const dims = r.columns.filter((c) => c.kind === 'dimension' && c.key !== 'organizationId').map((c) => c.key);
    const measures = r.columns.filter((c) => c.kind === 'measure').map((c) => c.key);
    return Object.fromEntries(r.rows.map((row) => [dims.map((d) => row[d]).join('|') || 'all', Object.fromEntries(measures.map((m) => [m, row[m]]))]));
  };

  beforeAll(async () => {
    t = await createTestApp();
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(NOW);
    osh = await t.given.office({ name: 'Ош', oblast: 'osh' });
    bishkek = await t.given.office({ name: 'Бишкек', oblast: 'bishkek' });
    supOsh = await t.given.user('supervisor', { officeId: osh.id, fullName: 'Нурлан Осмонов' });
    supOshKy = await t.given.user('supervisor', { officeId: osh.id, fullName: 'Айгүл Асанова' });
    adminEn = await t.given.user('admin', { fullName: 'Dana Admin' });
    await t.db.query(`UPDATE app_user SET locale = 'ky' WHERE id = $1`, [supOshKy.id]);
    await t.db.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [adminEn.id]);
    supBishkek = await t.given.user('supervisor', { officeId: bishkek.id });
    cwOsh = await t.given.user('caseworker', { officeId: osh.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
    const db = t.db;

    const person = async (officeId: string, sex: string, birthDate: string, oblast: string, createdAt: string, episodes: Array<[string, string, string]>) => {
      const r = await t.given.returnee({ officeId, sex, birthDate });
      await db.query(`UPDATE returnee SET oblast = $2, created_at = $3 WHERE id = $1`, [r.id, oblast, createdAt]);
      for (const [i, [country, reason, departed]] of episodes.entries()) {
        await db.query(
          `INSERT INTO migration_episode (returnee_id, position, country, departed_on, returned_on, sector, return_reason) VALUES ($1,$2,$3,$4,$4::date + 300,'construction',$5)`,
          [r.id, i, country, departed, reason],
        );
      }
      const { rows } = await db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{data_processing,share_with_ngo}', $2) RETURNING id`, [
        r.id,
        createdAt,
      ]);
      return { id: r.id, consentId: rows[0].id as string };
    };
    const R1 = await person(osh.id, 'female', '2000-03-01', 'osh', at('2026-01-10T06:00:00Z'), [['RU', 'entry_ban', '2023-03-01']]);
    const R2 = await person(osh.id, 'male', '2008-07-01', 'osh', at('2026-01-20T06:00:00Z'), [['KZ', 'deported', '2025-01-01']]);
    const R3 = await person(osh.id, 'male', '1980-07-01', 'osh_city', at('2026-02-05T06:00:00Z'), [
      ['KZ', 'economic', '2015-01-01'],
      ['RU', 'end_of_contract', '2020-01-01'],
    ]);
    const R4 = await person(osh.id, 'female', '1990-06-30', 'osh', at('2026-03-31T19:00:00Z'), [['RU', 'entry_ban', '2024-01-01']]);
    const R5 = await person(osh.id, 'male', '1970-01-01', 'osh', at('2025-12-31T20:00:00Z'), [['RU', 'entry_ban', '2022-01-01']]);
    await person(osh.id, 'female', '2001-01-01', 'osh', at('2025-12-31T17:00:00Z'), [['RU', 'family', '2022-01-01']]);
    const B1 = await person(bishkek.id, 'female', '1995-01-01', 'bishkek', at('2026-02-10T06:00:00Z'), [['TR', 'health', '2024-01-01']]);
    await person(bishkek.id, 'female', '1996-01-01', 'bishkek', at('2026-02-10T07:00:00Z'), [['TR', 'health', '2024-01-01']]);

    // Cases: C1 on time (26 days), C2 closed after due (30 days), C3 open past due, C4 open without due,
    // C5 opened before the range and closed in it (41 days); Bishkek CB1 (4 days).
    const caseOf = async (p: { returneeId: string; officeId: string; type: string; status: string; openedAt: string; dueAt?: string; closedAt?: string }) => {
      const c = await t.given.caseFile({ returneeId: p.returneeId, officeId: p.officeId, type: p.type, status: p.status });
      await db.query(`UPDATE case_file SET opened_at = $2, due_at = $3, closed_at = $4 WHERE id = $1`, [c.id, p.openedAt, p.dueAt ?? null, p.closedAt ?? null]);
      return c.id;
    };
    const C1 = await caseOf({
      returneeId: R1.id,
      officeId: osh.id,
      type: 'legal_aid',
      status: 'closed',
      openedAt: '2026-01-15T04:00:00Z',
      dueAt: '2026-02-15T04:00:00Z',
      closedAt: '2026-02-10T04:00:00Z',
    });
    const C2 = await caseOf({
      returneeId: R2.id,
      officeId: osh.id,
      type: 'health_referral',
      status: 'closed',
      openedAt: '2026-02-01T04:00:00Z',
      dueAt: '2026-02-20T04:00:00Z',
      closedAt: '2026-03-03T04:00:00Z',
    });
    const C3 = await caseOf({
      returneeId: R3.id,
      officeId: osh.id,
      type: 'legal_aid',
      status: 'in_progress',
      openedAt: '2026-03-01T04:00:00Z',
      dueAt: '2026-03-10T04:00:00Z',
    });
    const C4 = await caseOf({ returneeId: R4.id, officeId: osh.id, type: 'job_placement', status: 'open', openedAt: '2026-04-10T04:00:00Z' });
    await caseOf({
      returneeId: R5.id,
      officeId: osh.id,
      type: 'legal_aid',
      status: 'closed',
      openedAt: '2025-12-01T04:00:00Z',
      closedAt: '2026-01-11T04:00:00Z',
    });
    const CB1 = await caseOf({
      returneeId: B1.id,
      officeId: bishkek.id,
      type: 'legal_aid',
      status: 'closed',
      openedAt: '2026-02-01T04:00:00Z',
      closedAt: '2026-02-05T04:00:00Z',
    });

    // Referrals: X1 accepted after 12 h and completed, X2 accepted after 36 h, X3 declined after 6 h, X4 unanswered;
    // Bishkek XB1 accepted after 100 h.
    const orgA = await t.given.organization({ name: 'Право и помощь' });
    const orgB = await t.given.organization({ name: 'Здоровье' });
    const referral = async (
      caseId: string,
      who: { id: string; consentId: string },
      officeId: string,
      orgId: string,
      status: string,
      sentAt: string,
      answer: { acceptedH?: number; declinedH?: number; completedAt?: string },
    ) => {
      const plus = (h?: number) => (h === undefined ? null : new Date(Date.parse(sentAt) + h * 3_600_000).toISOString());
      await db.query(
        `INSERT INTO referral (case_id, returnee_id, office_id, organization_id, consent_id, status, reason, shared_fields, sent_at, respond_by, accepted_at, declined_at, completed_at, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,'Помощь','{name}',$7,$7::timestamptz + interval '7 days',$8,$9,$10,$11)`,
        [caseId, who.id, officeId, orgId, who.consentId, status, sentAt, plus(answer.acceptedH), plus(answer.declinedH), answer.completedAt ?? null, supOsh.id],
      );
    };
    await referral(C1, R1, osh.id, orgA.id, 'completed', '2026-01-16T04:00:00Z', { acceptedH: 12, completedAt: '2026-02-01T04:00:00Z' });
    await referral(C3, R3, osh.id, orgA.id, 'accepted', '2026-03-02T04:00:00Z', { acceptedH: 36 });
    await referral(C2, R2, osh.id, orgB.id, 'declined', '2026-02-02T04:00:00Z', { declinedH: 6 });
    await referral(C4, R4, osh.id, orgA.id, 'sent', '2026-04-11T04:00:00Z', {});
    await referral(CB1, B1, bishkek.id, orgA.id, 'accepted', '2026-02-01T04:00:00Z', { acceptedH: 100 });

    // Follow-ups due in the range: F1 done, F2 missed (C1), F3 done (C2), F4 cancelled (not counted), F5 scheduled (C4);
    // F6 done but due after the range; Bishkek FB1 done.
    const followUp = async (caseId: string, returneeId: string, officeId: string, status: string, dueAt: string) =>
      db.query(`INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, status, due_at) VALUES ($1,$2,$3,$4,'call',$5,$6)`, [
        caseId,
        returneeId,
        officeId,
        cwOsh.id,
        status,
        dueAt,
      ]);
    await followUp(C1, R1.id, osh.id, 'done', '2026-02-20T04:00:00Z');
    await followUp(C1, R1.id, osh.id, 'missed', '2026-03-20T04:00:00Z');
    await followUp(C2, R2.id, osh.id, 'done', '2026-03-15T04:00:00Z');
    await followUp(C3, R3.id, osh.id, 'cancelled', '2026-04-01T04:00:00Z');
    await followUp(C4, R4.id, osh.id, 'scheduled', '2026-05-01T04:00:00Z');
    await followUp(C3, R3.id, osh.id, 'done', '2026-07-05T04:00:00Z');
    await followUp(CB1, B1.id, bishkek.id, 'done', '2026-02-10T04:00:00Z');
  });

  afterAll(async () => t?.close());

  describe('returnees registered', () => {
    it('should count the office returnees registered in Bishkek days of the range when a supervisor asks', async () => {
      const r = await report(supOsh, `returnees?${RANGE}`);
      expect(r.report).toBe('returnees');
      expect(r.filters).toMatchObject({ from: '2026-01-01', to: '2026-06-30', officeId: osh.id, share: 'internal' });
      expect(byKey(r)).toEqual({ all: { registered: 5 } });
    });

    it('should cover the last 12 calendar months up to today when no dates are given', async () => {
      const r = await report(supOsh, 'returnees');
      expect(r.filters).toMatchObject({ from: '2025-12-01', to: '2026-11-26' });
      // R6 (31 December 2025 in Bishkek) is now inside the range
      expect(byKey(r)).toEqual({ all: { registered: 6 } });
    });

    it('should break down by oblast and sex when two breakdowns are asked', async () => {
      const r = await report(supOsh, `returnees?${RANGE}&by=oblast,sex`);
      expect(r.columns.map((c) => c.key)).toEqual(['oblast', 'sex', 'registered']);
      expect(byKey(r)).toEqual({ 'osh|female': { registered: 2 }, 'osh|male': { registered: 2 }, 'osh_city|male': { registered: 1 } });
    });

    it('should place people in age bands at the end of the range when by=ageBand', async () => {
      const r = await report(supOsh, `returnees?${RANGE}&by=ageBand`);
      expect(byKey(r)).toEqual({
        under_18: { registered: 1 },
        '25_29': { registered: 1 },
        '30_39': { registered: 1 },
        '40_49': { registered: 1 },
        '50_plus': { registered: 1 },
      });
    });

    it('should use the latest migration episode when broken down by country and return reason', async () => {
      expect(byKey(await report(supOsh, `returnees?${RANGE}&by=country`))).toEqual({ KZ: { registered: 1 }, RU: { registered: 4 } });
      expect(byKey(await report(supOsh, `returnees?${RANGE}&by=returnReason`))).toEqual({
        deported: { registered: 1 },
        end_of_contract: { registered: 1 },
        entry_ban: { registered: 3 },
      });
    });

    it('should group by Bishkek month or quarter when by=period', async () => {
      expect(byKey(await report(supOsh, `returnees?${RANGE}&by=period&period=month`))).toEqual({
        '2026-01': { registered: 3 },
        '2026-02': { registered: 1 },
        '2026-04': { registered: 1 },
      });
      const q = await report(supOsh, `returnees?${RANGE}&by=period&period=quarter`);
      expect(q.filters.period).toBe('quarter');
      expect(byKey(q)).toEqual({ '2026-Q1': { registered: 4 }, '2026-Q2': { registered: 1 } });
    });

    it('should count every office when an admin asks, and one office when the admin picks it', async () => {
      expect(byKey(await report(admin, `returnees?${RANGE}&by=sex`))).toEqual({ female: { registered: 4 }, male: { registered: 3 } });
      expect(byKey(await report(admin, `returnees?${RANGE}&officeId=${bishkek.id}`))).toEqual({ all: { registered: 2 } });
    });
  });

  describe('cases', () => {
    it('should count opened, closed and overdue cases by type when a supervisor asks', async () => {
      const r = await report(supOsh, `cases?${RANGE}&by=caseType`);
      expect(byKey(r)).toEqual({
        health_referral: { opened: 1, closed: 1, overdue: 1 },
        job_placement: { opened: 1, closed: 0, overdue: 0 },
        legal_aid: { opened: 2, closed: 2, overdue: 1 },
      });
    });

    it('should group by the current case status when by=status', async () => {
      expect(byKey(await report(supOsh, `cases?${RANGE}&by=status`))).toEqual({
        closed: { opened: 2, closed: 3, overdue: 1 },
        in_progress: { opened: 1, closed: 0, overdue: 1 },
        open: { opened: 1, closed: 0, overdue: 0 },
      });
    });

    it('should give the median days to close when time-to-close is asked', async () => {
      expect(byKey(await report(supOsh, `time-to-close?${RANGE}`))).toEqual({ all: { closed: 3, medianDays: 30 } });
      expect(byKey(await report(supOsh, `time-to-close?${RANGE}&by=caseType`))).toEqual({
        health_referral: { closed: 1, medianDays: 30 },
        legal_aid: { closed: 2, medianDays: 33.5 },
      });
      expect(byKey(await report(admin, `time-to-close?${RANGE}`))).toEqual({ all: { closed: 4, medianDays: 28 } });
    });
  });

  describe('referrals and follow-ups', () => {
    it('should count referrals per organisation with the median response hours when a supervisor asks', async () => {
      const r = await report(supOsh, `referrals?${RANGE}`);
      expect(byKey(r)).toEqual({
        Здоровье: { sent: 1, accepted: 0, completed: 0, medianResponseHours: 6 },
        'Право и помощь': { sent: 3, accepted: 2, completed: 1, medianResponseHours: 24 },
      });
      const all = await report(admin, `referrals?${RANGE}`);
      expect(byKey(all)['Право и помощь']).toEqual({ sent: 4, accepted: 3, completed: 1, medianResponseHours: 36 });
    });

    it('should count follow-ups due, done and missed without cancelled ones when a supervisor asks', async () => {
      expect(byKey(await report(supOsh, `follow-ups?${RANGE}`))).toEqual({ all: { due: 4, done: 2, missed: 1 } });
      expect(byKey(await report(supOsh, `follow-ups?${RANGE}&by=caseType`))).toEqual({
        health_referral: { due: 1, done: 1, missed: 0 },
        job_placement: { due: 1, done: 0, missed: 0 },
        legal_aid: { due: 2, done: 1, missed: 1 },
      });
      expect(byKey(await report(admin, `follow-ups?${RANGE}`))).toEqual({ all: { due: 5, done: 3, missed: 1 } });
    });
  });

  describe('scope and roles', () => {
    it('should never show Bishkek numbers when the supervisor of Osh asks', async () => {
      expect(byKey(await report(supOsh, `returnees?${RANGE}&by=oblast`))).not.toHaveProperty('bishkek');
      expect(byKey(await report(supOsh, `cases?${RANGE}`))).toEqual({ all: { opened: 4, closed: 3, overdue: 2 } });
      expect(byKey(await report(supBishkek, `cases?${RANGE}`))).toEqual({ all: { opened: 1, closed: 1, overdue: 0 } });
      const res = await get(supOsh, `cases?${RANGE}&officeId=${bishkek.id}`);
      expect(res.status).toBe(403);
    });

    it('should refuse with 403 when a caseworker or NGO staff asks for a report', async () => {
      expect((await get(cwOsh, `returnees?${RANGE}`)).status).toBe(403);
      expect((await get(ngo, `referrals?${RANGE}`)).status).toBe(403);
    });

    it('should answer 400 with the field when a breakdown, period, format or date is wrong', async () => {
      const cases: Array<[string, string]> = [
        [`returnees?by=height`, 'by'],
        [`returnees?by=sex,ageBand,oblast`, 'by'],
        [`returnees?by=status`, 'by'],
        [`returnees?by=period&period=week`, 'period'],
        [`returnees?format=pdf`, 'format'],
        [`returnees?share=public`, 'share'],
        [`returnees?from=2026-02-30`, 'from'],
        [`returnees?from=2026-06-01&to=2026-01-01`, 'from'],
        [`returnees?colour=red`, 'colour'],
        [`salaries`, 'report'],
      ];
      for (const [path, field] of cases) {
        const res = await get(supOsh, path);
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
        expect(res.body.errors).toHaveProperty(field);
      }
    });
  });

  describe('small-cell suppression', () => {
    it('should show people counts from 1 to 4 as <5 when the report is for sharing outside the office', async () => {
      const r = await report(supOsh, `cases?${RANGE}&by=caseType&share=external`);
      expect(byKey(r)).toEqual({
        health_referral: { opened: '<5', closed: '<5', overdue: '<5' },
        job_placement: { opened: '<5', closed: 0, overdue: 0 },
        legal_aid: { opened: '<5', closed: '<5', overdue: '<5' },
      });
      expect(byKey(await report(supOsh, `returnees?${RANGE}&share=external`))).toEqual({ all: { registered: 5 } });
      // a median over fewer than 5 people is suppressed with them
      expect(byKey(await report(supOsh, `time-to-close?${RANGE}&share=external`))).toEqual({ all: { closed: '<5', medianDays: '<5' } });
      expect(byKey(await report(supOsh, `time-to-close?${RANGE}`))).toEqual({ all: { closed: 3, medianDays: 30 } });
    });
  });

  describe('exports', () => {
    const exportsBy = async (u: GivenUser): Promise<Array<{ entityId: string; diff: Record<string, unknown> }>> =>
      (
        await t.db.query(`SELECT entity_id AS "entityId", diff FROM audit_log WHERE action = 'export' AND entity = 'report' AND actor_id = $1 ORDER BY id`, [
          u.id,
        ])
      ).rows;
    // supertest buffers only text by default; collect the XLSX bytes
    const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      const stream = res as unknown as NodeJS.ReadableStream;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    };

    it('should stream a CSV with the header block and the same numbers when format=csv', async () => {
      const json = await report(supOsh, `cases?${RANGE}&by=caseType`);
      const before = (await exportsBy(supOsh)).length;
      const res = await get(supOsh, `cases?${RANGE}&by=caseType&format=csv&codes=true`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="kaytuu-cases-2026-01-01-2026-06-30.csv"');
      const lines = res.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(lines[0]).toBe('# report,cases');
      expect(lines[1]).toContain('from=2026-01-01');
      expect(lines[2]).toMatch(/^# generated at,\d{4}-/);
      expect(lines[3]).toBe('caseType,opened,closed,overdue');
      const parsed = lines.slice(4).map((l) => l.split(','));
      expect(parsed).toEqual(json.rows.map((r) => [r.caseType, String(r.opened), String(r.closed), String(r.overdue)]));
      expect(parsed).toContainEqual(['legal_aid', '2', '2', '1']);
      const audit = await exportsBy(supOsh);
      expect(audit.length).toBe(before + 1);
      expect(audit[audit.length - 1]).toMatchObject({
        entityId: 'cases',
        diff: { format: 'csv', from: '2026-01-01', to: '2026-06-30', share: 'internal', officeId: osh.id },
      });
    });

    it('should stream an XLSX whose info and data sheets read back to the same numbers when format=xlsx', async () => {
      const json = await report(supOsh, `referrals?${RANGE}&share=external`);
      const before = (await exportsBy(supOsh)).length;
      const res = await get(supOsh, `referrals?${RANGE}&share=external&format=xlsx&codes=true`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="kaytuu-referrals-2026-01-01-2026-06-30.xlsx"');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      const info = wb.getWorksheet('info')!;
      expect(info.getRow(1).values).toEqual([undefined, 'report', 'referrals']);
      expect(String(info.getRow(2).getCell(2).value)).toContain('share=external');
      const data = wb.getWorksheet('data')!;
      const rows: unknown[][] = [];
      data.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]).toEqual(['organizationId', 'organization', 'sent', 'accepted', 'completed', 'medianResponseHours']);
      expect(rows.slice(1)).toEqual(json.rows.map((r) => [r.organizationId, r.organization, r.sent, r.accepted, r.completed, r.medianResponseHours]));
      expect(rows.slice(1).map((r) => r.slice(1))).toContainEqual(['Право и помощь', '<5', '<5', '<5', '<5']);
      const audit = await exportsBy(supOsh);
      expect(audit.length).toBe(before + 1);
      expect(audit[audit.length - 1]).toMatchObject({ entityId: 'referrals', diff: { format: 'xlsx', share: 'external' } });
    });

    const csvOf = async (u: GivenUser, path: string): Promise<string[][]> => {
      const res = await get(u, path);
      expect(res.status).toBe(200);
      return parse(res.text, { bom: true, relax_column_count: true }) as string[][];
    };
    const xlsxOf = async (u: GivenUser, path: string): Promise<ExcelJS.Workbook> => {
      const res = await get(u, path).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      return wb;
    };

    it('should write a CSV in Kyrgyz for a Kyrgyz-speaking supervisor: labels, office name, name, Bishkek time', async () => {
      const lines = await csvOf(supOshKy, `returnees?${RANGE}&by=sex,oblast&format=csv`);
      expect(lines.slice(0, 8)).toEqual([
        ['Отчет', 'Катталган кайткандар'],
        ['Даталар', '2026-01-01 – 2026-06-30'],
        [expect.any(String), 'Ош'],
        [expect.any(String), 'Жынысы, Облус'],
        [expect.any(String), expect.any(String)],
        ['Түзгөн', 'Айгүл Асанова'],
        ['Түзүлгөн убакыт', '2026-11-26 12:00 (UTC+06:00)'],
        [''],
      ]);
      expect(lines[8]).toEqual(['Жынысы', 'Облус', 'Катталды']);
      expect(lines.slice(9)).toEqual(
        expect.arrayContaining([
          ['Аял', 'Ош облусу', '2'],
          ['Эркек', 'Ош облусу', '2'],
          ['Эркек', 'Ош ш.', '1'],
        ]),
      );
      expect(lines.length).toBe(12);
      const text = JSON.stringify(lines);
      for (const code of ['female', 'osh_city', osh.id, 'T06:00']) expect(text).not.toContain(code);
    });

    it('should write the same report in Russian for a Russian-speaking supervisor, countries and case words included', async () => {
      const byCountry = await csvOf(supOsh, `returnees?${RANGE}&by=country&format=csv`);
      expect(byCountry[0]).toEqual(['Отчёт', 'Зарегистрированные вернувшиеся']);
      expect(byCountry).toContainEqual(['Сформировал(а)', 'Нурлан Осмонов']);
      expect(byCountry).toContainEqual(['Офис', 'Ош']);
      expect(byCountry).toContainEqual(['Разбивка', 'Страна назначения']);
      expect(byCountry).toContainEqual(['Сформирован', '2026-11-26 12:00 (UTC+06:00)']);
      expect(byCountry.slice(-3)).toEqual([
        ['Страна назначения', 'Зарегистрировано'],
        ['Казахстан', '1'],
        ['Россия', '4'],
      ]);
      const ky = await csvOf(supOshKy, `returnees?${RANGE}&by=country&format=csv`);
      expect(ky.slice(-2)).toEqual([
        ['Казакстан', '1'],
        ['Орусия', '4'],
      ]);

      const cases = await csvOf(supOsh, `cases?${RANGE}&by=caseType,status&format=csv`);
      expect(cases).toContainEqual(['Тип дела', 'Статус', 'Открыто', 'Закрыто', 'Просрочено']);
      expect(cases).toContainEqual(['Юридическая помощь', 'В работе', '1', '0', '1']);
      expect(cases).toContainEqual(['Трудоустройство', 'Открыто', '1', '0', '0']);
    });

    it('should name quarters in the language of the reader as the console does, and keep the code with codes=true', async () => {
      const quarters = async (u: GivenUser, codes = '') => (await csvOf(u, `returnees?${RANGE}&by=period&period=quarter&format=csv${codes}`)).slice(-2);
      expect(await quarters(supOsh)).toEqual([
        ['1 кв. 2026 г.', '4'],
        ['2 кв. 2026 г.', '1'],
      ]);
      expect(await quarters(supOshKy)).toEqual([
        ['2026-ж. 1-чейрек', '4'],
        ['2026-ж. 2-чейрек', '1'],
      ]);
      expect((await quarters(adminEn)).map((r) => r[0])).toEqual(['Q1 2026', 'Q2 2026']);
      expect(await quarters(supOshKy, '&codes=true')).toEqual([
        ['2026-Q1', '4'],
        ['2026-Q2', '1'],
      ]);
      const wb = await xlsxOf(supOsh, `returnees?${RANGE}&by=period&period=quarter&format=xlsx`);
      const rows: unknown[][] = [];
      wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows).toContainEqual(['Период', 'Квартал']);
      expect(rows.slice(-2)).toEqual([
        ['1 кв. 2026 г.', 4],
        ['2 кв. 2026 г.', 1],
      ]);
    });

    it('should give codes, ids and UTC timestamps as before when codes=true', async () => {
      const lines = await csvOf(supOshKy, `returnees?${RANGE}&by=sex,oblast&format=csv&codes=true`);
      expect(lines[0]).toEqual(['# report', 'returnees']);
      expect(lines[1][1]).toContain(`officeId=${osh.id}`);
      expect(lines[2]).toEqual(['# generated at', '2026-11-26T06:00:00.000Z']);
      expect(lines[3]).toEqual(['sex', 'oblast', 'registered']);
      expect(lines.slice(4)).toEqual(
        expect.arrayContaining([
          ['female', 'osh', '2'],
          ['male', 'osh_city', '1'],
        ]),
      );
      expect((await get(supOsh, `returnees?${RANGE}&format=csv&codes=yes`)).status).toBe(400);
    });

    it('should write one XLSX sheet in English with the header block, organisation names and numbers as numbers', async () => {
      const wb = await xlsxOf(adminEn, `referrals?${RANGE}&by=status&officeId=${osh.id}&format=xlsx`);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Report']);
      const sheet = wb.getWorksheet('Report')!;
      const rows: unknown[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows.slice(0, 8)).toEqual([
        ['Report', 'Referrals per organisation'],
        ['Dates', '2026-01-01 – 2026-06-30'],
        ['Office', 'Ош'],
        ['Breakdown', 'Status'],
        ['Intended for', 'Internal use in the office'],
        ['Generated by', 'Dana Admin'],
        ['Generated at', '2026-11-26 12:00 (UTC+06:00)'],
        [],
      ]);
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(rows[8]).toEqual(['Organisation', 'Status', 'Sent', 'Accepted', 'Completed', 'Median response, hours']);
      expect(sheet.getRow(9).getCell(1).font?.bold).toBe(true);
      expect(rows.slice(9)).toEqual(
        expect.arrayContaining([
          ['Право и помощь', 'Completed', 1, 1, 1, 12],
          ['Здоровье', 'Declined', 1, 0, 0, 6],
        ]),
      );
      expect(JSON.stringify(rows)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      const all = await xlsxOf(adminEn, `returnees?${RANGE}&format=xlsx`);
      const office: unknown[] = [];
      all.worksheets[0].eachRow((row) => office.push((row.values as unknown[]).slice(1)));
      expect(office).toContainEqual(['Office', 'All offices']);
      // months are dates in the sheet (the first of the month, shown as yyyy-mm)
      const byMonth = await xlsxOf(supOsh, `returnees?${RANGE}&by=period&format=xlsx`);
      const monthRows: unknown[][] = [];
      byMonth.worksheets[0].eachRow((row) => monthRows.push((row.values as unknown[]).slice(1)));
      expect(monthRows).toContainEqual(['Период', 'Месяц']);
      expect(monthRows).toContainEqual([new Date('2026-01-01T00:00:00Z'), 3]);
      expect(monthRows).toContainEqual([new Date('2026-04-01T00:00:00Z'), 1]);
    });

    it('should write no export audit entry when the report is only viewed as JSON', async () => {
      const before = (await exportsBy(admin)).length;
      await report(admin, `returnees?${RANGE}`);
      expect((await exportsBy(admin)).length).toBe(before);
    });
  });
});

// The reintegration score change: each 6- or 12-month survey against the same person's intake survey, by hand.
describe('reports API: reintegration score change', () => {
  let t: TestApp;
  let supOsh: GivenUser;
  let admin: GivenUser;
  const DAY = 86_400_000;

  beforeAll(async () => {
    t = await createTestApp();
    const osh = await t.given.office({ name: 'Ош', oblast: 'osh' });
    const bishkek = await t.given.office({ name: 'Бишкек', oblast: 'bishkek' });
    supOsh = await t.given.user('supervisor', { officeId: osh.id });
    admin = await t.given.user('admin');
    const score = async (returneeId: string, occasion: string, daysAgo: number, [economic, social, psychosocial, overall]: number[]) =>
      t.db.query(
        `INSERT INTO reintegration_score (returnee_id, occasion, answers, economic, social, psychosocial, overall, survey_version, recorded_at)
         VALUES ($1, $2, '{}', $3, $4, $5, $6, 'test', $7)`,
        [returneeId, occasion, economic, social, psychosocial, overall, new Date(Date.now() - daysAgo * DAY)],
      );
    const a = await t.given.returnee({ officeId: osh.id, sex: 'female' });
    await score(a.id, 'intake', 200, [0.3, 0.5, 0.4, 0.4]);
    await score(a.id, 'monitoring_6m', 30, [0.5, 0.7, 0.6, 0.6]);
    const b = await t.given.returnee({ officeId: osh.id, sex: 'male' });
    await score(b.id, 'intake', 300, [0.5, 0.5, 0.5, 0.5]);
    await score(b.id, 'monitoring_6m', 100, [0.6, 0.5, 0.55, 0.55]);
    await score(b.id, 'monitoring_12m', 10, [0.7, 0.7, 0.7, 0.7]);
    // intake only: no change to report
    const c = await t.given.returnee({ officeId: osh.id, sex: 'female' });
    await score(c.id, 'intake', 50, [0.1, 0.1, 0.1, 0.1]);
    // another office
    const d = await t.given.returnee({ officeId: bishkek.id, sex: 'male' });
    await score(d.id, 'intake', 90, [0.2, 0.2, 0.2, 0.2]);
    await score(d.id, 'monitoring_6m', 20, [0.9, 0.9, 0.9, 0.9]);
  });
  afterAll(() => t.close());

  const rows = async (u: GivenUser, query: string) => {
    const res = await t.http.get(`/api/reports/score-change${query}`).set(bearer(u));
    expect(res.status).toBe(200);
    return res.body.rows as Array<Record<string, unknown>>;
  };

  it('should average the change from intake per occasion, within the supervisor’s office only', async () => {
    expect(await rows(supOsh, '')).toEqual([
      // 6 months: A +0.2 overall (+0.2 economic, +0.2 social, +0.2 psychosocial), B +0.05 (+0.1, 0, +0.05)
      { occasion: 'monitoring_12m', people: 1, changeOverall: 0.2, changeEconomic: 0.2, changeSocial: 0.2, changePsychosocial: 0.2 },
      { occasion: 'monitoring_6m', people: 2, changeOverall: 0.125, changeEconomic: 0.15, changeSocial: 0.1, changePsychosocial: 0.125 },
    ]);
    const bySex = await rows(supOsh, '?by=sex');
    expect(bySex).toContainEqual(expect.objectContaining({ occasion: 'monitoring_6m', sex: 'male', people: 1, changeOverall: 0.05, changeSocial: 0 }));
    expect(bySex).toContainEqual(expect.objectContaining({ occasion: 'monitoring_6m', sex: 'female', people: 1, changeOverall: 0.2 }));
  });

  it('should include every office for an admin and suppress small cells when shared outside the office', async () => {
    // 6 months over both offices: (0.2 + 0.05 + 0.7) / 3
    expect(await rows(admin, '')).toContainEqual(expect.objectContaining({ occasion: 'monitoring_6m', people: 3, changeOverall: 0.317 }));
    // an average over fewer than 5 people says as much about them as the count
    expect(await rows(admin, '?share=external')).toContainEqual(
      expect.objectContaining({ occasion: 'monitoring_6m', people: '<5', changeOverall: '<5', changeSocial: '<5' }),
    );
  });
});
