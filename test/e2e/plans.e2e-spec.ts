import { pdfText } from '../support/pdf-text';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

const daysFromToday = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const today = () => daysFromToday(0);

// a supertest binary parser: the PDF as a Buffer
const binary = (res: NodeJS.ReadableStream & { setEncoding(e: string): void }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('individual reintegration plans API', () => {
  let t: TestApp;
  let officeA: { id: string };
  let cwA: GivenUser;
  let cwA2: GivenUser;
  let supA: GivenUser;
  let supA2: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let org1: { id: string; name: string };
  let org2: { id: string; name: string };
  let ngo1: GivenUser;
  let ngo2: GivenUser;

  const http = () => t.http;
  const post = (u: GivenUser, path: string, body: Body = {}) => http().post(`/api/plans${path}`).set(bearer(u)).send(body);
  const put = (u: GivenUser, id: string, body: Body) => http().put(`/api/plans/${id}`).set(bearer(u)).send(body);
  const get = (u: GivenUser, path: string, query: Record<string, string> = {}) => http().get(`/api/plans${path}`).query(query).set(bearer(u));
  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM plan_version)::int AS v, (SELECT count(*) FROM plan_goal)::int AS g, (SELECT count(*) FROM plan_action)::int AS a, (SELECT count(*) FROM plan_review)::int AS r`,
      )
    ).rows[0];
  const goal = (over: Body = {}): Body => ({ dimension: 'economic', text: 'Найти постоянную работу', targetDate: daysFromToday(90), actions: [], ...over });

  async function followUp(caseId: string, status = 'scheduled'): Promise<string> {
    const { rows } = await t.db.query(
      `INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, due_at, status)
       SELECT id, returnee_id, office_id, coalesce(assignee_id, $2), 'monitoring_3m', now() + interval '2 days', $3 FROM case_file WHERE id = $1 RETURNING id`,
      [caseId, cwA.id, status],
    );
    return rows[0].id;
  }
  async function consent(returneeId: string): Promise<string> {
    const { rows } = await t.db.query(
      `INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, ARRAY['data_processing','share_with_ngo'], now() - interval '1 day') RETURNING id`,
      [returneeId],
    );
    return rows[0].id;
  }
  async function referral(caseId: string, returneeId: string, organizationId: string, consentId: string): Promise<string> {
    const { rows } = await t.db.query(
      `INSERT INTO referral (case_id, returnee_id, office_id, organization_id, consent_id, reason, shared_fields, sent_at, respond_by, created_by)
       SELECT $1, $2, office_id, $3, $4, 'Юридическая помощь', ARRAY['name'], now(), now() + interval '7 days', $5 FROM case_file WHERE id = $1 RETURNING id`,
      [caseId, returneeId, organizationId, consentId, cwA.id],
    );
    return rows[0].id;
  }
  // a returnee of office A with a case
  async function person(p: { languages?: string[]; lastName?: string; firstName?: string } = {}) {
    const r = await t.given.returnee({ officeId: officeA.id, lastName: p.lastName, firstName: p.firstName });
    if (p.languages) await t.db.query(`UPDATE returnee SET languages = $2 WHERE id = $1`, [r.id, p.languages]);
    const c = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
    return { ...r, caseId: c.id, caseCode: c.code };
  }
  async function draft(u: GivenUser, returneeId: string, goals: Body[] = [goal()]): Promise<Body> {
    const res = await post(u, '', { returneeId, goals });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function approved(returneeId: string, goals: Body[] = [goal()]): Promise<Body> {
    const p = await draft(cwA, returneeId, goals);
    expect((await post(cwA, `/${p.id}/submit`)).status).toBe(200);
    const res = await post(supA, `/${p.id}/approve`);
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    officeA = await t.given.office();
    const officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    cwA2 = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    supA2 = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    org1 = await t.given.organization();
    org2 = await t.given.organization();
    ngo1 = await t.given.user('ngo_staff', { organizationId: org1.id });
    ngo2 = await t.given.user('ngo_staff', { organizationId: org2.id });
  });
  afterAll(() => t.close());

  describe('drafting', () => {
    it("should create a draft v1 with goals and actions linked to the returnee's case, referral and follow-up, and a task", async () => {
      const r = await person();
      const cons = await consent(r.id);
      const ref = await referral(r.caseId, r.id, org1.id, cons);
      const fu = await followUp(r.caseId);
      const res = await post(cwA, '', {
        returneeId: r.id,
        goals: [
          goal({
            actions: [
              { kind: 'case', refId: r.caseId },
              { kind: 'referral', refId: ref },
              { kind: 'follow_up', refId: fu },
              { kind: 'task', text: 'Собрать документы', ownerUserId: cwA.id, dueAt: daysFromToday(10) },
              { kind: 'task', text: 'Курс сварщика', ownerOrganizationId: org2.id, dueAt: daysFromToday(30) },
            ],
          }),
          goal({ dimension: 'psychosocial', text: 'Восстановить связь с семьёй' }),
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({ returneeId: r.id, returneeCode: r.code, version: 1, status: 'draft', current: true, inForce: false, createdById: cwA.id }),
      );
      const [g1, g2] = res.body.goals;
      expect(g1).toEqual(expect.objectContaining({ dimension: 'economic', text: 'Найти постоянную работу', status: 'not_started' }));
      expect(g2.text).toBe('Восстановить связь с семьёй');
      expect(g1.actions.map((a: Body) => [a.kind, a.status, a.refStatus])).toEqual([
        ['case', 'in_progress', 'in_progress'],
        ['referral', 'pending', 'sent'],
        ['follow_up', 'pending', 'scheduled'],
        ['task', 'pending', null],
        ['task', 'pending', null],
      ]);
      expect(g1.actions[1].ownerName).toBe(org1.name);
      expect(g1.actions[4].ownerName).toBe(org2.name);
      expect(g1.actions[0].refLabel).toContain(r.caseCode);
      // texts sealed at rest
      const { rows } = await t.db.query(`SELECT text_enc FROM plan_goal WHERE plan_version_id = $1`, [res.body.id]);
      expect(rows.every((x: { text_enc: string }) => x.text_enc.startsWith('v1.') && !x.text_enc.includes('работу'))).toBe(true);
      const audit = await t.db.query(`SELECT action, diff FROM audit_log WHERE entity = 'plan' AND entity_id = $1`, [res.body.id]);
      expect(audit.rows.map((a: Body) => a.action)).toContain('create');
      expect(JSON.stringify(audit.rows)).not.toContain('работу');
    });

    it('should refuse a second active plan with 409 and store nothing', async () => {
      const r = await person();
      const p = await draft(cwA, r.id);
      const before = await counts();
      const res = await post(cwA, '', { returneeId: r.id, goals: [goal()] });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('PLAN_EXISTS');
      expect(res.body.planId).toBe(p.id);
      expect(await counts()).toEqual(before);
    });

    it('should refuse bad goals and actions with a 4xx and store nothing', async () => {
      const r = await person();
      const other = await person();
      const caseB = await t.given.caseFile({ returneeId: other.id, officeId: officeA.id, status: 'open' });
      const before = await counts();
      const bad: Array<[Body, number, string]> = [
        [goal({ text: '   ' }), 400, 'goals[0].text'],
        [goal({ text: undefined }), 400, 'goals[0].text'],
        [goal({ targetDate: daysFromToday(-1) }), 400, 'goals[0].targetDate'],
        [goal({ targetDate: '2027-02-30' }), 400, 'goals[0].targetDate'],
        [goal({ dimension: 'spiritual' }), 400, 'goals[0].dimension'],
        [goal({ status: 'dropped' }), 400, 'goals[0].droppedReason'],
        [goal({ actions: [{ kind: 'assistance', refId: r.caseId }] }), 422, 'goals[0].actions[0].refId'],
        [goal({ actions: [{ kind: 'task', text: 'X', dueAt: daysFromToday(5) }] }), 400, 'goals[0].actions[0].ownerUserId'],
        [goal({ actions: [{ kind: 'task', text: 'X', ownerUserId: cwA.id }] }), 400, 'goals[0].actions[0].dueAt'],
        [goal({ actions: [{ kind: 'task', text: 'X', ownerUserId: cwA.id, dueAt: daysFromToday(-3) }] }), 400, 'goals[0].actions[0].dueAt'],
        [goal({ actions: [{ kind: 'case' }] }), 400, 'goals[0].actions[0].refId'],
        [goal({ actions: [{ kind: 'case', refId: other.caseId }] }), 422, 'goals[0].actions[0].refId'],
        [goal({ actions: [{ kind: 'case', refId: caseB.id }] }), 422, 'goals[0].actions[0].refId'],
        [goal({ actions: [{ kind: 'follow_up', refId: r.caseId }] }), 422, 'goals[0].actions[0].refId'],
        [goal({ actions: [{ kind: 'task', text: 'X', ownerUserId: cwB.id, dueAt: daysFromToday(5) }] }), 422, 'goals[0].actions[0].ownerUserId'],
      ];
      for (const [g, status, field] of bad) {
        const res = await post(cwA, '', { returneeId: r.id, goals: [g] });
        expect([res.status, Object.keys(res.body.errors ?? {})]).toEqual([status, expect.arrayContaining([field])]);
      }
      expect(await counts()).toEqual(before);
    });

    it('should refuse a case of a returnee of another office as not found in scope (404 for the returnee, 422 for the link)', async () => {
      const rB = await t.given.returnee({ officeId: (await t.given.office()).id });
      expect((await post(cwA, '', { returneeId: rB.id, goals: [goal()] })).status).toBe(404);
      const cB = await t.given.caseFile({ returneeId: rB.id, officeId: rB.officeId, status: 'open' });
      const r = await person();
      const res = await post(cwA, '', { returneeId: r.id, goals: [goal({ actions: [{ kind: 'case', refId: cB.id }] })] });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('INVALID_PLAN');
    });

    it('should replace the goal list of a draft keeping the ids given, and refuse ids of another plan', async () => {
      const r = await person();
      const p = await draft(cwA, r.id, [goal(), goal({ text: 'Вторая цель', dimension: 'social' })]);
      const [g1] = p.goals as Body[];
      const res = await put(cwA, p.id as string, {
        goals: [{ ...goal({ text: 'Первая цель, уточнено' }), id: g1.id }, goal({ text: 'Новая цель', dimension: 'psychosocial' })],
      });
      expect(res.status).toBe(200);
      expect(res.body.goals.map((g: Body) => g.text)).toEqual(['Первая цель, уточнено', 'Новая цель']);
      expect(res.body.goals[0].id).toBe(g1.id);
      const q = await person();
      const other = await draft(cwA, q.id);
      const bad = await put(cwA, p.id as string, { goals: [{ ...goal(), id: (other.goals as Body[])[0].id }] });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors)).toEqual(['goals[0].id']);
    });
  });

  describe('workflow and versions', () => {
    it('should go draft → submitted → returned → submitted → approved, tell the supervisors, and refuse edits after', async () => {
      const r = await person();
      const p = await draft(cwA, r.id);
      expect((await post(cwA, `/${p.id}/approve`)).status).toBe(403);
      const sub = await post(cwA, `/${p.id}/submit`);
      expect(sub.status).toBe(200);
      expect(sub.body.status).toBe('submitted');
      const notes = await t.db.query(`SELECT user_id FROM notification WHERE kind = 'plan_submitted' AND data->>'planId' = $1`, [p.id]);
      expect(notes.rows.map((n: { user_id: string }) => n.user_id).sort()).toEqual([supA.id, supA2.id].sort());
      expect((await put(cwA, p.id as string, { goals: [goal()] })).status).toBe(409);
      expect((await post(supA, `/${p.id}/return`, { comment: '' })).status).toBe(400);
      const ret = await post(supA, `/${p.id}/return`, { comment: 'Уточните сроки' });
      expect(ret.body).toEqual(expect.objectContaining({ status: 'returned', returnedComment: 'Уточните сроки' }));
      expect((await put(cwA, p.id as string, { goals: [goal({ text: 'Исправлено' })] })).status).toBe(200);
      expect((await post(cwA, `/${p.id}/submit`)).status).toBe(200);
      const ok = await post(supA, `/${p.id}/approve`);
      expect(ok.body).toEqual(expect.objectContaining({ status: 'approved', inForce: true, approvedById: supA.id, approvedByName: expect.any(String) }));
      expect((await post(supA, `/${p.id}/approve`)).status).toBe(409);
      expect((await put(cwA, p.id as string, { goals: [goal()] })).body.code).toBe('PLAN_NOT_EDITABLE');
      // awaiting approval list
      const q = await person();
      const waiting = await draft(cwA, q.id);
      await post(cwA, `/${waiting.id}/submit`);
      const list = await get(supA, '', { filter: JSON.stringify({ awaitingApproval: true }) });
      expect(list.body.map((x: Body) => x.id)).toContain(waiting.id);
      expect(list.body.map((x: Body) => x.id)).not.toContain(p.id);
    });

    it('should refuse a supervisor approving the plan they wrote (403) and submitting without goals (422)', async () => {
      const r = await person();
      const p = await draft(supA, r.id);
      await post(supA, `/${p.id}/submit`);
      const res = await post(supA, `/${p.id}/approve`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('PLAN_OWN_APPROVAL');
      expect((await get(supA, `/${p.id}`)).body.status).toBe('submitted');
      expect((await post(supA2, `/${p.id}/approve`)).status).toBe(200);
      const q = await person();
      const empty = await draft(cwA, q.id, []);
      const sub = await post(cwA, `/${empty.id}/submit`);
      expect(sub.status).toBe(422);
      expect((await get(cwA, `/${empty.id}`)).body.status).toBe('draft');
    });

    it('should revise an approved plan into a new draft version while the old one stays readable and in force', async () => {
      const r = await person();
      const v1 = await approved(r.id, [goal({ actions: [{ kind: 'case', refId: r.caseId }] })]);
      const rev = await post(cwA2, `/${v1.id}/revise`);
      expect(rev.status).toBe(201);
      expect(rev.body).toEqual(expect.objectContaining({ version: 2, status: 'draft', current: true, previousVersionId: v1.id, createdById: cwA2.id }));
      expect(rev.body.goals[0].text).toBe('Найти постоянную работу');
      expect(rev.body.goals[0].id).not.toBe((v1.goals as Body[])[0].id);
      const old = (await get(cwA, `/${v1.id}`)).body;
      expect(old).toEqual(expect.objectContaining({ status: 'approved', current: false, inForce: true }));
      // the old version is no longer the one to work on
      expect((await post(cwA, `/${v1.id}/revise`)).body.code).toBe('PLAN_NOT_CURRENT');
      await put(cwA2, rev.body.id, { goals: [{ ...goal({ text: 'Цель v2' }), id: rev.body.goals[0].id, actions: [] }] });
      await post(cwA2, `/${rev.body.id}/submit`);
      expect((await post(supA, `/${rev.body.id}/approve`)).body).toEqual(expect.objectContaining({ status: 'approved', inForce: true, version: 2 }));
      expect((await get(cwA, `/${v1.id}`)).body).toEqual(expect.objectContaining({ inForce: false, current: false, status: 'approved' }));
      const versions = await get(cwA, `/${rev.body.id}/versions`);
      expect(versions.body.map((v: Body) => [v.version, v.status, v.inForce])).toEqual([
        [2, 'approved', true],
        [1, 'approved', false],
      ]);
      const list = await get(cwA, '', { filter: JSON.stringify({ returneeId: r.id, current: true }) });
      expect(list.body.map((x: Body) => x.id)).toEqual([rev.body.id]);
    });

    it('should record reviews at monitoring with progress per goal and cited notes, then complete', async () => {
      const r = await person();
      const p = await approved(r.id, [goal(), goal({ dimension: 'social', text: 'Получить паспорт' })]);
      const [g1, g2] = p.goals as Body[];
      const fu = await followUp(r.caseId, 'done');
      const note = await http()
        .post(`/api/returnees/${r.id}/notes`)
        .set(bearer(cwA))
        .send({ kind: 'counselling', date: today(), durationMinutes: 30, text: 'Беседа о планах' });
      expect(note.status).toBe(201);
      const otherR = await person();
      const otherNote = await http()
        .post(`/api/returnees/${otherR.id}/notes`)
        .set(bearer(cwA))
        .send({ kind: 'counselling', date: today(), durationMinutes: 30, text: 'Другой человек' });
      const before = await counts();
      const bad = await post(cwA, `/${p.id}/reviews`, {
        followUpId: fu,
        reviewedOn: today(),
        goals: [{ goalId: g1.id, status: 'in_progress', progress: 'Ищет работу' }],
        noteIds: [otherNote.body.id],
      });
      expect(bad.status).toBe(422);
      expect((await post(cwA, `/${p.id}/reviews`, { reviewedOn: daysFromToday(2), goals: [] })).status).toBe(400);
      expect(await counts()).toEqual(before);
      const res = await post(cwA, `/${p.id}/reviews`, {
        followUpId: fu,
        reviewedOn: today(),
        goals: [
          { goalId: g1.id, status: 'achieved', progress: 'Устроился на работу' },
          { goalId: g2.id, status: 'dropped', progress: 'Не актуально', droppedReason: 'Паспорт уже есть' },
        ],
        noteIds: [note.body.id],
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ planId: p.id, followUpId: fu, noteIds: [note.body.id], reviewedById: cwA.id }));
      const plan = (await get(cwA, `/${p.id}`)).body;
      expect(plan.status).toBe('under_review');
      expect(plan.lastReviewedAt).toEqual(expect.any(String));
      expect(plan.goals.map((g: Body) => [g.status, g.lastProgress, g.droppedReason])).toEqual([
        ['achieved', 'Устроился на работу', null],
        ['dropped', 'Не актуально', 'Паспорт уже есть'],
      ]);
      const reviews = await get(cwA, `/${p.id}/reviews`);
      expect(reviews.body).toHaveLength(1);
      expect(reviews.body[0].goals).toHaveLength(2);
      const done = await post(cwA, `/${p.id}/complete`);
      expect(done.body).toEqual(expect.objectContaining({ status: 'completed', inForce: false }));
      // a new plan may start now
      expect((await post(cwA, '', { returneeId: r.id, goals: [goal()] })).status).toBe(201);
    });

    it("should record the signature date within the version's life and close a plan with a reason", async () => {
      const r = await person();
      const p = await draft(cwA, r.id);
      expect((await post(cwA, `/${p.id}/signature`, { signedOn: daysFromToday(1) })).status).toBe(400);
      expect((await post(cwA, `/${p.id}/signature`, { signedOn: daysFromToday(-5) })).status).toBe(400);
      const s = await post(cwA, `/${p.id}/signature`, { signedOn: today() });
      expect(s.status).toBe(200);
      expect(s.body.signedAt).toBe(today());
      expect((await post(cwA, `/${p.id}/close`, {})).status).toBe(400);
      const c = await post(cwA, `/${p.id}/close`, { reason: 'Уехал снова' });
      expect(c.body).toEqual(expect.objectContaining({ status: 'closed', closeReason: 'Уехал снова' }));
      expect((await post(cwA, `/${p.id}/submit`)).status).toBe(409);
    });
  });

  describe('linked action statuses', () => {
    it('should follow the linked case, referral and follow-up', async () => {
      const r = await person();
      const cons = await consent(r.id);
      const ref = await referral(r.caseId, r.id, org1.id, cons);
      const fu = await followUp(r.caseId);
      const p = await draft(cwA, r.id, [
        goal({
          actions: [
            { kind: 'case', refId: r.caseId },
            { kind: 'referral', refId: ref },
            { kind: 'follow_up', refId: fu },
          ],
        }),
      ]);
      await t.db.query(`UPDATE case_file SET status = 'closed' WHERE id = $1`, [r.caseId]);
      await t.db.query(`UPDATE referral SET status = 'declined' WHERE id = $1`, [ref]);
      await t.db.query(`UPDATE follow_up SET status = 'done' WHERE id = $1`, [fu]);
      const res = await get(cwA, `/${p.id}`);
      expect(res.body.goals[0].actions.map((a: Body) => [a.status, a.refStatus])).toEqual([
        ['done', 'closed'],
        ['cancelled', 'declined'],
        ['done', 'done'],
      ]);
    });
  });

  describe('access', () => {
    it('should answer 404 outside the scope, let admins read but not write, and keep NGO staff to what involves them', async () => {
      const r = await person();
      const cons = await consent(r.id);
      const ref = await referral(r.caseId, r.id, org1.id, cons);
      const p = await approved(r.id, [
        goal({ text: 'Юридическая помощь', actions: [{ kind: 'referral', refId: ref }] }),
        goal({
          dimension: 'psychosocial',
          text: 'Психолог',
          actions: [{ kind: 'task', text: 'Консультации', ownerOrganizationId: org2.id, dueAt: daysFromToday(20) }],
        }),
        goal({ dimension: 'social', text: 'Только офис' }),
      ]);
      expect((await get(cwB, `/${p.id}`)).status).toBe(404);
      expect((await post(cwB, `/${p.id}/revise`)).status).toBe(404);
      expect((await get(admin, `/${p.id}`)).status).toBe(200);
      expect((await post(admin, `/${p.id}/revise`)).status).toBe(403);
      const listB = await get(cwB, '', { filter: JSON.stringify({ returneeId: r.id }) });
      expect([listB.status, listB.body, listB.headers['content-range']]).toEqual([200, [], expect.stringMatching(/\/0$/)]);

      const one = await get(ngo1, `/${p.id}`);
      expect(one.status).toBe(200);
      expect(one.body.goals.map((g: Body) => g.text)).toEqual(['Юридическая помощь']);
      expect(one.body.goals[0].actions).toHaveLength(1);
      const two = await get(ngo2, `/${p.id}`);
      expect(two.body.goals.map((g: Body) => g.text)).toEqual(['Психолог']);
      expect((await get(ngo1, '')).body.map((x: Body) => x.id)).toContain(p.id);
      expect((await get(ngo1, `/${p.id}/versions`)).status).toBe(403);
      expect((await get(ngo1, `/${p.id}/pdf`)).status).toBe(403);
      expect((await post(ngo1, `/${p.id}/submit`)).status).toBe(403);
      // a draft is not shown to partners
      const q = await person();
      await consent(q.id);
      const d = await draft(cwA, q.id, [goal({ actions: [{ kind: 'task', text: 'Курс', ownerOrganizationId: org1.id, dueAt: daysFromToday(9) }] })]);
      expect((await get(ngo1, `/${d.id}`)).status).toBe(404);

      // consent withdrawn: the plan disappears for NGO staff at once
      await t.db.query(`UPDATE consent SET withdrawn_at = now() WHERE id = $1`, [cons]);
      expect((await get(ngo1, `/${p.id}`)).status).toBe(404);
      const after = await get(ngo1, '');
      expect(after.body.map((x: Body) => x.id)).not.toContain(p.id);
      expect((await get(cwA, `/${p.id}`)).status).toBe(200);
      // the supervisor's dashboard counts plans by the status of their newest version
      const dash = await t.http.get('/api/dashboard').set(bearer(supA));
      expect(dash.status).toBe(200);
      expect(dash.body.plansByStatus.map((x: Body) => x.status)).toEqual(['draft', 'submitted', 'approved', 'returned', 'under_review', 'completed', 'closed']);
      expect(dash.body.plansByStatus.find((x: Body) => x.status === 'approved').n).toBeGreaterThan(0);
      expect((await t.http.get('/api/dashboard').set(bearer(admin))).body.plansByStatus).toEqual(expect.any(Array));
      const reads = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'plan' AND action = 'read' AND entity_id = $1`, [p.id]);
      expect(reads.rows[0].n).toBeGreaterThan(0);
    });
  });

  describe('PDF', () => {
    it('should print the plan in Kyrgyz with ң ө ү, in Russian on request, with a file name free of personal data, audited', async () => {
      const r = await person({ languages: ['ky', 'ru'], lastName: 'Өмүрбеков', firstName: 'Үмүт' });
      const p = await approved(r.id, [
        goal({
          text: 'Жаңы жумуш табуу, өз үйүн куруу',
          actions: [{ kind: 'task', text: 'Үй-бүлө менен сүйлөшүү', ownerUserId: cwA.id, dueAt: daysFromToday(15) }],
        }),
      ]);
      await post(cwA, `/${p.id}/signature`, { signedOn: today() });
      const ky = await http()
        .get(`/api/plans/${p.id}/pdf`)
        .set(bearer(cwA))
        .buffer(true)
        .parse(binary as never);
      expect(ky.status).toBe(200);
      expect(ky.headers['content-type']).toBe('application/pdf');
      expect(ky.headers['content-disposition']).toBe(`attachment; filename="plan-${r.code}-v1.pdf"`);
      expect(ky.headers['content-disposition']).not.toContain('Өмүрбеков');
      const text = await pdfText(ky.body as Buffer);
      for (const s of [
        'Жеке реинтеграция планы',
        'Өмүрбеков Үмүт',
        r.code,
        'Жаңы жумуш табуу, өз үйүн куруу',
        'Үй-бүлө менен сүйлөшүү',
        'Экономикалык',
        'Кайтып келген адамдын колу',
        'Бекитилген',
      ]) {
        expect(text).toContain(s);
      }
      const ru = await http()
        .get(`/api/plans/${p.id}/pdf`)
        .query({ lang: 'ru' })
        .set(bearer(cwA))
        .buffer(true)
        .parse(binary as never);
      const ruText = await pdfText(ru.body as Buffer);
      for (const s of ['Индивидуальный план реинтеграции', 'Подпись вернувшегося', 'Экономическое', 'Утверждён']) expect(ruText).toContain(s);
      expect((await http().get(`/api/plans/${p.id}/pdf`).query({ lang: 'de' }).set(bearer(cwA))).status).toBe(400);
      const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'plan' AND action = 'export' AND entity_id = $1`, [p.id]);
      expect(audit.rows[0].n).toBe(2);
    });
  });
});
