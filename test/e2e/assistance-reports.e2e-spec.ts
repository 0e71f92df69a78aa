import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Row = Record<string, string | number | null>;
type Body = Record<string, unknown>;
type Line = Record<string, string | number>;

const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const TODAY = day(0);
const M = 1_000_000;

// Assistance reports and donor statements (issue 19). Every figure below is counted by hand from this fixture, which
// goes through the assistance API (programmes, proposals, approvals, disbursements, cancels):
// KGS programme (state fund), business_grant line 100 000 000 tyiyn:
//   Osh office: F1 1M disbursed, F2 2M disbursed, F3 3M disbursed (female); M1 4M disbursed 3.5M (0.5M released);
//     M2 10M approved then cancelled (10M released); M3 a proposed in_kind item only (no ledger entry).
//   Bishkek office: B1 (male) 5M disbursed.
//   → people 6, items 6, committed 25M, released 10.5M, disbursed 14.5M, average grant 25M/6, median 3.5M.
// USD programme (donor), training_voucher line: F1 and M1 50 000 cents each, approved; F1's disbursed.
describe('reports API: assistance and donor statements', () => {
  let t: TestApp;
  let cwOsh: GivenUser;
  let supOsh: GivenUser;
  let cwB: GivenUser;
  let supB: GivenUser;
  let admin: GivenUser;
  let donorUsd: GivenUser;
  let donorKgs: GivenUser;
  let kgs: string;
  let usd: string;
  let someone: string;

  const ok = async (res: request.Response | Promise<request.Response>, status: number) => {
    const r = await res;
    if (r.status !== status) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Body & { id: string };
  };
  const programme = async (body: Body) => (await ok(t.http.post('/api/programmes').set(bearer(admin)).send(body), 201)).id;
  const item = async (cw: GivenUser, returneeId: string, programmeId: string, type: string, amountMinor: number, currency: string) =>
    (
      await ok(
        t.http
          .post('/api/assistance')
          .set(bearer(cw))
          .send({
            returneeId,
            programmeId,
            type,
            amountMinor,
            currency,
            justification: 'Бизнес-план',
            ...(type === 'in_kind' ? { details: { items: [{ name: 'Станок', quantity: 1 }], supplier: 'ОсОО Темир' } } : {}),
            ...(type === 'training_voucher' ? { details: { course: 'Сварщик', provider: 'Лицей №5' } } : {}),
          }),
        201,
      )
    ).id;
  const step = (u: GivenUser, id: string, s: string, body: Body = {}) => ok(t.http.post(`/api/assistance/${id}/${s}`).set(bearer(u)).send(body), 200);
  const approved = async (cw: GivenUser, sup: GivenUser, returneeId: string, programmeId: string, type: string, amount: number, currency: string) => {
    const id = await item(cw, returneeId, programmeId, type, amount, currency);
    await step(sup, id, 'approve');
    return id;
  };
  const disburse = (cw: GivenUser, id: string, amountMinor?: number) =>
    step(cw, id, 'disburse', { disbursedOn: TODAY, method: 'bank_transfer', reference: 'PP-1', ...(amountMinor ? { amountMinor } : {}) });

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '10000', EXPORT_THROTTLE_PER_10_MINUTES: '1000' } });
    const osh = await t.given.office({ name: 'Ош', oblast: 'osh' });
    const bishkek = await t.given.office({ name: 'Бишкек', oblast: 'bishkek' });
    cwOsh = await t.given.user('caseworker', { officeId: osh.id });
    supOsh = await t.given.user('supervisor', { officeId: osh.id });
    cwB = await t.given.user('caseworker', { officeId: bishkek.id });
    supB = await t.given.user('supervisor', { officeId: bishkek.id });
    admin = await t.given.user('admin');
    donorUsd = await t.given.user('donor');
    donorKgs = await t.given.user('donor');
    const base = { startsOn: day(-60), endsOn: day(300), oblasts: [] };
    kgs = await programme({
      ...base,
      name: 'Государственный фонд миграции — старт-ап для вернувшихся',
      funder: 'Государственный фонд миграции',
      currency: 'KGS',
      assistanceTypes: ['business_grant', 'in_kind'],
      lines: [
        { assistanceType: 'business_grant', amountMinor: 100 * M },
        { assistanceType: 'in_kind', amountMinor: 20 * M },
      ],
    });
    usd = await programme({
      ...base,
      name: 'Skills for Return',
      funder: 'Donor',
      currency: 'USD',
      assistanceTypes: ['training_voucher'],
      lines: [{ assistanceType: 'training_voucher', amountMinor: 5 * M }],
    });
    await t.db.query(`INSERT INTO donor_programme (user_id, programme_id) VALUES ($1, $2), ($3, $4)`, [donorUsd.id, usd, donorKgs.id, kgs]);
    const person = async (officeId: string, sex: string, oblast: string) => {
      const r = await t.given.returnee({ officeId, sex, birthDate: '1990-03-01' });
      await t.db.query(`UPDATE returnee SET oblast = $2 WHERE id = $1`, [r.id, oblast]);
      return r.id;
    };
    const [f1, f2, f3, m1, m2, m3] = [
      await person(osh.id, 'female', 'osh'),
      await person(osh.id, 'female', 'osh'),
      await person(osh.id, 'female', 'osh'),
      await person(osh.id, 'male', 'osh'),
      await person(osh.id, 'male', 'osh'),
      await person(osh.id, 'male', 'osh'),
    ];
    someone = f1;
    const b1 = await person(bishkek.id, 'male', 'bishkek');
    for (const [r, amount] of [
      [f1, 1 * M],
      [f2, 2 * M],
      [f3, 3 * M],
    ] as const) {
      await disburse(cwOsh, await approved(cwOsh, supOsh, r, kgs, 'business_grant', amount, 'KGS'));
    }
    await disburse(cwOsh, await approved(cwOsh, supOsh, m1, kgs, 'business_grant', 4 * M, 'KGS'), 3.5 * M);
    await step(cwOsh, await approved(cwOsh, supOsh, m2, kgs, 'business_grant', 10 * M, 'KGS'), 'cancel', { reason: 'Уехал снова' });
    await item(cwOsh, m3, kgs, 'in_kind', 1 * M, 'KGS');
    await disburse(cwB, await approved(cwB, supB, b1, kgs, 'business_grant', 5 * M, 'KGS'));
    await disburse(cwOsh, await approved(cwOsh, supOsh, f1, usd, 'training_voucher', 50_000, 'USD'));
    await approved(cwOsh, supOsh, m1, usd, 'training_voucher', 50_000, 'USD');
  }, 120_000);
  afterAll(() => t.close());

  const report = async (u: GivenUser, query = '', status = 200) => {
    const res = await t.http.get(`/api/reports/assistance${query}`).set(bearer(u));
    expect([res.status, res.body.code]).toEqual([status, undefined]);
    return res.body as { rows: Row[]; filters: Body; columns: Array<{ key: string }> };
  };
  const strip = (rows: Row[]) => rows.map(({ programmeId: _id, programme: _name, ...rest }) => rest);

  describe('the assistance report', () => {
    it('should sum committed, released and disbursed per programme and currency, with the average and median grant', async () => {
      const { rows } = await report(admin);
      expect(rows.map((r) => r.programmeId).sort()).toEqual([kgs, usd].sort());
      const byCurrency = Object.fromEntries(strip(rows).map((r) => [r.currency, r]));
      expect(byCurrency.KGS).toEqual({
        currency: 'KGS',
        people: 6,
        items: 6,
        committedMinor: 25 * M,
        releasedMinor: 10.5 * M,
        disbursedMinor: 14.5 * M,
        averageGrantMinor: Math.round((25 * M) / 6),
        medianGrantMinor: 3.5 * M,
      });
      expect(byCurrency.USD).toEqual({
        currency: 'USD',
        people: 2,
        items: 2,
        committedMinor: 100_000,
        releasedMinor: 0,
        disbursedMinor: 50_000,
        averageGrantMinor: 50_000,
        medianGrantMinor: 50_000,
      });
    });

    it('should count the supervisor’s office only and break down by sex, oblast, type and month', async () => {
      const { rows } = await report(supOsh, `?programmeId=${kgs}`);
      expect(strip(rows)).toEqual([
        {
          currency: 'KGS',
          people: 5,
          items: 5,
          committedMinor: 20 * M,
          releasedMinor: 10.5 * M,
          disbursedMinor: 9.5 * M,
          averageGrantMinor: 4 * M,
          medianGrantMinor: 3 * M,
        },
      ]);
      const bySex = strip((await report(admin, `?programmeId=${kgs}&by=sex`)).rows);
      expect(bySex.map((r) => [r.sex, r.people, r.committedMinor, r.disbursedMinor])).toEqual([
        ['female', 3, 6 * M, 6 * M],
        ['male', 3, 19 * M, 8.5 * M],
      ]);
      const byOblast = strip((await report(admin, `?programmeId=${kgs}&by=oblast,assistanceType`)).rows);
      expect(byOblast.map((r) => [r.oblast, r.assistanceType, r.people, r.committedMinor])).toEqual([
        ['bishkek', 'business_grant', 1, 5 * M],
        ['osh', 'business_grant', 5, 20 * M],
      ]);
      const byMonth = strip((await report(admin, `?by=period`)).rows);
      expect(byMonth.map((r) => [r.currency, r.period, r.committedMinor]).sort()).toEqual([
        ['KGS', TODAY.slice(0, 7), 25 * M],
        ['USD', TODAY.slice(0, 7), 100_000],
      ]);
    });

    it('should suppress cells under 5 people, and a small row’s amounts, when shared outside the office', async () => {
      const { rows } = await report(supOsh, '?share=external');
      const byCurrency = Object.fromEntries(strip(rows).map((r) => [r.currency, r]));
      expect(byCurrency.KGS).toMatchObject({ people: 5, items: 5, committedMinor: 20 * M });
      expect(byCurrency.USD).toEqual({
        currency: 'USD',
        people: '<5',
        items: '<5',
        committedMinor: '<5',
        releasedMinor: '<5',
        disbursedMinor: '<5',
        averageGrantMinor: '<5',
        medianGrantMinor: '<5',
      });
    });

    it('should show a donor only its programmes, always suppressed, and refuse everything else', async () => {
      const mine = await report(donorKgs, '?share=internal&by=sex');
      expect(mine.filters.share).toBe('external');
      expect(mine.rows.every((r) => r.programmeId === kgs)).toBe(true);
      expect(strip(mine.rows).map((r) => [r.sex, r.people, r.committedMinor])).toEqual([
        ['female', '<5', '<5'],
        ['male', '<5', '<5'],
      ]);
      const total = await report(donorKgs);
      expect(strip(total.rows)).toEqual([expect.objectContaining({ currency: 'KGS', people: 6, committedMinor: 25 * M, disbursedMinor: 14.5 * M })]);
      // the USD donor: nothing of the KGS programme, not even that it has rows
      const other = await report(donorUsd);
      expect(other.rows.map((r) => r.programmeId)).toEqual([usd]);
      expect(JSON.stringify(other)).not.toContain(kgs);
      // a programme not granted answers exactly as one that does not exist
      const notGranted = await t.http.get(`/api/reports/assistance?programmeId=${kgs}`).set(bearer(donorUsd));
      const absent = await t.http.get(`/api/reports/assistance?programmeId=7d0b4c3e-1f2a-4b5c-8d9e-0a1b2c3d4e5f`).set(bearer(donorUsd));
      expect([notGranted.status, notGranted.body.code]).toEqual([404, 'NOT_FOUND']);
      expect(notGranted.body).toEqual(absent.body);
      // other reports and anything about a person
      for (const path of ['/api/reports/cases', '/api/reports/returnees?format=csv', '/api/returnees', `/api/returnees/${someone}`, '/api/assistance']) {
        const res = await t.http.get(path).set(bearer(donorUsd));
        expect([path, res.status, res.body.code]).toEqual([path, 403, 'FORBIDDEN']);
      }
    });

    it('should refuse bad input with the error envelope', async () => {
      const bad = async (u: GivenUser, query: string, status: number, field?: string) => {
        const res = await t.http.get(`/api/reports/assistance${query}`).set(bearer(u));
        expect([query, res.status]).toEqual([query, status]);
        expect(typeof res.body.code).toBe('string');
        expect(typeof res.body.message).toBe('string');
        if (field) expect(Object.keys(res.body.errors)).toEqual([field]);
      };
      await bad(admin, '?from=2026-06-01&to=2026-01-01', 400, 'from');
      await bad(admin, '?from=2026-02-30', 400, 'from');
      await bad(admin, '?programmeId=nope', 400, 'programmeId');
      await bad(admin, '?by=caseType', 400, 'by');
      await bad(admin, '?programmeId=7d0b4c3e-1f2a-4b5c-8d9e-0a1b2c3d4e5f', 404);
      const other = await t.http.get(`/api/reports/returnees?programmeId=${kgs}`).set(bearer(admin));
      expect([other.status, Object.keys(other.body.errors ?? {})]).toEqual([400, ['programmeId']]);
    });
  });

  describe('the donor statement', () => {
    const statement = (u: GivenUser, programmeId: string, query = '') => t.http.get(`/api/reports/programme-statements/${programmeId}${query}`).set(bearer(u));
    const exportsOf = async (u: GivenUser) =>
      (
        await t.db.query(`SELECT entity_id AS "entityId", diff FROM audit_log WHERE action = 'export' AND entity = 'programme' AND actor_id = $1 ORDER BY id`, [
          u.id,
        ])
      ).rows as Array<{ entityId: string; diff: Body }>;
    const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      const stream = res as unknown as NodeJS.ReadableStream;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    };

    it('should state each budget line from the ledger: opening, the range’s movements, closing and available', async () => {
      const res = await statement(admin, kgs, `?from=${TODAY}&to=${TODAY}`);
      expect(res.status).toBe(200);
      expect(res.body.programme).toMatchObject({ id: kgs, currency: 'KGS', funder: 'Государственный фонд миграции' });
      const grant = (res.body.lines as Line[]).find((l) => l.assistanceType === 'business_grant');
      expect(grant).toEqual({
        assistanceType: 'business_grant',
        budgetMinor: 100 * M,
        openingCommittedMinor: 0,
        openingDisbursedMinor: 0,
        committedMinor: 25 * M,
        releasedMinor: 10.5 * M,
        disbursedMinor: 14.5 * M,
        reversedMinor: 0,
        closingCommittedMinor: 0,
        closingDisbursedMinor: 14.5 * M,
        availableMinor: 85.5 * M,
        people: 6,
      });
      expect((res.body.lines as Line[]).find((l) => l.assistanceType === 'in_kind')).toMatchObject({ budgetMinor: 20 * M, committedMinor: 0, people: 0 });
      expect(res.body.total).toMatchObject({ budgetMinor: 120 * M, disbursedMinor: 14.5 * M, availableMinor: 105.5 * M, people: 6 });
      // a later range: today's movements are its opening balance
      const later = await statement(admin, kgs, `?from=${day(1)}&to=${day(2)}`);
      expect(later.body.total).toMatchObject({
        openingCommittedMinor: 0,
        openingDisbursedMinor: 14.5 * M,
        committedMinor: 0,
        people: 0,
        availableMinor: 105.5 * M,
      });
      // a small number of people assisted is suppressed, the amounts stay
      const small = await statement(admin, usd, `?from=${TODAY}&to=${TODAY}`);
      expect(small.body.total).toMatchObject({ people: '<5', committedMinor: 100_000, disbursedMinor: 50_000, closingCommittedMinor: 50_000 });
    });

    it('should give the donor a CSV of its programme in words, with no person in it, and audit it', async () => {
      const before = (await exportsOf(donorKgs)).length;
      const res = await statement(donorKgs, kgs, `?from=${TODAY}&to=${TODAY}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="kaytuu-statement-${kgs.slice(0, 8)}-${TODAY}-${TODAY}.csv"`);
      const lines = parse(res.text, { bom: true, relax_column_count: true }) as string[][];
      expect(lines[0]).toEqual(['Отчёт для донора', 'Государственный фонд миграции — старт-ап для вернувшихся']);
      const header = lines.findIndex((l) => l[0] === 'Статья бюджета');
      expect(lines[header]).toContain('Выплачено за период');
      expect(lines[header + 1].slice(0, 2)).toEqual(['Грант на бизнес', String(100 * M)]);
      expect(lines[header + 1][6]).toBe(String(14.5 * M));
      expect(lines[lines.length - 1][0]).toBe('Итого');
      expect(res.text).not.toMatch(/Асанов|KT-T-/);
      const audit = await exportsOf(donorKgs);
      expect(audit.length).toBe(before + 1);
      expect(audit[audit.length - 1]).toMatchObject({ entityId: kgs, diff: { statement: true, format: 'csv', from: TODAY, to: TODAY } });
    });

    it('should stream a readable XLSX with the same figures', async () => {
      const res = await statement(admin, kgs, `?from=${TODAY}&to=${TODAY}&format=xlsx&codes=true`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      const data = wb.getWorksheet('data')!;
      expect(data.getRow(1).values).toEqual(expect.arrayContaining(['assistanceType', 'disbursedMinor', 'availableMinor']));
      const grant = (data.getRow(2).values as unknown[]).slice(1);
      expect(grant.slice(0, 2)).toEqual(['business_grant', 100 * M]);
      expect(grant[10]).toBe(85.5 * M);
      expect((wb.getWorksheet('info')!.getRow(1).values as unknown[]).slice(1)).toEqual(['statement', kgs]);
      expect((await exportsOf(admin)).at(-1)).toMatchObject({ entityId: kgs, diff: { format: 'xlsx' } });
    });

    it('should refuse other programmes, other roles and bad ranges without leaking or recording an export', async () => {
      const before = await t.given.count(`audit_log WHERE action = 'export'`);
      const notGranted = await statement(donorUsd, kgs, '?format=csv');
      const absent = await statement(donorUsd, '7d0b4c3e-1f2a-4b5c-8d9e-0a1b2c3d4e5f', '?format=csv');
      expect([notGranted.status, notGranted.body.code]).toEqual([404, 'NOT_FOUND']);
      expect(notGranted.body).toEqual(absent.body);
      expect((await statement(admin, '7d0b4c3e-1f2a-4b5c-8d9e-0a1b2c3d4e5f')).status).toBe(404);
      expect((await statement(supOsh, kgs)).status).toBe(403);
      expect((await statement(cwOsh, kgs)).status).toBe(403);
      for (const [query, field] of [
        [`?from=${day(5)}&to=${day(1)}`, 'from'],
        ['?to=2026-13-01', 'to'],
        ['?format=pdf', 'format'],
      ]) {
        const res = await statement(donorKgs, kgs, query);
        expect([query, res.status, res.body.code, Object.keys(res.body.errors ?? {})]).toEqual([query, 400, 'VALIDATION_FAILED', [field]]);
      }
      const badId = await statement(admin, 'not-a-uuid');
      expect([badId.status, Object.keys(badId.body.errors ?? {})]).toEqual([400, ['programmeId']]);
      expect(await t.given.count(`audit_log WHERE action = 'export'`)).toBe(before);
    });
  });
  // "1+1" matching (issue 19), a programme of its own (the figures above stay as they were), matched one for one up to
  // 30 000 som: five businesses in Osh approved by the committee (own 1M, 2M, 2.5M, 4M, 1.5M → matched 1M, 2M, 2.5M, 3M
  // capped, 1.5M), half of each match paid as the first tranche, checks at 6 months (4 operating, 1 closed) and at 12
  // months for three of them (2 operating, 1 paused); a sixth application still proposed does not count.
  describe('the 1+1 report', () => {
    let plus: string;
    beforeAll(async () => {
      const osh = supOsh.officeId!;
      plus = await programme({
        startsOn: day(-60),
        endsOn: day(300),
        oblasts: [],
        name: '1+1 Ош',
        funder: 'Государственный фонд миграции',
        currency: 'KGS',
        assistanceTypes: ['business_grant'],
        lines: [{ assistanceType: 'business_grant', amountMinor: 100 * M }],
        matchRatioPercent: 100,
        matchCapMinor: 3 * M,
      });
      await t.db.query(`INSERT INTO donor_programme (user_id, programme_id) VALUES ($1, $2)`, [donorKgs.id, plus]);
      const checks: Array<[string, string | null]> = [
        ['operating', 'operating'],
        ['operating', 'paused'],
        ['operating', 'operating'],
        ['operating', null],
        ['closed', null],
      ];
      const owns = [1 * M, 2 * M, 2.5 * M, 4 * M, 1.5 * M];
      for (const [i, own] of [...owns, 2 * M].entries()) {
        const r = await t.given.returnee({ officeId: osh, sex: i < 3 ? 'female' : 'male', birthDate: '1985-07-01' });
        const c = await t.given.caseFile({ returneeId: r.id, officeId: osh, type: 'job_placement', status: 'in_progress', assigneeId: cwOsh.id });
        const app = await ok(
          t.http
            .post('/api/matching-applications')
            .set(bearer(cwOsh))
            .send({
              returneeId: r.id,
              programmeId: plus,
              caseId: c.id,
              currency: 'KGS',
              businessPlan: {
                sector: 'trade',
                oblast: 'osh',
                district: 'Кара-Суйский район',
                description: 'Продуктовый магазин',
                totalCostMinor: 10 * M,
                expectedMonthlyIncomeMinor: 2 * M,
                jobsForOthers: 1,
              },
              ownContributionMinor: own,
            }),
          201,
        );
        if (i === owns.length) break;
        await ok(t.http.post(`/api/matching-applications/${app.id}/approve`).set(bearer(supOsh)).send({}), 200);
        const done = await ok(t.http.post(`/api/matching-applications/${app.id}/approve`).set(bearer(admin)).send({}), 200);
        const matched = Math.min(own, 3 * M);
        await step(cwOsh, done.assistanceItemId as string, 'disburse', { disbursedOn: TODAY, method: 'bank_transfer', amountMinor: matched / 2 });
        const [six, twelve] = checks[i];
        const check = (milestone: string, businessStatus: string) =>
          ok(
            t.http
              .post(`/api/matching-applications/${app.id}/survival-checks`)
              .set(bearer(cwOsh))
              .send({ milestone, checkedOn: TODAY, businessStatus, monthlyIncomeBand: '10k_30k', peopleEmployed: 2 }),
            201,
          );
        // the 3-month check: the business closed at 6 months was paused at 3
        await check('3m', six === 'closed' ? 'paused' : 'operating');
        await check('6m', six);
        if (twelve) await check('12m', twelve);
      }
    }, 120_000);

    const matching = async (u: GivenUser, query = '') => {
      const res = await t.http.get(`/api/reports/matching${query}`).set(bearer(u));
      expect([res.status, res.body.code]).toEqual([200, undefined]);
      return res.body as { rows: Row[]; filters: Body };
    };

    it('should set the own contributions against the matches and give the share of businesses operating at 3, 6 and 12 months', async () => {
      const { rows } = await matching(admin);
      expect(rows).toEqual([
        {
          programmeId: plus,
          programme: '1+1 Ош',
          currency: 'KGS',
          people: 5,
          businesses: 5,
          ownContributionMinor: 11 * M,
          matchedMinor: 10 * M,
          disbursedMinor: 5 * M,
          checked3m: 5,
          operating3m: 4,
          shareOperating3m: 0.8,
          checked6m: 5,
          operating6m: 4,
          shareOperating6m: 0.8,
          checked12m: 3,
          operating12m: 2,
          shareOperating12m: 0.667,
        },
      ]);
      const bySex = strip((await matching(supOsh, '?by=sex')).rows);
      expect(bySex.map((r) => [r.sex, r.businesses, r.ownContributionMinor, r.operating6m])).toEqual([
        ['female', 3, 5.5 * M, 3],
        ['male', 2, 5.5 * M, 1],
      ]);
      // the grants are assistance items too: the match committed shows in the assistance report of the programme
      const grants = await report(admin, `?programmeId=${plus}`);
      expect(strip(grants.rows)).toEqual([expect.objectContaining({ items: 5, committedMinor: 10 * M, disbursedMinor: 5 * M, medianGrantMinor: 2 * M })]);
    });

    it('should suppress small counts and a share made of one for donors, who see only their programmes', async () => {
      const { rows, filters } = await matching(donorKgs);
      expect(filters.share).toBe('external');
      expect(strip(rows)).toEqual([
        {
          currency: 'KGS',
          people: 5,
          businesses: 5,
          ownContributionMinor: 11 * M,
          matchedMinor: 10 * M,
          disbursedMinor: 5 * M,
          checked3m: 5,
          operating3m: '<5',
          shareOperating3m: '<5',
          checked6m: 5,
          operating6m: '<5',
          shareOperating6m: '<5',
          checked12m: '<5',
          operating12m: '<5',
          shareOperating12m: '<5',
        },
      ]);
      expect((await matching(donorUsd)).rows).toEqual([]);
      const notGranted = await t.http.get(`/api/reports/matching?programmeId=${plus}`).set(bearer(donorUsd));
      expect([notGranted.status, notGranted.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await t.http.get('/api/matching-applications').set(bearer(donorKgs))).status).toBe(403);
    });
  });
});
