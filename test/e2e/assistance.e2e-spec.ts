import type { Response } from 'supertest';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

// Reintegration assistance (issue 19): programmes and budget lines, the item workflow, the ledger. HTTP in, DB out.
const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const monthsAgo = (n: number) => day(-Math.round(n * 30.5));

describe('assistance API', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let sup2A: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let admin2: GivenUser;
  let ngo: GivenUser;

  const programmeBody = (over: Body = {}): Body => ({
    name: 'Стартап грант',
    funder: 'Государственный фонд',
    currency: 'KGS',
    startsOn: day(-30),
    endsOn: day(300),
    oblasts: [],
    assistanceTypes: ['business_grant', 'in_kind', 'training_voucher'],
    lines: [
      { assistanceType: 'business_grant', amountMinor: 10_000_000 },
      { assistanceType: 'in_kind', amountMinor: 5_000_000 },
    ],
    ...over,
  });
  const createProgramme = async (over: Body = {}) => {
    const res = await t.http.post('/api/programmes').set(bearer(admin)).send(programmeBody(over));
    if (res.status !== 201) throw new Error(`programme: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as {
      id: string;
      lines: Array<{ id: string; assistanceType: string; amountMinor: number; committedMinor: number; disbursedMinor: number; availableMinor: number }>;
    };
  };
  const line = async (programmeId: string, type = 'business_grant') =>
    ((await t.http.get(`/api/programmes/${programmeId}`).set(bearer(admin))).body.lines as Array<Record<string, unknown>>).find(
      (l) => l.assistanceType === type,
    )!;
  const returnee = async (officeId: string, p: { returnedOn?: string | null; vulnerabilities?: string[]; birthDate?: string } = {}) => {
    const r = await t.given.returnee({ officeId, birthDate: p.birthDate ?? '1990-05-14' });
    if (p.returnedOn !== null) {
      await t.db.query(
        `INSERT INTO migration_episode (returnee_id, country, departed_on, returned_on, sector, return_reason) VALUES ($1, 'RU', '2018-01-01', $2, 'construction', 'end_of_contract')`,
        [r.id, p.returnedOn ?? monthsAgo(3)],
      );
    }
    if (p.vulnerabilities) await t.db.query(`UPDATE returnee SET vulnerabilities = $2 WHERE id = $1`, [r.id, p.vulnerabilities]);
    return r;
  };
  const itemBody = (returneeId: string, programmeId: string, over: Body = {}): Body => ({
    returneeId,
    programmeId,
    type: 'business_grant',
    amountMinor: 1_500_000,
    currency: 'KGS',
    justification: 'Открывает мастерскую по ремонту обуви',
    ...over,
  });
  const propose = (u: GivenUser, body: Body) => t.http.post('/api/assistance').set(bearer(u)).send(body);
  const act = (u: GivenUser, id: string, step: string, body: Body = {}) => t.http.post(`/api/assistance/${id}/${step}`).set(bearer(u)).send(body);
  const proposed = async (returneeId: string, programmeId: string, over: Body = {}, by: GivenUser = cwA) => {
    const res = await propose(by, itemBody(returneeId, programmeId, over));
    if (res.status !== 201) throw new Error(`propose: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const counts = async () => ({ items: await t.given.count('assistance_item'), ledger: await t.given.count('ledger_entry') });
  const expectRefused = (res: Response, status: number, code: string) => {
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(typeof res.body.message).toBe('string');
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '10000' } });
    officeA = await t.given.office();
    officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    sup2A = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    admin2 = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
  });
  afterAll(() => t.close());

  describe('programmes', () => {
    it('should create a programme whose lines show the budget, nothing committed and all of it available', async () => {
      const p = await createProgramme({ eligibility: { ageMin: 18, ageMax: 60, vulnerabilitiesAny: ['debt'] }, approvalThresholdMinor: 3_000_000 });
      expect(p.lines.map((l) => [l.assistanceType, l.amountMinor, l.committedMinor, l.disbursedMinor, l.availableMinor])).toEqual([
        ['business_grant', 10_000_000, 0, 0, 10_000_000],
        ['in_kind', 5_000_000, 0, 0, 5_000_000],
      ]);
      const row = (await t.db.query(`SELECT eligibility, approval_threshold_minor FROM programme WHERE id = $1`, [p.id])).rows[0];
      expect(row.eligibility).toEqual({ age_min: 18, age_max: 60, vulnerabilities_any: ['debt'] });
      expect(row.approval_threshold_minor).toBe('3000000');
    });

    it('should refuse fractions, zero, negative and string amounts, and inconsistent programmes, storing nothing', async () => {
      const before = await t.given.count('programme');
      for (const amountMinor of [10.5, 0, -100, '100', 2 ** 60]) {
        const res = await t.http
          .post('/api/programmes')
          .set(bearer(admin))
          .send(programmeBody({ lines: [{ assistanceType: 'business_grant', amountMinor }] }));
        expectRefused(res, 400, 'VALIDATION_FAILED');
        expect(Object.keys(res.body.errors)[0]).toBe('lines[0].amountMinor');
      }
      expectRefused(
        await t.http
          .post('/api/programmes')
          .set(bearer(admin))
          .send(programmeBody({ currency: 'RUB' })),
        400,
        'VALIDATION_FAILED',
      );
      expectRefused(
        await t.http
          .post('/api/programmes')
          .set(bearer(admin))
          .send(programmeBody({ endsOn: day(-60) })),
        422,
        'INVALID_PROGRAMME',
      );
      const notOffered = await t.http
        .post('/api/programmes')
        .set(bearer(admin))
        .send(programmeBody({ lines: [{ assistanceType: 'transport', amountMinor: 100 }] }));
      expectRefused(notOffered, 422, 'INVALID_PROGRAMME');
      expect(notOffered.body.errors.lines).toMatch(/transport/);
      expectRefused(
        await t.http
          .post('/api/programmes')
          .set(bearer(admin))
          .send(programmeBody({ eligibility: { ageMin: 50, ageMax: 30 } })),
        422,
        'INVALID_PROGRAMME',
      );
      expectRefused(
        await t.http
          .post('/api/programmes')
          .set(bearer(admin))
          .send(programmeBody({ eligibility: { shoeSize: 42 } })),
        400,
        'VALIDATION_FAILED',
      );
      expect(await t.given.count('programme')).toBe(before);
    });

    it('should show office staff the active programmes only, and donors the programmes granted to them, never a person', async () => {
      const open = await createProgramme({ name: 'Открытая' });
      const closed = await createProgramme({ name: 'Закрытая', active: false });
      const list = await t.http.get('/api/programmes').query({ range: '[0,499]' }).set(bearer(cwA));
      expect(list.status).toBe(200);
      const ids = (list.body as Array<{ id: string }>).map((p) => p.id);
      expect(ids).toContain(open.id);
      expect(ids).not.toContain(closed.id);
      expect((await t.http.get(`/api/programmes/${closed.id}`).set(bearer(cwA))).status).toBe(404);
      expect((await t.http.post('/api/programmes').set(bearer(supA)).send(programmeBody())).status).toBe(403);

      // a donor user, created by an admin with its grant
      const created = await t.http
        .post('/api/users')
        .set(bearer(admin))
        .send({
          email: `donor.${Date.now()}@fund.example`,
          fullName: 'Donor Officer',
          role: 'donor',
          locale: 'en',
          password: 'Issyk-Kul shore 2026 autumn',
          programmeIds: [closed.id],
        });
      expect(created.status).toBe(201);
      expect(created.body.programmeIds).toEqual([closed.id]);
      const login = await t.http.post('/api/auth/login').send({ email: created.body.email, password: 'Issyk-Kul shore 2026 autumn' });
      expect(login.status).toBe(200);
      const donor = { token: login.body.accessToken as string };
      const seen = await t.http.get('/api/programmes').set(bearer(donor));
      expect((seen.body as Array<{ id: string }>).map((p) => p.id)).toEqual([closed.id]);
      expect((await t.http.get(`/api/programmes/${open.id}`).set(bearer(donor))).status).toBe(404);
      for (const path of ['/api/returnees', '/api/assistance', '/api/cases', '/api/documents', '/api/referrals', '/api/plans']) {
        expect([path, (await t.http.get(path).set(bearer(donor))).status]).toEqual([path, 403]);
      }
      // a donor sees itself among the users, no one else
      const users = await t.http.get('/api/users').set(bearer(donor));
      expect((users.body as Array<{ id: string }>).map((u) => u.id)).toEqual([created.body.id]);
      // a grant to an unknown programme, or to someone not a donor, is refused
      const bad = await t.http
        .post('/api/users')
        .set(bearer(admin))
        .send({
          email: `x.${Date.now()}@kaytuu.kg`,
          fullName: 'Case Worker',
          role: 'caseworker',
          officeId: officeA.id,
          password: 'Issyk-Kul shore 2026 autumn',
          programmeIds: [open.id],
        });
      expect(bad.status).toBe(422);
      expect(bad.body.errors.programmeIds).toBeDefined();
    });
  });

  describe('the workflow', () => {
    it('should take an item from proposal to verification, the ledger and the budget line following each step', async () => {
      const p = await createProgramme();
      const r = await returnee(officeA.id);
      const item = await proposed(r.id, p.id);
      expect((item as unknown as Body).status).toBe('proposed');
      expect(await line(p.id)).toMatchObject({ committedMinor: 0, availableMinor: 10_000_000 });

      const approved = await act(supA, item.id, 'approve');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', firstApprovedBy: supA.id, secondApprovedBy: null });
      expect(approved.body.ledger.map((e: Body) => [e.kind, e.amountMinor])).toEqual([['commit', 1_500_000]]);
      expect(await line(p.id)).toMatchObject({ committedMinor: 1_500_000, disbursedMinor: 0, availableMinor: 8_500_000 });

      const disbursed = await act(cwA, item.id, 'disburse', { disbursedOn: day(0), method: 'bank_transfer', reference: 'KICB-778812', amountMinor: 1_200_000 });
      expect(disbursed.status).toBe(200);
      expect(disbursed.body).toMatchObject({ status: 'disbursed', disbursedMinor: 1_200_000, disbursementMethod: 'bank_transfer' });
      expect(disbursed.body.ledger.map((e: Body) => [e.kind, e.amountMinor])).toEqual([
        ['commit', 1_500_000],
        ['disburse', 1_200_000],
        ['release', 300_000],
      ]);
      expect(await line(p.id)).toMatchObject({ committedMinor: 0, disbursedMinor: 1_200_000, availableMinor: 8_800_000 });

      const verified = await act(cwA, item.id, 'verify', { usedAsIntended: 'partly', note: 'Купил половину инструментов' });
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ status: 'verified', usedAsIntended: 'partly' });

      expect(verified.body).toMatchObject({ justification: 'Открывает мастерскую по ремонту обуви', verificationNote: 'Купил половину инструментов' });
      // the free text is sealed at rest, and never in the audit rows
      const stored = (await t.db.query(`SELECT justification_enc, verification_note_enc FROM assistance_item WHERE id = $1`, [item.id])).rows[0];
      expect(stored.justification_enc).toMatch(/^v1\./);
      expect(stored.verification_note_enc).toMatch(/^v1\./);
      expect(JSON.stringify(stored)).not.toContain('мастерск');
      const leaked = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE diff::text LIKE '%мастерск%' OR diff::text LIKE '%инструмент%'`);
      expect(leaked.rows[0].n).toBe(0);
      // every step left its audit row, in the returnee's name
      const audit = await t.db.query(
        `SELECT action, diff FROM audit_log WHERE entity = 'assistance_item' AND entity_id = $1 AND action <> 'read' ORDER BY id`,
        [item.id],
      );
      expect(audit.rows.map((a) => [a.action, a.diff.to ?? a.diff.status, a.diff.returneeId])).toEqual([
        ['create', 'proposed', r.id],
        ['update', 'approved', r.id],
        ['update', 'disbursed', r.id],
        ['update', 'verified', r.id],
      ]);
      // office B neither sees nor touches it
      expect((await t.http.get(`/api/assistance/${item.id}`).set(bearer(cwB))).status).toBe(404);
      const listB = await t.http.get('/api/assistance').set(bearer(cwB));
      expect((listB.body as Array<{ id: string }>).map((i) => i.id)).not.toContain(item.id);
      expect((await t.http.get('/api/assistance').set(bearer(ngo))).status).toBe(403);
    });

    it('should write each step of an item linked to a case on the case timeline, without its text', async () => {
      const p = await createProgramme();
      const r = await returnee(officeA.id);
      const c = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, assigneeId: cwA.id, status: 'in_progress' });
      const item = await proposed(r.id, p.id, { caseId: c.id });
      expect((await act(supA, item.id, 'approve')).status).toBe(200);
      const events = await t.http.get(`/api/cases/${c.id}/events`).set(bearer(cwA));
      expect(events.status).toBe(200);
      const steps = (events.body as Array<{ kind: string; data: Body }>).filter((e) => e.kind === 'assistance');
      expect(steps.map((e) => e.data.step).sort()).toEqual(['approved', 'proposed']);
      expect(steps[0].data).toMatchObject({ assistanceItemId: item.id, type: 'business_grant', amountMinor: 1_500_000, currency: 'KGS' });
      expect(JSON.stringify(events.body)).not.toContain('мастерск');
      // a case of another returnee is refused
      const other = await returnee(officeA.id);
      const otherCase = await t.given.caseFile({ returneeId: other.id, officeId: officeA.id });
      expectRefused(await propose(cwA, itemBody(r.id, p.id, { caseId: otherCase.id })), 422, 'INVALID_ASSISTANCE');
    });

    it('should need an admin second approval above the threshold, committing only then', async () => {
      const p = await createProgramme({ approvalThresholdMinor: 1_000_000 });
      const r = await returnee(officeA.id);
      const item = await proposed(r.id, p.id, { amountMinor: 2_000_000 });
      expectRefused(await act(admin, item.id, 'approve'), 409, 'FIRST_APPROVAL_REQUIRED');
      const first = await act(supA, item.id, 'approve');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'proposed', firstApprovedBy: supA.id, needsSecondApproval: true, ledger: [] });
      expectRefused(await act(sup2A, item.id, 'approve'), 409, 'SECOND_APPROVAL_REQUIRED');
      expect(await line(p.id)).toMatchObject({ committedMinor: 0 });
      const second = await act(admin, item.id, 'approve');
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ status: 'approved', secondApprovedBy: admin.id });
      expect(await line(p.id)).toMatchObject({ committedMinor: 2_000_000, availableMinor: 8_000_000 });
      // approving an approved item again
      expectRefused(await act(admin2, item.id, 'approve'), 409, 'INVALID_TRANSITION');
    });

    it('should release the commitment when an approved item is cancelled, and refuse steps out of order', async () => {
      const p = await createProgramme();
      const r = await returnee(officeA.id);
      const item = await proposed(r.id, p.id);
      expectRefused(await act(cwA, item.id, 'disburse', { disbursedOn: day(0), method: 'cash' }), 409, 'INVALID_TRANSITION');
      expect((await act(supA, item.id, 'approve')).status).toBe(200);
      expect(await line(p.id)).toMatchObject({ availableMinor: 8_500_000 });
      const cancelled = await act(cwA, item.id, 'cancel', { reason: 'Вернулся в Россию' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.ledger.map((e: Body) => e.kind)).toEqual(['commit', 'release']);
      expect(await line(p.id)).toMatchObject({ committedMinor: 0, availableMinor: 10_000_000 });
      expectRefused(await act(cwA, item.id, 'cancel', { reason: 'ещё раз' }), 409, 'INVALID_TRANSITION');
      // a rejected item needs a reason and never touches the ledger
      const other = await proposed(r.id, p.id);
      expectRefused(await act(supA, other.id, 'reject', {}), 400, 'VALIDATION_FAILED');
      const rejected = await act(supA, other.id, 'reject', { reason: 'Нет бизнес-плана' });
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Нет бизнес-плана', ledger: [] });
      expectRefused(await act(cwA, other.id, 'approve'), 403, 'FORBIDDEN');
    });
  });

  describe('bad input', () => {
    let p: { id: string };
    let r: { id: string };
    beforeAll(async () => {
      p = await createProgramme();
      r = await returnee(officeA.id);
    });

    it('should refuse negative, zero, fractional and non-integer amounts with a 400 naming amountMinor, storing nothing', async () => {
      const before = await counts();
      for (const amountMinor of [-500, 0, 10.5, 0.01, '1500', null, 2 ** 53 + 2]) {
        const res = await propose(cwA, itemBody(r.id, p.id, { amountMinor }));
        expectRefused(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors.amountMinor).toBeDefined();
      }
      expect(await counts()).toEqual(before);
    });

    it('should refuse the wrong currency, a closed or expired programme, an unfunded type and wrong details with a 422 naming the rule', async () => {
      const before = await counts();
      const wrong = await propose(cwA, itemBody(r.id, p.id, { currency: 'USD' }));
      expectRefused(wrong, 422, 'CURRENCY_MISMATCH');
      expect(wrong.body.errors.currency).toMatch(/KGS/);
      const closed = await createProgramme({ active: false });
      expectRefused(await propose(cwA, itemBody(r.id, closed.id)), 422, 'PROGRAMME_CLOSED');
      const expired = await createProgramme({ startsOn: day(-400), endsOn: day(-1) });
      expectRefused(await propose(cwA, itemBody(r.id, expired.id)), 422, 'PROGRAMME_CLOSED');
      const future = await createProgramme({ startsOn: day(10), endsOn: day(400) });
      expectRefused(await propose(cwA, itemBody(r.id, future.id)), 422, 'PROGRAMME_CLOSED');
      const unfunded = await propose(cwA, itemBody(r.id, p.id, { type: 'medical_costs' }));
      expectRefused(unfunded, 422, 'TYPE_NOT_FUNDED');
      // offered but without a budget line
      expectRefused(
        await propose(cwA, itemBody(r.id, p.id, { type: 'training_voucher', details: { course: 'Сварщик', provider: 'Лицей №5' } })),
        422,
        'TYPE_NOT_FUNDED',
      );
      const noSupplier = await propose(cwA, itemBody(r.id, p.id, { type: 'in_kind', details: { items: [{ name: 'Корова', quantity: 1 }] } }));
      expectRefused(noSupplier, 422, 'INVALID_ASSISTANCE');
      expect(noSupplier.body.errors['details.supplier']).toBeDefined();
      expectRefused(await propose(cwA, itemBody(r.id, p.id, { details: { course: 'x' } })), 422, 'INVALID_ASSISTANCE');
      expectRefused(await propose(cwA, itemBody(r.id, '00000000-0000-4000-8000-000000000000')), 422, 'INVALID_ASSISTANCE');
      expectRefused(await propose(cwA, itemBody(r.id, p.id, { currency: 'RUB' })), 400, 'VALIDATION_FAILED');
      expectRefused(await propose(cwA, itemBody(r.id, p.id, { extra: 1 })), 400, 'VALIDATION_FAILED');
      // a returnee of another office
      const rB = await returnee(officeB.id);
      expectRefused(await propose(cwA, itemBody(rB.id, p.id)), 404, 'NOT_FOUND');
      expect(await counts()).toEqual(before);
      // in kind with its items and supplier is fine
      const ok = await propose(
        cwA,
        itemBody(r.id, p.id, { type: 'in_kind', amountMinor: 800_000, details: { items: [{ name: 'Корова', quantity: 1 }], supplier: 'Ферма «Ак-Суу»' } }),
      );
      expect(ok.status).toBe(201);
      expect(ok.body.details).toEqual({ items: [{ name: 'Корова', quantity: 1 }], supplier: 'Ферма «Ак-Суу»' });
    });

    it('should refuse an ineligible returnee naming the failed rule, at proposal and at approval', async () => {
      const before = await counts();
      const young = await returnee(officeA.id, { birthDate: day(-365 * 17) });
      const old = await returnee(officeA.id, { returnedOn: monthsAgo(30) });
      const never = await returnee(officeA.id, { returnedOn: null });
      const rules = await createProgramme({ eligibility: { ageMin: 18, ageMax: 45, returnedWithinMonths: 12, vulnerabilitiesAny: ['debt', 'single_parent'] } });
      const cases: Array<[string, string]> = [
        [young.id, 'ageMin'],
        [old.id, 'returnedWithinMonths'],
        [never.id, 'returnedWithinMonths'],
        [(await returnee(officeA.id, { birthDate: '1960-01-01', vulnerabilities: ['debt'] })).id, 'ageMax'],
        [r.id, 'vulnerabilitiesAny'],
      ];
      for (const [id, rule] of cases) {
        const res = await propose(cwA, itemBody(id, rules.id));
        expectRefused(res, 422, 'NOT_ELIGIBLE');
        expect([rule, res.body.rule]).toEqual([rule, rule]);
        expect(res.body.message).toContain(rule);
      }
      const planned = await createProgramme({ eligibility: { hasApprovedPlan: true } });
      const res = await propose(cwA, itemBody(r.id, planned.id));
      expect(res.body.rule).toBe('hasApprovedPlan');
      const oblast = await createProgramme({ oblasts: ['naryn'] });
      expect((await propose(cwA, itemBody(r.id, oblast.id))).body.rule).toBe('oblast');
      expect(await counts()).toEqual(before);

      // an approved plan in force makes the returnee eligible; its goal may be linked
      const series = (await t.db.query(`SELECT gen_random_uuid() AS id`)).rows[0].id;
      const plan = await t.db.query(
        `INSERT INTO plan_version (series_id, returnee_id, office_id, version, status, in_force, created_by) VALUES ($1, $2, $3, 1, 'approved', true, $4) RETURNING id`,
        [series, r.id, officeA.id, cwA.id],
      );
      const goal = await t.db.query(
        `INSERT INTO plan_goal (plan_version_id, position, dimension, text_enc, target_date) VALUES ($1, 0, 'economic', 'v1.x', $2) RETURNING id`,
        [plan.rows[0].id, day(90)],
      );
      const linked = await propose(cwA, itemBody(r.id, planned.id, { planGoalId: goal.rows[0].id }));
      expect(linked.status).toBe(201);
      expect(linked.body.planGoalId).toBe(goal.rows[0].id);
      const strange = await propose(cwA, itemBody(r.id, planned.id, { planGoalId: '00000000-0000-4000-8000-000000000000' }));
      expectRefused(strange, 422, 'INVALID_ASSISTANCE');

      // rules tightened after the proposal: the approval checks again and commits nothing
      const item = await proposed(r.id, p.id);
      expect(
        (
          await t.http
            .put(`/api/programmes/${p.id}`)
            .set(bearer(admin))
            .send({ eligibility: { ageMax: 20 } })
        ).status,
      ).toBe(200);
      const ledger = await t.given.count('ledger_entry');
      const refused = await act(supA, item.id, 'approve');
      expectRefused(refused, 422, 'NOT_ELIGIBLE');
      expect(refused.body.rule).toBe('ageMax');
      expect(await t.given.count('ledger_entry')).toBe(ledger);
      expect((await t.db.query(`SELECT status, first_approved_by FROM assistance_item WHERE id = $1`, [item.id])).rows[0]).toEqual({
        status: 'proposed',
        first_approved_by: null,
      });
      expect((await t.http.put(`/api/programmes/${p.id}`).set(bearer(admin)).send({ eligibility: {} })).status).toBe(200);
    });

    it('should refuse approving twice, approving one’s own proposal and disbursing more than approved, with no ledger entry', async () => {
      const item = await proposed(r.id, p.id, {}, supA);
      const before = await counts();
      expectRefused(await act(supA, item.id, 'approve'), 403, 'OWN_APPROVAL');
      expect(await counts()).toEqual(before);
      expect((await act(sup2A, item.id, 'approve')).status).toBe(200);
      const afterApproval = await counts();
      expect(afterApproval.ledger).toBe(before.ledger + 1);
      expectRefused(await act(sup2A, item.id, 'approve'), 409, 'INVALID_TRANSITION');
      const over = await act(cwA, item.id, 'disburse', { disbursedOn: day(0), method: 'mobile_wallet', amountMinor: 1_500_001 });
      expectRefused(over, 422, 'DISBURSEMENT_EXCEEDS_APPROVED');
      expect(over.body.errors.amountMinor).toBeDefined();
      expectRefused(await act(cwA, item.id, 'disburse', { disbursedOn: day(0), method: 'mobile_wallet', amountMinor: 0 }), 400, 'VALIDATION_FAILED');
      expectRefused(await act(cwA, item.id, 'disburse', { disbursedOn: day(3), method: 'cash' }), 422, 'INVALID_ASSISTANCE');
      expectRefused(await act(cwA, item.id, 'disburse', { disbursedOn: day(0), method: 'cheque' }), 400, 'VALIDATION_FAILED');
      expectRefused(await act(cwA, item.id, 'verify', { usedAsIntended: 'yes' }), 409, 'INVALID_TRANSITION');
      expectRefused(await act(cwA, item.id, 'cancel', { reason: 'x', version: 1 }), 409, 'STALE_VERSION');
      expect(await counts()).toEqual(afterApproval);
      expect((await t.db.query(`SELECT status FROM assistance_item WHERE id = $1`, [item.id])).rows[0].status).toBe('approved');
    });
  });

  it('should refuse to change or remove a ledger entry in the database itself', async () => {
    const { rows } = await t.db.query(`SELECT id FROM ledger_entry LIMIT 1`);
    expect(rows.length).toBe(1);
    await expect(t.db.query(`UPDATE ledger_entry SET amount_minor = 1 WHERE id = $1`, [rows[0].id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM ledger_entry WHERE id = $1`, [rows[0].id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE ledger_entry CASCADE`)).rejects.toThrow(/append-only/);
    // and the API's own login has no such privilege at all
    const grants = await t.db.query(
      `SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = 'ledger_entry' AND grantee = 'kaytuu_app' ORDER BY 1`,
    );
    expect(grants.rows.map((g) => g.privilege_type)).toEqual(expect.not.arrayContaining(['UPDATE', 'DELETE', 'TRUNCATE']));
    expect(grants.rows.map((g) => g.privilege_type)).toEqual(expect.arrayContaining(['INSERT', 'SELECT']));
  });

  it('should never overdraw a line: of 50 simultaneous approvals against a line that fits 10, exactly 10 succeed', async () => {
    const p = await createProgramme({ lines: [{ assistanceType: 'business_grant', amountMinor: 1_000_000 }] });
    const items: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await returnee(officeA.id);
      items.push((await proposed(r.id, p.id, { amountMinor: 100_000 })).id);
    }
    const results = await Promise.all(items.map((id, i) => act(i % 2 ? supA : sup2A, id, 'approve')));
    const ok = results.filter((res) => res.status === 200);
    const refused = results.filter((res) => res.status !== 200);
    expect(ok.length).toBe(10);
    expect(refused.map((res) => [res.status, res.body.code])).toEqual(Array(40).fill([409, 'BUDGET_EXCEEDED']));
    const sums = await t.db.query(
      `SELECT kind, count(*)::int AS n, sum(amount_minor)::bigint::text AS total FROM ledger_entry WHERE programme_id = $1 GROUP BY kind`,
      [p.id],
    );
    expect(sums.rows).toEqual([{ kind: 'commit', n: 10, total: '1000000' }]);
    const approved = await t.db.query(`SELECT count(*)::int AS n FROM assistance_item WHERE programme_id = $1 AND status = 'approved'`, [p.id]);
    expect(approved.rows[0].n).toBe(10);
    expect(await line(p.id)).toMatchObject({ committedMinor: 1_000_000, availableMinor: 0 });
    // the same item approved by two supervisors at once: one approval, one commitment
    const r = await returnee(officeA.id);
    const p2 = await createProgramme();
    const twice = await proposed(r.id, p2.id);
    const both = await Promise.all([act(supA, twice.id, 'approve'), act(sup2A, twice.id, 'approve'), act(supA, twice.id, 'approve')]);
    expect(both.map((res) => res.status).sort()).toEqual([200, 409, 409]);
    expect(await t.given.count(`ledger_entry WHERE assistance_item_id = '${twice.id}'`)).toBe(1);
    // the budget cannot then be cut below what is committed
    const cut = await t.http
      .put(`/api/programmes/${p.id}`)
      .set(bearer(admin))
      .send({ lines: [{ assistanceType: 'business_grant', amountMinor: 999_999 }] });
    expectRefused(cut, 422, 'INVALID_PROGRAMME');
  });
});
