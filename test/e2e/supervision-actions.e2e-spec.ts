import { randomUUID } from 'node:crypto';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;
type Note = { userId: string; kind: string; data: Body; link: string; dedupeKey: string };

describe('supervision actions on cases (reassign, approve, send back, reopen)', () => {
  let t: TestApp;
  let office: { id: string };
  let otherOffice: { id: string };
  let sup: GivenUser;
  let cw1: GivenUser;
  let cw2: GivenUser;
  let cw3: GivenUser;
  let cwOther: GivenUser;
  let returnee: { id: string };
  let otherReturnee: { id: string };

  const put = (u: GivenUser, id: string, body: Body) => t.http.put(`/api/cases/${id}`).set(bearer(u)).send(body);
  const bulk = (u: GivenUser, body: Body) => t.http.post('/api/cases/reassign').set(bearer(u)).send(body);
  const newCase = (assigneeId: string | null, status = 'in_progress') => t.given.caseFile({ returneeId: returnee.id, officeId: office.id, assigneeId, status });
  const eventsOf = async (caseId: string, kind: string): Promise<Array<{ data: Body; actorId: string }>> =>
    (await t.db.query(`SELECT data, actor_id AS "actorId" FROM case_event WHERE case_id = $1 AND kind = $2 ORDER BY at, id`, [caseId, kind])).rows;
  const notesFor = async (caseIds: string[]): Promise<Note[]> =>
    (
      await t.db.query(
        `SELECT user_id AS "userId", kind, data, link, dedupe_key AS "dedupeKey" FROM notification WHERE data->>'caseId' = ANY($1::text[]) ORDER BY kind, user_id`,
        [caseIds],
      )
    ).rows;
  const assigneesOf = async (ids: string[]): Promise<Record<string, string | null>> =>
    Object.fromEntries((await t.db.query(`SELECT id, assignee_id FROM case_file WHERE id = ANY($1::uuid[])`, [ids])).rows.map((r) => [r.id, r.assignee_id]));

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    office = await t.given.office();
    otherOffice = await t.given.office();
    sup = await t.given.user('supervisor', { officeId: office.id });
    cw1 = await t.given.user('caseworker', { officeId: office.id });
    cw2 = await t.given.user('caseworker', { officeId: office.id });
    cw3 = await t.given.user('caseworker', { officeId: office.id, fullName: 'Сыдыкова Гүлнара' });
    cwOther = await t.given.user('caseworker', { officeId: otherOffice.id });
    returnee = await t.given.returnee({ officeId: office.id, lastName: 'Төлөгөнова', firstName: 'Айпери' });
    otherReturnee = await t.given.returnee({ officeId: otherOffice.id });
  });
  afterAll(() => t.close());

  describe('bulk reassign', () => {
    it('should move every case to the new assignee with an assigned event, an audit row and notifications to old and new when all are in the office', async () => {
      const a = await newCase(cw1.id);
      const b = await newCase(cw2.id);
      const c = await newCase(null, 'open');
      const res = await bulk(sup, { caseIds: [a.id, b.id, c.id], assigneeId: cw3.id, reason: 'Отпуск по уходу за ребёнком' });
      expect(res.status).toBe(200);
      expect(res.body.updated).toBe(3);
      expect(res.body.cases.map((x: Body) => [x.id, x.assigneeId, x.version])).toEqual([
        [a.id, cw3.id, 2],
        [b.id, cw3.id, 2],
        [c.id, cw3.id, 2],
      ]);
      expect(await assigneesOf([a.id, b.id, c.id])).toEqual({ [a.id]: cw3.id, [b.id]: cw3.id, [c.id]: cw3.id });

      for (const [k, from] of [
        [a, cw1.id],
        [b, cw2.id],
        [c, null],
      ] as const) {
        expect(await eventsOf(k.id, 'assigned')).toEqual([{ actorId: sup.id, data: { from, to: cw3.id, reason: 'Отпуск по уходу за ребёнком' } }]);
      }
      const audit = await t.db.query(
        `SELECT entity_id FROM audit_log WHERE entity = 'case' AND action = 'update' AND actor_id = $1 AND entity_id = ANY($2::text[])`,
        [sup.id, [a.id, b.id, c.id]],
      );
      expect(audit.rows).toHaveLength(3);

      // one per person per case: the new assignee for each case, each old assignee for their own case only
      const notes = await notesFor([a.id, b.id, c.id]);
      expect(notes.map((n) => [n.kind, n.userId, n.data.caseId]).sort()).toEqual(
        [
          ['case_assigned', cw3.id, a.id],
          ['case_assigned', cw3.id, b.id],
          ['case_assigned', cw3.id, c.id],
          ['case_reassigned', cw1.id, a.id],
          ['case_reassigned', cw2.id, b.id],
        ].sort(),
      );
      const taken = notes.find((n) => n.kind === 'case_reassigned' && n.userId === cw1.id)!;
      expect(taken.data).toMatchObject({
        caseCode: a.code,
        returneeName: expect.stringContaining('Төлөгөнова'),
        reason: 'Отпуск по уходу за ребёнком',
        assigneeName: 'Сыдыкова Гүлнара',
      });
      expect(taken.link).toBe(`#/cases/${a.id}/show`);
    });

    it('should answer 404 naming the out-of-scope ids and change nothing when one case is in another office', async () => {
      const mine = await newCase(cw1.id);
      const foreign = await t.given.caseFile({ returneeId: otherReturnee.id, officeId: otherOffice.id, assigneeId: cwOther.id, status: 'in_progress' });
      const unknown = randomUUID();
      const events = await t.given.count('case_event');
      const res = await bulk(sup, { caseIds: [mine.id, foreign.id, unknown], assigneeId: cw2.id, reason: 'Перераспределение' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect([...res.body.missing].sort()).toEqual([foreign.id, unknown].sort());
      expect(await assigneesOf([mine.id, foreign.id])).toEqual({ [mine.id]: cw1.id, [foreign.id]: cwOther.id });
      expect(await t.given.count('case_event')).toBe(events);
      expect(await notesFor([mine.id, foreign.id])).toEqual([]);
    });

    it('should answer 422 and change nothing when the assignee is not active staff of the office', async () => {
      const k = await newCase(cw1.id);
      const inactive = await t.given.user('caseworker', { officeId: office.id });
      await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [inactive.id]);
      for (const assigneeId of [cwOther.id, inactive.id]) {
        const res = await bulk(sup, { caseIds: [k.id], assigneeId, reason: 'Перераспределение' });
        expect(res.status).toBe(422);
        expect(res.body.errors).toHaveProperty('assigneeId');
      }
      expect(await assigneesOf([k.id])).toEqual({ [k.id]: cw1.id });
      expect(await eventsOf(k.id, 'assigned')).toEqual([]);
    });

    it.each([
      ['no reason', { reason: undefined }],
      ['a blank reason', { reason: '   ' }],
      ['no cases', { caseIds: [] }],
      ['more than 200 cases', { caseIds: Array.from({ length: 201 }, () => randomUUID()) }],
      ['a malformed id', { caseIds: ['not-a-uuid'] }],
      ['an unknown property', { notify: false }],
    ])('should answer 400 when the request has %s', async (_label, override) => {
      const k = await newCase(cw1.id);
      const res = await bulk(sup, { caseIds: [k.id], assigneeId: cw2.id, reason: 'Перераспределение', ...override });
      expect(res.status).toBe(400);
      expect(await assigneesOf([k.id])).toEqual({ [k.id]: cw1.id });
    });

    it('should answer 409 CASE_CLOSED and change nothing when a selected case is closed', async () => {
      const open = await newCase(cw1.id);
      const closed = await newCase(cw1.id, 'closed');
      const res = await bulk(sup, { caseIds: [open.id, closed.id], assigneeId: cw2.id, reason: 'Перераспределение' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CASE_CLOSED', closed: [closed.code] });
      expect(await assigneesOf([open.id, closed.id])).toEqual({ [open.id]: cw1.id, [closed.id]: cw1.id });
    });

    it('should leave a case that already has the assignee untouched and not count it', async () => {
      const already = await newCase(cw2.id);
      const moving = await newCase(cw1.id);
      const res = await bulk(sup, { caseIds: [already.id, moving.id, moving.id], assigneeId: cw2.id, reason: 'Перераспределение' });
      expect(res.status).toBe(200);
      expect(res.body.updated).toBe(1);
      expect(res.body.cases.map((x: Body) => [x.id, x.version])).toEqual([
        [already.id, 1],
        [moving.id, 2],
      ]);
      expect(await eventsOf(already.id, 'assigned')).toEqual([]);
      expect((await notesFor([already.id])).length).toBe(0);
    });

    it('should answer 403 and change nothing when a caseworker tries a bulk reassignment', async () => {
      const k = await newCase(cw1.id);
      const res = await bulk(cw1, { caseIds: [k.id], assigneeId: cw1.id, reason: 'Беру себе' });
      expect(res.status).toBe(403);
      expect(await assigneesOf([k.id])).toEqual({ [k.id]: cw1.id });
    });
  });

  describe('single reassignment', () => {
    it('should answer 400 when a supervisor takes a case off its assignee without a reason, and record the reason when given', async () => {
      const k = await newCase(cw1.id);
      const bare = await put(sup, k.id, { version: 1, assigneeId: cw2.id });
      expect(bare.status).toBe(400);
      expect(bare.body.errors).toHaveProperty('reassignReason');
      expect(await assigneesOf([k.id])).toEqual({ [k.id]: cw1.id });

      const res = await put(sup, k.id, { version: 1, assigneeId: cw2.id, reassignReason: 'Нужен юрист со знанием русского права' });
      expect(res.status).toBe(200);
      expect(await eventsOf(k.id, 'assigned')).toEqual([
        { actorId: sup.id, data: { from: cw1.id, to: cw2.id, reason: 'Нужен юрист со знанием русского права' } },
      ]);
      const notes = await notesFor([k.id]);
      expect(notes.map((n) => [n.kind, n.userId])).toEqual([
        ['case_assigned', cw2.id],
        ['case_reassigned', cw1.id],
      ]);
      expect(notes[1].data.reason).toBe('Нужен юрист со знанием русского права');
    });

    it('should need no reason and notify only the new assignee when a supervisor assigns an unassigned case', async () => {
      const k = await newCase(null, 'open');
      const res = await put(sup, k.id, { version: 1, assigneeId: cw1.id });
      expect(res.status).toBe(200);
      expect((await notesFor([k.id])).map((n) => [n.kind, n.userId])).toEqual([['case_assigned', cw1.id]]);
    });

    it('should name the new and the previous assignee on the timeline entry of a reassignment', async () => {
      const k = await newCase(cw1.id);
      const cw1Name = (await t.http.get(`/api/users/${cw1.id}`).set(bearer(sup))).body.fullName;
      expect(cw1Name).toEqual(expect.any(String));
      const res = await put(sup, k.id, { version: 1, assigneeId: cw3.id, reassignReason: 'Отпуск' });
      expect(res.status).toBe(200);
      const timeline = await t.http.get(`/api/cases/${k.id}/events`).set(bearer(cw3));
      expect(timeline.status).toBe(200);
      const assigned = timeline.body.filter((e: Body) => e.kind === 'assigned');
      expect(assigned.map((e: Body) => e.data)).toEqual([{ from: cw1.id, to: cw3.id, reason: 'Отпуск', fromName: cw1Name, toName: 'Сыдыкова Гүлнара' }]);

      // a bulk move names them the same way
      expect((await bulk(sup, { caseIds: [k.id], assigneeId: cw2.id, reason: 'Возврат' })).status).toBe(200);
      const again = await t.http
        .get(`/api/cases/${k.id}/events`)
        .query({ sort: JSON.stringify(['at', 'DESC']) })
        .set(bearer(sup));
      const latest = again.body.find((e: Body) => e.kind === 'assigned');
      expect(latest.data).toMatchObject({ from: cw3.id, to: cw2.id, fromName: 'Сыдыкова Гүлнара', toName: expect.any(String) });
      expect(latest.data.toName).not.toBe('');
    });

    it('should notify nobody when a caseworker takes an unassigned case', async () => {
      const k = await newCase(null, 'open');
      expect((await put(cw1, k.id, { version: 1, assigneeId: cw1.id })).status).toBe(200);
      expect(await notesFor([k.id])).toEqual([]);
    });
  });

  describe('closure approval', () => {
    it('should close the case, record the reason and schedule monitoring when a supervisor approves a closure request', async () => {
      const k = await newCase(cw1.id, 'pending_closure');
      const res = await put(sup, k.id, { version: 1, status: 'closed', closureReason: 'Трудоустроен', scheduleMonitoring: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'closed', closureReason: 'Трудоустроен' });
      const followUps = await t.db.query(`SELECT kind FROM follow_up WHERE case_id = $1 ORDER BY due_at`, [k.id]);
      expect(followUps.rows.map((r) => r.kind)).toEqual(['monitoring_1m', 'monitoring_3m', 'monitoring_6m', 'monitoring_12m']);
    });

    it('should keep the caseworker’s reason and summary from the request so the supervisor approves with the decision alone', async () => {
      const k = await newCase(cw1.id, 'in_progress');
      const asked = await put(cw1, k.id, { version: 1, status: 'pending_closure', closureReason: 'Трудоустроен на стройке', outcome: 'Официальный договор' });
      expect(asked.status).toBe(200);
      // the approval queue reads what the caseworker wrote
      const queue = await t.http
        .get('/api/cases')
        .query({ filter: JSON.stringify({ status: ['pending_closure'] }) })
        .set(bearer(sup));
      expect(queue.body.find((c: Body) => c.id === k.id)).toMatchObject({ closureReason: 'Трудоустроен на стройке', outcome: 'Официальный договор' });

      const approved = await put(sup, k.id, { version: asked.body.version, status: 'closed', scheduleMonitoring: false });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'closed', closureReason: 'Трудоустроен на стройке', outcome: 'Официальный договор' });
      expect((await eventsOf(k.id, 'status_changed')).map((e) => e.data)).toEqual([
        { from: 'in_progress', to: 'pending_closure', reason: 'Трудоустроен на стройке' },
        { from: 'pending_closure', to: 'closed', reason: 'Трудоустроен на стройке' },
      ]);
    });

    it('should answer 400 and keep the request pending when a supervisor sends it back without a comment', async () => {
      const k = await newCase(cw1.id, 'pending_closure');
      const res = await put(sup, k.id, { version: 1, status: 'in_progress' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty('comment');
      const { rows } = await t.db.query(`SELECT status FROM case_file WHERE id = $1`, [k.id]);
      expect(rows[0].status).toBe('pending_closure');
    });

    it('should move the case back to in_progress, store the comment on the event and notify the assignee when a supervisor sends it back', async () => {
      const k = await newCase(cw1.id, 'pending_closure');
      const res = await put(sup, k.id, { version: 1, status: 'in_progress', comment: 'Нет подтверждения трудоустройства' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('in_progress');
      expect(await eventsOf(k.id, 'status_changed')).toEqual([
        { actorId: sup.id, data: { from: 'pending_closure', to: 'in_progress', comment: 'Нет подтверждения трудоустройства' } },
      ]);
      const notes = await notesFor([k.id]);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ userId: cw1.id, kind: 'case_sent_back', data: { caseCode: k.code, comment: 'Нет подтверждения трудоустройства' } });
    });

    it('should let a caseworker withdraw their own closure request without a comment and notify nobody', async () => {
      const k = await newCase(cw1.id, 'pending_closure');
      const res = await put(cw1, k.id, { version: 1, status: 'in_progress' });
      expect(res.status).toBe(200);
      expect(await notesFor([k.id])).toEqual([]);
    });
  });

  describe('reopen', () => {
    it('should answer 400 without a reason, then reopen with the reason on the event and notify the assignee', async () => {
      const k = await newCase(cw1.id, 'closed');
      const bare = await put(sup, k.id, { version: 1, status: 'in_progress' });
      expect(bare.status).toBe(400);
      expect(bare.body.errors).toHaveProperty('reason');

      const res = await put(sup, k.id, { version: 1, status: 'in_progress', reason: 'Работодатель снова задерживает зарплату' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'in_progress', closedAt: null });
      expect(await eventsOf(k.id, 'status_changed')).toEqual([
        { actorId: sup.id, data: { from: 'closed', to: 'in_progress', reason: 'Работодатель снова задерживает зарплату' } },
      ]);
      const notes = await notesFor([k.id]);
      expect(notes.map((n) => [n.kind, n.userId, n.data.reason])).toEqual([['case_reopened', cw1.id, 'Работодатель снова задерживает зарплату']]);
    });
  });
});
