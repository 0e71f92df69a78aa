import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

// "1+1" matching (issue 19): the application and its computed match, the committee's two approvals making the
// business_grant item, disbursement in tranches with receipts, reversals, the survival follow-ups and checks; bad input
// refused with nothing stored. HTTP in, DB and ledger out.
const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
// Bishkek 10:00 on the day `months` after `d` (the month's last day when it has no such day), as an ISO instant
const dueAfter = (d: string, months: number) => {
  const [y, m, dd] = d.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(dd, last), 4)).toISOString();
};
const threeMonthCheck = (over: Body = {}): Body => ({
  milestone: '3m',
  checkedOn: day(0),
  businessStatus: 'operating',
  monthlyIncomeBand: '10k_30k',
  peopleEmployed: 2,
  ...over,
});

describe('1+1 matching API', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let sup2A: GivenUser;
  let cwB: GivenUser;
  let supB: GivenUser;
  let admin: GivenUser;
  let admin2: GivenUser;

  const createProgramme = async (over: Body = {}) => {
    const res = await t.http
      .post('/api/programmes')
      .set(bearer(admin))
      .send({
        name: `1+1 ${randomBytes(3).toString('hex')}`,
        funder: 'Государственный фонд',
        currency: 'KGS',
        startsOn: day(-30),
        endsOn: day(300),
        assistanceTypes: ['business_grant', 'transport'],
        lines: [
          { assistanceType: 'business_grant', amountMinor: 10_000_000 },
          { assistanceType: 'transport', amountMinor: 1_000_000 },
        ],
        matchRatioPercent: 100,
        matchCapMinor: 3_000_000,
        ...over,
      });
    if (res.status !== 201) throw new Error(`programme: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; matchRatioPercent: number; matchCapMinor: number };
  };
  const line = async (programmeId: string) =>
    ((await t.http.get(`/api/programmes/${programmeId}`).set(bearer(admin))).body.lines as Array<Record<string, unknown>>).find(
      (l) => l.assistanceType === 'business_grant',
    )!;
  const person = async (officeId = officeA.id) => {
    const r = await t.given.returnee({ officeId, birthDate: '1988-03-02' });
    const c = await t.given.caseFile({
      returneeId: r.id,
      officeId,
      type: 'job_placement',
      status: 'in_progress',
      assigneeId: cwA.id,
      details: {
        targetSectors: ['trade'],
        desiredOblast: 'chuy',
        training: false,
      },
    });
    return { returneeId: r.id, caseId: c.id };
  };
  const upload = async (returneeId: string, by: GivenUser = cwA) => {
    const pdf = Buffer.concat([Buffer.from(`%PDF-1.4\n%${randomBytes(8).toString('hex')}\n`), randomBytes(300), Buffer.from('\n%%EOF\n')]);
    const res = await t.http
      .post('/api/documents')
      .set(bearer(by))
      .field('returneeId', returneeId)
      .field('type', 'other')
      .field('title', 'Выписка из банка')
      .attach('file', pdf, 'statement.pdf');
    if (res.status !== 201) throw new Error(`document: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const applicationBody = (p: { returneeId: string; caseId: string }, programmeId: string, over: Body = {}): Body => ({
    returneeId: p.returneeId,
    programmeId,
    caseId: p.caseId,
    currency: 'KGS',
    businessPlan: {
      sector: 'trade',
      oblast: 'chuy',
      district: 'Сокулукский район',
      description: 'Продуктовый магазин у автостанции',
      totalCostMinor: 5_000_000,
      expectedMonthlyIncomeMinor: 4_000_000,
      jobsForOthers: 2,
    },
    ownContributionMinor: 2_000_000,
    ...over,
  });
  const apply = (u: GivenUser, body: Body) => t.http.post('/api/matching-applications').set(bearer(u)).send(body);
  const decide = (u: GivenUser, id: string, step: string, body: Body = {}) => t.http.post(`/api/matching-applications/${id}/${step}`).set(bearer(u)).send(body);
  const item = (u: GivenUser, id: string, step: string, body: Body = {}) => t.http.post(`/api/assistance/${id}/${step}`).set(bearer(u)).send(body);
  const applied = async (body: Body, by: GivenUser = cwA) => {
    const res = await apply(by, body);
    if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; matchedMinor: number; version: number };
  };
  const approvedGrant = async (programmeId: string) => {
    const p = await person();
    const app = await applied(applicationBody(p, programmeId));
    expect((await decide(supA, app.id, 'approve')).status).toBe(200);
    const done = await decide(admin, app.id, 'approve');
    expect(done.status).toBe(200);
    return { ...p, appId: app.id, itemId: done.body.assistanceItemId as string, matched: app.matchedMinor };
  };
  const counts = async () => ({
    applications: await t.given.count('matching_application'),
    items: await t.given.count('assistance_item'),
    ledger: await t.given.count('ledger_entry'),
    disbursements: await t.given.count('assistance_disbursement'),
    checks: await t.given.count('business_survival_check'),
    followUps: await t.given.count('follow_up'),
  });
  const expectRefused = (res: Response, status: number, code: string) => {
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(typeof res.body.message).toBe('string');
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '10000' } });
    officeA = await t.given.office({ oblast: 'chuy' });
    officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    sup2A = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    supB = await t.given.user('supervisor', { officeId: officeB.id });
    admin = await t.given.user('admin');
    admin2 = await t.given.user('admin');
  });
  afterAll(() => t.close());

  it('should compute the match (own × ratio, capped, within the line) and keep the programme’s terms on the application', async () => {
    const prog = await createProgramme({ matchRatioPercent: 50, matchCapMinor: 800_000 });
    expect(prog).toMatchObject({ matchRatioPercent: 50, matchCapMinor: 800_000 });
    const p = await person();
    const evidence = await upload(p.returneeId);
    const plain = await apply(cwA, applicationBody(p, prog.id, { ownContributionMinor: 1_000_001, ownEvidenceDocumentId: evidence }));
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({
      status: 'proposed',
      ownContributionMinor: 1_000_001,
      ownEvidenceDocumentId: evidence,
      matchRatioPercent: 50,
      matchCapMinor: 800_000,
      matchedMinor: 500_000,
      matchLimitedBy: null,
      firstTranchePercent: 50,
      plannedTranches: [
        { n: 1, amountMinor: 250_000, when: 'at_approval' },
        { n: 2, amountMinor: 250_000, when: 'after_3_month_check' },
      ],
      businessPlan: { sector: 'trade', oblast: 'chuy', district: 'Сокулукский район', jobsForOthers: 2, totalCostMinor: 5_000_000 },
      assistanceItemId: null,
      proposedBy: cwA.id,
    });
    const capped = await applied(applicationBody(await person(), prog.id, { ownContributionMinor: 5_000_000, firstTranchePercent: 40 }));
    expect(capped).toMatchObject({ matchedMinor: 800_000, matchLimitedBy: 'cap', plannedTranches: [{ amountMinor: 320_000 }, { amountMinor: 480_000 }] });
    // a line with less available than the match: the match is what the line has
    const small = await createProgramme({ lines: [{ assistanceType: 'business_grant', amountMinor: 700_000 }], assistanceTypes: ['business_grant'] });
    expect((await applied(applicationBody(await person(), small.id))).matchedMinor).toBe(700_000);
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity = 'matching_application' AND entity_id = $1`, [plain.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['create']);
    const event = await t.db.query(`SELECT kind, data FROM case_event WHERE case_id = $1 AND kind = 'assistance'`, [p.caseId]);
    expect(event.rows).toEqual([{ kind: 'assistance', data: expect.objectContaining({ matchingApplicationId: plain.body.id, step: 'proposed' }) }]);
  });

  it('should make the business grant on the committee’s second approval, in either order, both recorded, committed once', async () => {
    const prog = await createProgramme();
    for (const [first, second] of [
      [supA, admin],
      [admin, supA],
    ] as const) {
      const p = await person();
      const app = await applied(applicationBody(p, prog.id));
      const before = await counts();
      const one = await decide(first, app.id, 'approve');
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ status: 'proposed', assistanceItemId: null });
      expect(await counts()).toEqual(before);
      const two = await decide(second, app.id, 'approve');
      expect(two.status).toBe(200);
      expect(two.body).toMatchObject({ status: 'approved', supervisorApprovedBy: supA.id, adminApprovedBy: admin.id });
      expect(two.body.supervisorApprovedAt).toEqual(expect.any(String));
      expect(two.body.adminApprovedAt).toEqual(expect.any(String));
      const grant = await t.http.get(`/api/assistance/${two.body.assistanceItemId}`).set(bearer(cwA));
      expect(grant.body).toMatchObject({
        type: 'business_grant',
        status: 'approved',
        amountMinor: 2_000_000,
        caseId: p.caseId,
        firstApprovedBy: supA.id,
        secondApprovedBy: admin.id,
        proposedBy: cwA.id,
        committedMinor: 2_000_000,
        matchingApplicationId: app.id,
      });
      expect(grant.body.ledger.map((e: Body) => [e.kind, e.amountMinor])).toEqual([['commit', 2_000_000]]);
      expect(await counts()).toEqual({ ...before, items: before.items + 1, ledger: before.ledger + 1 });
    }
    expect(await line(prog.id)).toMatchObject({ committedMinor: 4_000_000, availableMinor: 6_000_000 });
  });

  it('should commit once when the committee’s approvals race, and refuse the same member approving twice', async () => {
    const prog = await createProgramme();
    for (let round = 0; round < 4; round++) {
      const app = await applied(applicationBody(await person(), prog.id));
      const results = await Promise.all([
        decide(supA, app.id, 'approve'),
        decide(admin, app.id, 'approve'),
        decide(admin2, app.id, 'approve'),
        decide(sup2A, app.id, 'approve'),
      ]);
      const ok = results.filter((r) => r.status === 200);
      // the first of each role is recorded; the second of a role finds it (409), or the application already approved (409)
      expect(ok.length).toBe(2);
      expect(results.filter((r) => r.status !== 200).map((r) => [r.status, r.body.code].join(' '))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^409 (ALREADY_APPROVED|INVALID_TRANSITION)$/)]),
      );
      const rows = await t.db.query(`SELECT status, assistance_item_id FROM matching_application WHERE id = $1`, [app.id]);
      expect(rows.rows[0].status).toBe('approved');
      expect(await t.given.count(`assistance_item WHERE id = '${rows.rows[0].assistance_item_id}'`)).toBe(1);
      expect(await t.given.count(`ledger_entry WHERE assistance_item_id = '${rows.rows[0].assistance_item_id}'`)).toBe(1);
    }
    expect(await t.given.count(`assistance_item WHERE programme_id = '${prog.id}'`)).toBe(4);
    expect(await line(prog.id)).toMatchObject({ committedMinor: 8_000_000 });
    const app = await applied(applicationBody(await person(), prog.id));
    expect((await decide(supA, app.id, 'approve')).status).toBe(200);
    expectRefused(await decide(sup2A, app.id, 'approve'), 409, 'ALREADY_APPROVED');
  });

  it('should pay the grant in tranches with receipts, schedule the 3-, 6- and 12-month checks at the first, and refuse a tranche beyond the total', async () => {
    const prog = await createProgramme();
    const g = await approvedGrant(prog.id);
    const receipt = await upload(g.returneeId);
    const first = await item(cwA, g.itemId, 'disburse', {
      disbursedOn: day(0),
      method: 'bank_transfer',
      reference: 'KICB-1',
      amountMinor: 1_000_000,
      documentId: receipt,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'disbursed', disbursedMinor: 1_000_000, committedMinor: 1_000_000 });
    expect(first.body.disbursements).toEqual([
      expect.objectContaining({
        kind: 'disburse',
        amountMinor: 1_000_000,
        method: 'bank_transfer',
        reference: 'KICB-1',
        documentId: receipt,
        disbursedOn: day(0),
      }),
    ]);
    expect(await line(prog.id)).toMatchObject({ committedMinor: 1_000_000, disbursedMinor: 1_000_000, availableMinor: 8_000_000 });
    const app = (await t.http.get(`/api/matching-applications/${g.appId}`).set(bearer(cwA))).body;
    expect(app.tranches.map((d: Body) => d.amountMinor)).toEqual([1_000_000]);
    expect(app.disbursedMinor).toBe(1_000_000);
    const fus = await t.db.query(`SELECT id, kind, case_id, due_at, status FROM follow_up WHERE id = ANY($1::uuid[]) ORDER BY due_at`, [
      [app.followUps.m3, app.followUps.m6, app.followUps.m12],
    ]);
    expect(fus.rows.map((f) => [f.id, f.kind, f.case_id, f.status, f.due_at.toISOString()])).toEqual([
      [app.followUps.m3, 'monitoring_3m', g.caseId, 'scheduled', dueAfter(day(0), 3)],
      [app.followUps.m6, 'monitoring_6m', g.caseId, 'scheduled', dueAfter(day(0), 6)],
      [app.followUps.m12, 'monitoring_12m', g.caseId, 'scheduled', dueAfter(day(0), 12)],
    ]);

    const before = await counts();
    const over = await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1_000_001 });
    expectRefused(over, 422, 'DISBURSEMENT_EXCEEDS_APPROVED');
    expect(over.body.errors.amountMinor).toMatch(/1000000 left/);
    expect(await counts()).toEqual(before);
    // the second tranche waits for the 3-month check of the business
    const early = await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1_000_000 });
    expectRefused(early, 409, 'THREE_MONTH_CHECK_REQUIRED');
    expect(early.body.errors).toEqual({ amountMinor: 'the 3-month check is not recorded yet' });
    expect(await counts()).toEqual(before);
    const three = await decide(cwA, g.appId, 'survival-checks', threeMonthCheck());
    expect(three.status).toBe(201);
    expect(three.body.survivalChecks).toEqual([expect.objectContaining({ milestone: '3m', businessStatus: 'operating', followUpId: app.followUps.m3 })]);
    expect((await t.db.query(`SELECT status FROM follow_up WHERE id = $1`, [app.followUps.m3])).rows[0].status).toBe('done');

    const second = await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1_000_000 });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ disbursedMinor: 2_000_000, committedMinor: 0 });
    expect(second.body.ledger.map((e: Body) => [e.kind, e.amountMinor])).toEqual([
      ['commit', 2_000_000],
      ['disburse', 1_000_000],
      ['disburse', 1_000_000],
    ]);
    // the second tranche schedules nothing more
    expect(await t.given.count(`follow_up WHERE case_id = '${g.caseId}'`)).toBe(3);
    expectRefused(await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1 }), 422, 'DISBURSEMENT_EXCEEDS_APPROVED');
    // a receipt of another returnee is refused, nothing written
    const g2 = await approvedGrant(prog.id);
    const foreign = await upload(g.returneeId);
    const before2 = await counts();
    const wrongDoc = await item(cwA, g2.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 10, documentId: foreign });
    expectRefused(wrongDoc, 422, 'INVALID_ASSISTANCE');
    expect(Object.keys(wrongDoc.body.errors)).toEqual(['documentId']);
    expect(await counts()).toEqual(before2);
    const audit = await t.db.query(`SELECT diff FROM audit_log WHERE entity = 'assistance_item' AND entity_id = $1 AND action = 'update' ORDER BY at`, [
      g.itemId,
    ]);
    expect(audit.rows.map((r) => r.diff.ledger.map((l: Body) => l.kind))).toEqual([['disburse'], ['disburse']]);
  });

  it('should refuse the next tranche of a business closed at its 3-month check, and release the rest of the grant instead', async () => {
    const prog = await createProgramme();
    const g = await approvedGrant(prog.id);
    // nothing paid yet: nothing to release from an approved item (it is cancelled instead)
    expectRefused(await item(supA, g.itemId, 'release', { reason: 'Бизнес закрыт' }), 409, 'INVALID_TRANSITION');
    expect((await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 800_000 })).status).toBe(200);
    expect(
      (await decide(cwA, g.appId, 'survival-checks', threeMonthCheck({ businessStatus: 'closed', monthlyIncomeBand: 'none', peopleEmployed: 0 }))).status,
    ).toBe(201);
    const before = await counts();
    const closed = await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 500_000 });
    expectRefused(closed, 422, 'BUSINESS_CLOSED');
    expect(closed.body.errors).toEqual({ amountMinor: 'the business closed at the 3-month check' });
    expect(await counts()).toEqual(before);
    expect(await line(prog.id)).toMatchObject({ committedMinor: 1_200_000, disbursedMinor: 800_000, availableMinor: 8_000_000 });

    // who may release: the office supervisor and admins, not the caseworker, not another office; the version must match
    const current = (await t.http.get(`/api/assistance/${g.itemId}`).set(bearer(supA))).body;
    expect(current).toMatchObject({ status: 'disbursed', committedMinor: 1_200_000 });
    expect((await item(cwA, g.itemId, 'release', { reason: 'Бизнес закрыт' })).status).toBe(403);
    expect((await item(supB, g.itemId, 'release', { reason: 'Бизнес закрыт' })).status).toBe(404);
    expectRefused(await item(supA, g.itemId, 'release', { reason: 'Бизнес закрыт', version: current.version + 1 }), 409, 'STALE_VERSION');
    expectRefused(await item(supA, g.itemId, 'release', { reason: '   ' }), 400, 'VALIDATION_FAILED');
    expect(await counts()).toEqual(before);

    const reason = 'Магазин закрылся, семья уехала в Москву';
    const rel = await item(supA, g.itemId, 'release', { reason, version: current.version });
    expect(rel.status).toBe(200);
    expect(rel.body).toMatchObject({ status: 'disbursed', committedMinor: 0, disbursedMinor: 800_000, version: current.version + 1 });
    expect(rel.body.ledger.map((e: Body) => [e.kind, e.amountMinor])).toEqual([
      ['commit', 2_000_000],
      ['disburse', 800_000],
      ['release', 1_200_000],
    ]);
    expect(rel.body.disbursements.map((d: Body) => [d.kind, d.amountMinor, d.reason])).toEqual([
      ['disburse', 800_000, null],
      ['release', 1_200_000, reason],
    ]);
    expect(await counts()).toEqual({ ...before, ledger: before.ledger + 1, disbursements: before.disbursements + 1 });
    // the line's available grows by the rest; the application's paid amount ignores the release
    expect(await line(prog.id)).toMatchObject({ committedMinor: 0, disbursedMinor: 800_000, availableMinor: 9_200_000 });
    const app = (await t.http.get(`/api/matching-applications/${g.appId}`).set(bearer(cwA))).body;
    expect(app.disbursedMinor).toBe(800_000);
    expect(app.tranches.map((d: Body) => d.kind)).toEqual(['disburse', 'release']);

    const sealed = await t.db.query(`SELECT reason_enc FROM assistance_disbursement WHERE kind = 'release' AND assistance_item_id = $1`, [g.itemId]);
    expect(sealed.rows).toHaveLength(1);
    expect(sealed.rows[0].reason_enc.startsWith('v1.') && !sealed.rows[0].reason_enc.includes('Магазин')).toBe(true);
    const audit = await t.db.query(
      `SELECT diff FROM audit_log WHERE entity = 'assistance_item' AND entity_id = $1 AND action = 'update' ORDER BY at DESC LIMIT 1`,
      [g.itemId],
    );
    expect(audit.rows[0].diff).toMatchObject({ from: 'disbursed', to: 'disbursed', step: 'released', releasedMinor: 1_200_000 });
    expect(audit.rows[0].diff.ledger).toEqual([expect.objectContaining({ kind: 'release', amountMinor: 1_200_000 })]);
    expect(JSON.stringify(audit.rows[0].diff)).not.toContain('Магазин');
    const events = (await t.http.get(`/api/cases/${g.caseId}/events`).set(bearer(cwA))).body as Array<{ kind: string; data: Body }>;
    expect(events.filter((e) => e.kind === 'assistance' && e.data.step === 'released').map((e) => e.data.assistanceItemId)).toEqual([g.itemId]);
    expect(JSON.stringify(events)).not.toContain('Магазин');

    // nothing left: a second release and a further tranche are refused, nothing written
    const after = await counts();
    expectRefused(await item(admin, g.itemId, 'release', { reason: 'Ещё раз' }), 422, 'NOTHING_TO_RELEASE');
    expectRefused(await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1 }), 422, 'DISBURSEMENT_EXCEEDS_APPROVED');
    expect(await counts()).toEqual(after);
  });

  it('should let an application whose first tranche came before the 3-month follow-up record its 3-month check', async () => {
    const prog = await createProgramme();
    const g = await approvedGrant(prog.id);
    expect((await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1_000_000 })).status).toBe(200);
    // as approved and first paid before the change: no 3-month follow-up
    await t.db.query(`UPDATE matching_application SET follow_up_3m_id = NULL WHERE id = $1`, [g.appId]);
    expectRefused(await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1_000_000 }), 409, 'THREE_MONTH_CHECK_REQUIRED');
    const three = await decide(supA, g.appId, 'survival-checks', threeMonthCheck());
    expect(three.status).toBe(201);
    expect(three.body.followUps).toEqual({ m3: null, m6: expect.any(String), m12: expect.any(String) });
    expect(three.body.survivalChecks).toEqual([expect.objectContaining({ milestone: '3m', followUpId: null })]);
    const second = await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1_000_000 });
    expect(second.status).toBe(200);
    expect(second.body.committedMinor).toBe(0);
  });

  it('should refuse releasing a proposed item', async () => {
    const prog = await createProgramme();
    const p = await person();
    const res = await t.http
      .post('/api/assistance')
      .set(bearer(cwA))
      .send({ returneeId: p.returneeId, programmeId: prog.id, type: 'transport', amountMinor: 10_000, currency: 'KGS', justification: 'Дорога домой' });
    expect(res.status).toBe(201);
    const before = await counts();
    expectRefused(await item(supA, res.body.id, 'release', { reason: 'Не нужно' }), 409, 'INVALID_TRANSITION');
    expect(await counts()).toEqual(before);
  });

  it('should keep an ordinary item’s single payment: a smaller amount releases the rest, a final tranche ends it', async () => {
    const prog = await createProgramme();
    const g = await approvedGrant(prog.id);
    const last = await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 500_000, final: true });
    expect(last.status).toBe(200);
    expect(last.body.ledger.map((e: Body) => [e.kind, e.amountMinor])).toEqual([
      ['commit', 2_000_000],
      ['disburse', 500_000],
      ['release', 1_500_000],
    ]);
    expect(await line(prog.id)).toMatchObject({ committedMinor: 0, disbursedMinor: 500_000, availableMinor: 9_500_000 });
  });

  it('should reverse a disbursement with a reason (admin or office supervisor), and not more than was disbursed', async () => {
    const prog = await createProgramme();
    const g = await approvedGrant(prog.id);
    expectRefused(await item(supA, g.itemId, 'reverse', { reason: 'Ошибка' }), 409, 'INVALID_TRANSITION');
    expect((await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'mobile_wallet', amountMinor: 600_000 })).status).toBe(200);
    expect((await item(cwA, g.itemId, 'reverse', { reason: 'Ошибка' })).status).toBe(403);
    expect((await item(supB, g.itemId, 'reverse', { reason: 'Ошибка' })).status).toBe(404);
    const before = await counts();
    expectRefused(await item(supA, g.itemId, 'reverse', { reason: 'Вернул деньги', amountMinor: 600_001 }), 422, 'REVERSAL_EXCEEDS_DISBURSED');
    expectRefused(await item(supA, g.itemId, 'reverse', { amountMinor: 100 }), 400, 'VALIDATION_FAILED');
    expect(await counts()).toEqual(before);
    const rev = await item(supA, g.itemId, 'reverse', { reason: 'Кошелёк заблокирован, деньги вернулись', amountMinor: 200_000 });
    expect(rev.status).toBe(200);
    expect(rev.body).toMatchObject({ status: 'disbursed', reversedMinor: 200_000 });
    expect(rev.body.disbursements.map((d: Body) => [d.kind, d.amountMinor, d.reason])).toEqual([
      ['disburse', 600_000, null],
      ['reverse', 200_000, 'Кошелёк заблокирован, деньги вернулись'],
    ]);
    expect(await line(prog.id)).toMatchObject({ committedMinor: 1_400_000, disbursedMinor: 400_000, availableMinor: 8_200_000 });
    const rest = await item(admin, g.itemId, 'reverse', { reason: 'Вернул всё' });
    expect(rest.status).toBe(200);
    expect(rest.body.reversedMinor).toBe(600_000);
    expectRefused(await item(admin, g.itemId, 'reverse', { reason: 'Ещё раз' }), 422, 'REVERSAL_EXCEEDS_DISBURSED');
    const sealed = await t.db.query(`SELECT reason_enc FROM assistance_disbursement WHERE kind = 'reverse' AND assistance_item_id = $1`, [g.itemId]);
    expect(sealed.rows.every((r) => r.reason_enc.startsWith('v1.') && !r.reason_enc.includes('Вернул'))).toBe(true);
  });

  it('should record the survival checks once per milestone after the first tranche, for the reports', async () => {
    const prog = await createProgramme();
    const g = await approvedGrant(prog.id);
    const check = {
      milestone: '6m',
      checkedOn: day(0),
      businessStatus: 'operating',
      monthlyIncomeBand: '10k_30k',
      peopleEmployed: 3,
      note: 'Магазин работает',
    };
    const before = await counts();
    expectRefused(await decide(cwA, g.appId, 'survival-checks', check), 422, 'INVALID_ASSISTANCE');
    expect(await counts()).toEqual(before);
    expect((await item(cwA, g.itemId, 'disburse', { disbursedOn: day(0), method: 'cash', amountMinor: 1_000_000 })).status).toBe(200);
    const six = await t.http.post(`/api/matching-applications/${g.appId}/survival-checks`).set(bearer(cwA)).send(check);
    expect(six.status).toBe(201);
    expect(six.body.survivalChecks).toEqual([
      expect.objectContaining({
        milestone: '6m',
        businessStatus: 'operating',
        monthlyIncomeBand: '10k_30k',
        peopleEmployed: 3,
        note: 'Магазин работает',
        followUpId: six.body.followUps.m6,
      }),
    ]);
    const fu6 = await t.db.query(`SELECT status, outcome FROM follow_up WHERE id = $1`, [six.body.followUps.m6]);
    expect(fu6.rows[0]).toEqual({ status: 'done', outcome: '1+1 survival check 6m: operating' });
    const open12 = await t.db.query(`SELECT status FROM follow_up WHERE id = $1`, [six.body.followUps.m12]);
    expect(open12.rows[0].status).toBe('scheduled');
    expectRefused(await decide(cwA, g.appId, 'survival-checks', check), 409, 'SURVIVAL_CHECK_EXISTS');
    expectRefused(await decide(cwA, g.appId, 'survival-checks', { ...check, milestone: '12m', checkedOn: day(2) }), 422, 'INVALID_ASSISTANCE');
    expectRefused(await decide(cwA, g.appId, 'survival-checks', { ...check, milestone: '12m', businessStatus: 'bankrupt' }), 400, 'VALIDATION_FAILED');
    expect((await decide(cwB, g.appId, 'survival-checks', { ...check, milestone: '12m' })).status).toBe(404);
    const twelve = await decide(supA, g.appId, 'survival-checks', {
      ...check,
      milestone: '12m',
      businessStatus: 'closed',
      monthlyIncomeBand: 'none',
      peopleEmployed: 0,
      note: undefined,
    });
    expect(twelve.status).toBe(201);
    const rows = await t.db.query(
      `SELECT milestone, business_status, people_employed, note_enc FROM business_survival_check WHERE application_id = $1 ORDER BY milestone`,
      [g.appId],
    );
    expect(rows.rows.map((r) => [r.milestone, r.business_status, r.people_employed])).toEqual([
      ['12m', 'closed', 0],
      ['6m', 'operating', 3],
    ]);
    expect(rows.rows[1].note_enc.startsWith('v1.')).toBe(true);
  });

  it('should reject with a reason, and refuse bad input naming the field or rule, storing nothing', async () => {
    const prog = await createProgramme();
    const p = await person();
    const before = await counts();
    const zero = await apply(cwA, applicationBody(p, prog.id, { ownContributionMinor: 0 }));
    expectRefused(zero, 400, 'VALIDATION_FAILED');
    expect(Object.keys(zero.body.errors)).toEqual(['ownContributionMinor']);
    const fraction = await apply(cwA, applicationBody(p, prog.id, { ownContributionMinor: 10.5 }));
    expect(fraction.body.errors.ownContributionMinor).toBeDefined();
    const usd = await apply(cwA, applicationBody(p, prog.id, { currency: 'USD' }));
    expectRefused(usd, 422, 'CURRENCY_MISMATCH');
    expect(usd.body.errors.currency).toMatch(/KGS/);
    const noMatching = await createProgramme({ matchRatioPercent: null });
    expectRefused(await apply(cwA, applicationBody(p, noMatching.id)), 422, 'MATCHING_NOT_OFFERED');
    const noLine = await createProgramme({ assistanceTypes: ['transport'], lines: [{ assistanceType: 'transport', amountMinor: 1_000 }] });
    expectRefused(await apply(cwA, applicationBody(p, noLine.id)), 422, 'MATCHING_NOT_OFFERED');
    const closed = await createProgramme();
    expect((await t.http.delete(`/api/programmes/${closed.id}`).set(bearer(admin))).status).toBe(200);
    expectRefused(await apply(cwA, applicationBody(p, closed.id)), 422, 'PROGRAMME_CLOSED');
    const expired = await createProgramme({ startsOn: day(-100), endsOn: day(-1) });
    expectRefused(await apply(cwA, applicationBody(p, expired.id)), 422, 'PROGRAMME_CLOSED');
    const otherCase = await person();
    const wrongCase = await apply(cwA, applicationBody({ ...p, caseId: otherCase.caseId }, prog.id));
    expectRefused(wrongCase, 422, 'INVALID_ASSISTANCE');
    expect(Object.keys(wrongCase.body.errors)).toEqual(['caseId']);
    const badPlan = await apply(
      cwA,
      applicationBody(p, prog.id, {
        businessPlan: {
          sector: 'mining',
          oblast: 'mars',
          district: '',
          description: 'x',
          totalCostMinor: -1,
          expectedMonthlyIncomeMinor: 0,
          jobsForOthers: 1.5,
        },
      }),
    );
    expect(badPlan.status).toBe(400);
    expect(Object.keys(badPlan.body.errors).sort()).toEqual(
      ['businessPlan.district', 'businessPlan.jobsForOthers', 'businessPlan.oblast', 'businessPlan.sector', 'businessPlan.totalCostMinor'].sort(),
    );
    for (const businessPlan of [null, 'магазин', [], undefined]) {
      const res = await apply(cwA, applicationBody(p, prog.id, { businessPlan }));
      expectRefused(res, 400, 'VALIDATION_FAILED');
      expect(Object.keys(res.body.errors)).toEqual(['businessPlan']);
    }
    expect((await apply(cwB, applicationBody(p, prog.id))).status).toBe(404);
    expect(await counts()).toEqual(before);

    const app = await applied(applicationBody(p, prog.id), supA);
    expectRefused(await decide(supA, app.id, 'approve'), 403, 'OWN_APPROVAL');
    expect((await decide(cwA, app.id, 'approve')).status).toBe(403);
    expect((await decide(supB, app.id, 'approve')).status).toBe(404);
    expectRefused(await decide(sup2A, app.id, 'approve', { version: 99 }), 409, 'STALE_VERSION');
    expectRefused(await decide(sup2A, app.id, 'reject', {}), 400, 'VALIDATION_FAILED');
    const rejected = await decide(sup2A, app.id, 'reject', { reason: 'Нет подтверждения собственного вклада' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Нет подтверждения собственного вклада', rejectedBy: sup2A.id });
    const afterReject = await counts();
    expectRefused(await decide(admin, app.id, 'approve'), 409, 'INVALID_TRANSITION');
    expect(await counts()).toEqual(afterReject);
    expect(afterReject.ledger).toBe(before.ledger);
  });

  it('should list applications in the caller’s office only, with the ra range header', async () => {
    const prog = await createProgramme();
    const mine = await applied(applicationBody(await person(), prog.id));
    const theirs = await applied(applicationBody(await person(officeB.id), prog.id), cwB);
    const listA = await t.http
      .get('/api/matching-applications')
      .query({ filter: JSON.stringify({ programmeId: prog.id }) })
      .set(bearer(supA));
    expect(listA.status).toBe(200);
    expect(listA.body.map((a: Body) => a.id)).toEqual([mine.id]);
    expect(listA.headers['content-range']).toBe('matching-applications 0-0/1');
    const all = await t.http
      .get('/api/matching-applications')
      .query({ filter: JSON.stringify({ programmeId: prog.id }) })
      .set(bearer(admin));
    expect(all.body.map((a: Body) => a.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect((await t.http.get(`/api/matching-applications/${theirs.id}`).set(bearer(cwA))).status).toBe(404);
    expect(
      (
        await t.http
          .get('/api/matching-applications')
          .query({ filter: JSON.stringify({ colour: 'red' }) })
          .set(bearer(cwA))
      ).status,
    ).toBe(400);
  });
});
