import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Clock } from '@kaytuu/shared';
import { FollowUpService, ReminderService } from '@kaytuu/follow-ups';
import { dbUrl } from '../support/pg';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;
type ReminderRow = {
  id: string;
  kind: string;
  status: string;
  fireAt: Date;
  userId: string;
  channel: string;
  attempts: number;
  sentAt: Date | null;
  enqueuedAt: Date | null;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inHours = (h: number, from = Date.now()) => new Date(from + h * HOUR);

// Shared query helpers over a test app's own database.
function helpers(t: TestApp) {
  return {
    post: (u: GivenUser, body: Body) => t.http.post('/api/follow-ups').set(bearer(u)).send(body),
    put: (u: GivenUser, id: string, body: Body) => t.http.put(`/api/follow-ups/${id}`).set(bearer(u)).send(body),
    remindersOf: async (followUpId: string): Promise<ReminderRow[]> =>
      (
        await t.db.query(
          `SELECT id, kind, status, fire_at AS "fireAt", user_id AS "userId", channel, attempts, sent_at AS "sentAt", enqueued_at AS "enqueuedAt"
             FROM reminder WHERE follow_up_id = $1 ORDER BY fire_at, created_at`,
          [followUpId],
        )
      ).rows,
    eventsOf: async (caseId: string, kind?: string): Promise<Array<{ kind: string; data: Body; actorId: string | null }>> =>
      (
        await t.db.query(`SELECT kind, data, actor_id AS "actorId" FROM case_event WHERE case_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY at, id`, [
          caseId,
          kind ?? null,
        ])
      ).rows,
    notificationsWhere: async (sql: string, params: unknown[]): Promise<Array<{ userId: string; kind: string; dedupeKey: string; data: Body; link: string }>> =>
      (await t.db.query(`SELECT user_id AS "userId", kind, dedupe_key AS "dedupeKey", data, link FROM notification WHERE ${sql}`, params)).rows,
  };
}

// Until a statement of the API's pool waits on a row lock in this test's database.
async function waitForLockWait(t: TestApp): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { rows } = await t.db.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (rows.length) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no statement ever waited on a lock');
}

describe('follow-ups API', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  let clock: Clock;
  let officeA: { id: string };
  let officeB: { id: string };
  let sup: GivenUser;
  let cw1: GivenUser;
  let cw2: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;
  let returneeA: { id: string; code: string; officeId: string };
  let caseA: { id: string; code: string };

  const counts = async () => ({
    followUps: await t.given.count('follow_up'),
    reminders: await t.given.count('reminder'),
    events: await t.given.count('case_event'),
  });
  const schedule = async (u: GivenUser, extra: Body = {}) => {
    const res = await h.post(u, { caseId: caseA.id, kind: 'call', dueAt: inHours(72).toISOString(), ...extra });
    expect(res.status).toBe(201);
    return res.body as Body & { id: string; version: number; dueAt: string };
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    h = helpers(t);
    clock = t.app.get(Clock);
    officeA = await t.given.office();
    officeB = await t.given.office();
    sup = await t.given.user('supervisor', { officeId: officeA.id });
    cw1 = await t.given.user('caseworker', { officeId: officeA.id });
    cw2 = await t.given.user('caseworker', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
    returneeA = await t.given.returnee({ officeId: officeA.id, lastName: 'Токтогулов', firstName: 'Бакыт' });
    const returneeB = await t.given.returnee({ officeId: officeB.id });
    caseA = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'in_progress', assigneeId: cw1.id });
    // office B has a case of its own: its caseworker's 404s and empty lists below come from scoping, not an empty office
    await t.given.caseFile({ returneeId: returneeB.id, officeId: officeB.id, status: 'in_progress', assigneeId: cwB.id });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  describe('create', () => {
    it('should store the follow-up with two reminders, a case event and an audit row when due in three days', async () => {
      const dueAt = inHours(72);
      const res = await h.post(cw1, { caseId: caseA.id, kind: 'visit', dueAt: dueAt.toISOString(), notes: 'Посетить семью' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        caseId: caseA.id,
        caseCode: caseA.code,
        returneeId: returneeA.id,
        officeId: officeA.id,
        assigneeId: cw1.id,
        kind: 'visit',
        status: 'scheduled',
        dueAt: dueAt.toISOString(),
        notes: 'Посетить семью',
        outcome: null,
        doneAt: null,
        missedAt: null,
        cancelledAt: null,
        version: 1,
        overdue: false,
      });
      expect(res.body.returneeName).toContain('Токтогулов');

      const reminders = await h.remindersOf(res.body.id);
      expect(reminders.map((r) => [r.kind, r.fireAt.toISOString(), r.status, r.userId, r.channel])).toEqual([
        ['before_due', new Date(dueAt.getTime() - DAY).toISOString(), 'pending', cw1.id, 'in_app'],
        ['at_due', dueAt.toISOString(), 'pending', cw1.id, 'in_app'],
      ]);
      const events = await h.eventsOf(caseA.id, 'follow_up_scheduled');
      expect(events.at(-1)).toMatchObject({ actorId: cw1.id, data: { followUpId: res.body.id, kind: 'visit', dueAt: dueAt.toISOString() } });
      const audit = await t.db.query(`SELECT actor_id FROM audit_log WHERE entity = 'follow_up' AND action = 'create' AND entity_id = $1`, [res.body.id]);
      expect(audit.rows).toEqual([{ actor_id: cw1.id }]);
    });

    it('should write only the at-due reminder when the 24 h reminder would already be past', async () => {
      const fu = await schedule(cw1, { dueAt: inHours(2).toISOString() });
      const reminders = await h.remindersOf(fu.id);
      expect(reminders.map((r) => [r.kind, r.fireAt.toISOString()])).toEqual([['at_due', fu.dueAt]]);
    });

    it('should give the follow-up to the case’s assignee and notify them when a supervisor schedules it', async () => {
      const fu = await schedule(sup);
      expect(fu.assigneeId).toBe(cw1.id);
      const notes = await h.notificationsWhere(`data->>'followUpId' = $1`, [fu.id]);
      expect(notes).toEqual([expect.objectContaining({ userId: cw1.id, kind: 'follow_up_assigned', link: `#/cases/${caseA.id}/show/follow-ups` })]);
    });

    it('should assign the caller when the case has no assignee', async () => {
      const open = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, assigneeId: null });
      const res = await h.post(sup, { caseId: open.id, kind: 'check_in', dueAt: inHours(30).toISOString() });
      expect(res.status).toBe(201);
      expect(res.body.assigneeId).toBe(sup.id);
    });

    it('should refuse with 422 when the assignee is staff of another office', async () => {
      const before = await counts();
      const res = await h.post(sup, { caseId: caseA.id, kind: 'call', dueAt: inHours(30).toISOString(), assigneeId: cwB.id });
      expect(res.status).toBe(422);
      expect(res.body.errors).toHaveProperty('assigneeId');
      expect(await counts()).toEqual(before);
    });
  });

  describe('scope', () => {
    let fu: { id: string; version: number };
    beforeAll(async () => {
      fu = await schedule(cw1);
    });

    it('should answer 404 when staff of another office read, change or schedule on the office’s follow-ups', async () => {
      expect((await t.http.get(`/api/follow-ups/${fu.id}`).set(bearer(cwB))).status).toBe(404);
      expect((await h.put(cwB, fu.id, { version: fu.version, status: 'done' })).status).toBe(404);
      const before = await counts();
      expect((await h.post(cwB, { caseId: caseA.id, kind: 'call', dueAt: inHours(5).toISOString() })).status).toBe(404);
      expect(await counts()).toEqual(before);
      const list = await t.http
        .get('/api/follow-ups')
        .query({ filter: JSON.stringify({ caseId: caseA.id }) })
        .set(bearer(cwB));
      expect(list.body).toEqual([]);
    });

    it('should answer 403 for NGO staff on every follow-up route', async () => {
      expect((await t.http.get('/api/follow-ups').set(bearer(ngo))).status).toBe(403);
      expect((await t.http.get(`/api/follow-ups/${fu.id}`).set(bearer(ngo))).status).toBe(403);
      expect((await t.http.get('/api/follow-ups/summary').set(bearer(ngo))).status).toBe(403);
      expect((await h.post(ngo, { caseId: caseA.id, kind: 'call', dueAt: inHours(5).toISOString() })).status).toBe(403);
    });

    it('should let an admin read every office’s follow-ups but not schedule one', async () => {
      const one = await t.http.get(`/api/follow-ups/${fu.id}`).set(bearer(admin));
      expect(one.status).toBe(200);
      expect(one.body.id).toBe(fu.id);
      expect((await h.post(admin, { caseId: caseA.id, kind: 'call', dueAt: inHours(5).toISOString() })).status).toBe(403);
    });

    it('should answer 403 when a caseworker changes a follow-up neither theirs nor on their case', async () => {
      const res = await h.put(cw2, fu.id, { version: fu.version, status: 'done' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FOLLOW_UP_NOT_ASSIGNED');
      expect((await h.post(cw2, { caseId: caseA.id, kind: 'call', dueAt: inHours(5).toISOString() })).status).toBe(403);
    });
  });

  describe('list and summary', () => {
    let listCase: { id: string };
    let ids: { soon: string; later: string; sups: string; done: string };
    const list = (u: GivenUser, filter: Body, extra: Body = {}) =>
      t.http
        .get('/api/follow-ups')
        .query({ filter: JSON.stringify({ caseId: listCase.id, ...filter }), ...extra })
        .set(bearer(u));

    beforeAll(async () => {
      listCase = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'in_progress', assigneeId: cw1.id });
      const make = async (u: GivenUser, hours: number, extra: Body = {}) => {
        const res = await h.post(u, { caseId: listCase.id, kind: 'call', dueAt: inHours(hours).toISOString(), ...extra });
        expect(res.status).toBe(201);
        return res.body as { id: string; version: number };
      };
      const soon = await make(cw1, 1);
      const later = await make(cw1, 100);
      const sups = await make(sup, 50, { assigneeId: sup.id });
      const done = await make(cw1, 10);
      expect((await h.put(cw1, done.id, { version: done.version, status: 'done' })).status).toBe(200);
      ids = { soon: soon.id, later: later.id, sups: sups.id, done: done.id };
    });

    it('should page by dueAt ascending with Content-Range when no sort is given', async () => {
      const res = await list(cw1, {}, { range: JSON.stringify([0, 1]) });
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toBe('follow-ups 0-1/4');
      expect(res.body.map((r: Body) => r.id)).toEqual([ids.soon, ids.done]);
    });

    it('should filter by mine, status, due range and id when those filters are given', async () => {
      expect((await list(cw1, { mine: true })).body.map((r: Body) => r.id).sort()).toEqual([ids.soon, ids.later, ids.done].sort());
      expect((await list(cw1, { mine: false })).body.map((r: Body) => r.id)).toEqual([ids.sups]);
      expect((await list(cw1, { status: 'done' })).body.map((r: Body) => r.id)).toEqual([ids.done]);
      expect((await list(cw1, { status: ['scheduled'] })).body).toHaveLength(3);
      const range = await list(cw1, { dueFrom: inHours(20).toISOString(), dueTo: inHours(60).toISOString() });
      expect(range.body.map((r: Body) => r.id)).toEqual([ids.sups]);
      expect((await list(cw1, { id: [ids.later, ids.done] })).headers['content-range']).toBe('follow-ups 0-1/2');
      expect((await list(cw1, { assigneeId: sup.id })).body.map((r: Body) => r.id)).toEqual([ids.sups]);
    });

    it('should list as overdue only the scheduled ones past due when the clock moves two hours on', async () => {
      jest.spyOn(clock, 'now').mockReturnValue(inHours(2));
      const res = await list(cw1, { overdue: true });
      expect(res.body.map((r: Body) => [r.id, r.overdue])).toEqual([[ids.soon, true]]);
      expect((await list(cw1, { overdue: false })).body).toHaveLength(3);
    });

    it('should answer 400 naming the filter when a filter is unknown or malformed', async () => {
      const unknown = await list(cw1, { colour: 'red' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toHaveProperty(['filter.colour']);
      const badStatus = await list(cw1, { status: 'lost' });
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.errors).toHaveProperty(['filter.status']);
      const badSort = await t.http
        .get('/api/follow-ups')
        .query({ sort: JSON.stringify(['notes', 'ASC']) })
        .set(bearer(cw1));
      expect(badSort.status).toBe(400);
    });

    it('should count my overdue, today and this-week follow-ups in Bishkek time when it is Wednesday morning', async () => {
      const me = await t.given.user('caseworker', { officeId: officeA.id });
      const mine = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'in_progress', assigneeId: me.id });
      // Wednesday 2030-01-09 10:00 in Bishkek
      const t0 = new Date('2030-01-09T04:00:00Z');
      const spy = jest.spyOn(clock, 'now').mockReturnValue(t0);
      for (const hours of [1, 2, 24, 6 * 24]) {
        expect((await h.post(me, { caseId: mine.id, kind: 'call', dueAt: inHours(hours, t0.getTime()).toISOString() })).status).toBe(201);
      }
      spy.mockReturnValue(inHours(1.5, t0.getTime()));
      const res = await t.http.get('/api/follow-ups/summary').set(bearer(me));
      expect(res.status).toBe(200);
      // +1h is overdue; +2h is today; +24h (Thursday) is this week; +6d is next Tuesday
      expect(res.body).toEqual({ overdue: 1, today: 1, thisWeek: 2 });
    });
  });

  describe('change', () => {
    it('should mark done with notes and outcome, supersede the reminders and write an event when status is done', async () => {
      const fu = await schedule(cw1);
      const res = await h.put(cw1, fu.id, { version: 1, status: 'done', notes: 'Созвонились', outcome: 'Нашёл работу' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'done', notes: 'Созвонились', outcome: 'Нашёл работу', version: 2, overdue: false });
      expect(res.body.doneAt).not.toBeNull();
      expect((await h.remindersOf(fu.id)).map((r) => r.status)).toEqual(['superseded', 'superseded']);
      expect((await h.eventsOf(caseA.id, 'follow_up_done')).at(-1)).toMatchObject({ actorId: cw1.id, data: { followUpId: fu.id } });
    });

    it('should answer 409 FOLLOW_UP_CLOSED and change nothing when the follow-up is no longer scheduled', async () => {
      const fu = await schedule(cw1);
      expect((await h.put(cw1, fu.id, { version: 1, status: 'cancelled' })).status).toBe(200);
      const before = await counts();
      const res = await h.put(cw1, fu.id, { version: 2, dueAt: inHours(200).toISOString() });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('FOLLOW_UP_CLOSED');
      expect(await counts()).toEqual(before);
    });

    it('should leave exactly one open at-due reminder at the last time when rescheduled three times quickly', async () => {
      const fu = await schedule(cw1, { dueAt: inHours(3).toISOString() });
      const times = [inHours(5), inHours(8), inHours(50)];
      let version = fu.version;
      for (const dueAt of times) {
        const res = await h.put(cw1, fu.id, { version, dueAt: dueAt.toISOString() });
        expect(res.status).toBe(200);
        version = res.body.version;
      }
      expect(version).toBe(4);
      const reminders = await h.remindersOf(fu.id);
      const open = reminders.filter((r) => r.status === 'pending');
      const last = times[2];
      expect(open.map((r) => [r.kind, r.fireAt.toISOString()])).toEqual([
        ['before_due', new Date(last.getTime() - DAY).toISOString()],
        ['at_due', last.toISOString()],
      ]);
      // 1 at first + 1 + 1 + 2 written by the reschedules; all but the last two superseded
      expect(reminders.filter((r) => r.status === 'superseded')).toHaveLength(3);
      expect(reminders.filter((r) => r.kind === 'at_due' && r.status === 'pending')).toHaveLength(1);
      const events = (await h.eventsOf(caseA.id, 'follow_up_rescheduled')).filter((e) => e.data.followUpId === fu.id);
      expect(events.map((e) => e.data.to)).toEqual(times.map((d) => d.toISOString()));
    });

    it('should cancel, supersede the open reminders and write an event when status is cancelled', async () => {
      const fu = await schedule(cw1);
      const res = await h.put(sup, fu.id, { version: 1, status: 'cancelled' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(res.body.cancelledAt).not.toBeNull();
      expect((await h.remindersOf(fu.id)).every((r) => r.status === 'superseded')).toBe(true);
      expect((await h.eventsOf(caseA.id, 'follow_up_cancelled')).at(-1)).toMatchObject({ actorId: sup.id, data: { followUpId: fu.id } });
    });

    it('should move the open reminders to the new assignee when a supervisor reassigns', async () => {
      const fu = await schedule(cw1);
      const res = await h.put(sup, fu.id, { version: 1, assigneeId: cw2.id });
      expect(res.status).toBe(200);
      const open = (await h.remindersOf(fu.id)).filter((r) => r.status === 'pending');
      expect(open.map((r) => r.userId)).toEqual([cw2.id, cw2.id]);
    });

    it('should name the new and the previous assignee on the case timeline when a follow-up is reassigned', async () => {
      const fu = await schedule(cw1);
      expect((await h.put(sup, fu.id, { version: 1, assigneeId: cw2.id })).status).toBe(200);
      const names = async (u: GivenUser) => (await t.http.get(`/api/users/${u.id}`).set(bearer(sup))).body.fullName as string;
      const timeline = await t.http
        .get(`/api/cases/${caseA.id}/events`)
        .query({ sort: JSON.stringify(['at', 'DESC']) })
        .set(bearer(sup));
      expect(timeline.status).toBe(200);
      const entry = timeline.body.find((e: { kind: string; data: Body }) => e.kind === 'follow_up_reassigned' && e.data.followUpId === fu.id);
      expect(entry.data).toEqual({ followUpId: fu.id, kind: 'call', from: cw1.id, to: cw2.id, fromName: await names(cw1), toName: await names(cw2) });
      expect(entry.data.toName).toMatch(/\S/);
    });

    it('should answer 409 STALE_VERSION and change nothing when the version is stale', async () => {
      const fu = await schedule(cw1);
      expect((await h.put(cw1, fu.id, { version: 1, notes: 'первая правка' })).status).toBe(200);
      const res = await h.put(cw1, fu.id, { version: 1, status: 'done' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('STALE_VERSION');
      const row = await t.db.query(`SELECT status, version FROM follow_up WHERE id = $1`, [fu.id]);
      expect(row.rows[0]).toEqual({ status: 'scheduled', version: 2 });
    });
  });

  describe('bad input', () => {
    const future = () => inHours(24).toISOString();
    const badPosts: Array<[string, () => Body, string]> = [
      ['no fields', () => ({}), 'caseId'],
      ['an unknown kind', () => ({ caseId: caseA.id, kind: 'email', dueAt: future() }), 'kind'],
      ['a monitoring kind', () => ({ caseId: caseA.id, kind: 'monitoring_1m', dueAt: future() }), 'kind'],
      ['a date that is not ISO', () => ({ caseId: caseA.id, kind: 'call', dueAt: 'завтра' }), 'dueAt'],
      ['a number as due time', () => ({ caseId: caseA.id, kind: 'call', dueAt: 12345 }), 'dueAt'],
      ['a past due time', () => ({ caseId: caseA.id, kind: 'call', dueAt: '2020-01-01T09:00:00Z' }), 'dueAt'],
      ['a case id that is not a UUID', () => ({ caseId: 'case-1', kind: 'call', dueAt: future() }), 'caseId'],
      ['notes over 2000 characters', () => ({ caseId: caseA.id, kind: 'call', dueAt: future(), notes: 'я'.repeat(2001) }), 'notes'],
      ['an unknown property', () => ({ caseId: caseA.id, kind: 'call', dueAt: future(), status: 'done' }), 'status'],
      ['an assignee that is not a UUID', () => ({ caseId: caseA.id, kind: 'call', dueAt: future(), assigneeId: 42 }), 'assigneeId'],
    ];

    it.each(badPosts)('should answer 400 naming the field and store nothing when POST has %s', async (_label, body, field) => {
      const before = await counts();
      const res = await h.post(cw1, body());
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400 });
      expect(res.body.errors).toHaveProperty(field);
      expect(await counts()).toEqual(before);
    });

    const badPuts: Array<[string, Body, string]> = [
      ['no version', { status: 'done' }, 'version'],
      ['a version that is not a number', { version: 'one', status: 'done' }, 'version'],
      ['status missed (set only by escalation)', { version: 1, status: 'missed' }, 'status'],
      ['a due time that is not ISO', { version: 1, dueAt: 'скоро' }, 'dueAt'],
      ['a past due time', { version: 1, dueAt: '2021-05-01T10:00:00Z' }, 'dueAt'],
      ['outcome over 2000 characters', { version: 1, outcome: 'x'.repeat(2001) }, 'outcome'],
      ['an unknown property', { version: 1, caseId: randomUUID() }, 'caseId'],
      ['done together with a new due time', { version: 1, status: 'done', dueAt: '2031-01-01T10:00:00Z' }, 'dueAt'],
      ['a null due time', { version: 1, dueAt: null }, 'dueAt'],
    ];

    it.each(badPuts)('should answer 400 naming the field and change nothing when PUT has %s', async (_label, body, field) => {
      const fu = await schedule(cw1);
      const before = { ...(await counts()), reminders: await h.remindersOf(fu.id) };
      const res = await h.put(cw1, fu.id, body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty(field);
      expect({ ...(await counts()), reminders: await h.remindersOf(fu.id) }).toEqual(before);
      const row = await t.db.query(`SELECT status, version, due_at FROM follow_up WHERE id = $1`, [fu.id]);
      expect(row.rows[0]).toMatchObject({ status: 'scheduled', version: 1 });
    });

    it('should answer 400 on the id when the path id is not a UUID', async () => {
      const res = await h.put(cw1, 'not-a-uuid', { version: 1, status: 'done' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty('id');
    });
  });

  describe('post-closure monitoring', () => {
    const closeCase = (caseId: string, extra: Body = {}) =>
      t.http
        .put(`/api/cases/${caseId}`)
        .set(bearer(sup))
        .send({ version: 1, status: 'closed', closureReason: 'Трудоустроен', ...extra });

    it('should schedule monitoring at 1, 3, 6 and 12 months, 09:00 Bishkek, for the assignee when a supervisor closes a case', async () => {
      const c = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'pending_closure', assigneeId: cw1.id });
      // 31 January 2030, 11:00 in Bishkek: shorter months fall back to their last day
      jest.spyOn(clock, 'now').mockReturnValue(new Date('2030-01-31T05:00:00Z'));
      const res = await closeCase(c.id);
      expect(res.status).toBe(200);
      expect(res.body.closedAt).toBe('2030-01-31T05:00:00.000Z');

      const rows = await t.db.query(`SELECT id, kind, due_at, assignee_id, status FROM follow_up WHERE case_id = $1 ORDER BY due_at`, [c.id]);
      expect(rows.rows.map((r) => [r.kind, r.due_at.toISOString(), r.assignee_id, r.status])).toEqual([
        ['monitoring_1m', '2030-02-28T03:00:00.000Z', cw1.id, 'scheduled'],
        ['monitoring_3m', '2030-04-30T03:00:00.000Z', cw1.id, 'scheduled'],
        ['monitoring_6m', '2030-07-31T03:00:00.000Z', cw1.id, 'scheduled'],
        ['monitoring_12m', '2031-01-31T03:00:00.000Z', cw1.id, 'scheduled'],
      ]);
      for (const r of rows.rows) expect((await h.remindersOf(r.id)).map((x) => x.kind)).toEqual(['before_due', 'at_due']);
      expect(await h.eventsOf(c.id, 'follow_up_scheduled')).toHaveLength(4);
      expect(await h.eventsOf(c.id, 'status_changed')).toHaveLength(1);
    });

    it('should schedule no monitoring when the closure sets scheduleMonitoring to false', async () => {
      const c = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'pending_closure', assigneeId: cw1.id });
      const res = await closeCase(c.id, { scheduleMonitoring: false });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('closed');
      const n = await t.db.query(`SELECT count(*)::int AS n FROM follow_up WHERE case_id = $1`, [c.id]);
      expect(n.rows[0].n).toBe(0);
    });

    it('should answer 400 when scheduleMonitoring is not a boolean', async () => {
      const c = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'pending_closure', assigneeId: cw1.id });
      const res = await closeCase(c.id, { scheduleMonitoring: 'no' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty('scheduleMonitoring');
    });

    // The closure locks the old monitoring before cancelling it: one marked done while the closure waits is left done,
    // with no "cancelled" event or reminder change written for it (the guarded write would otherwise refuse the whole closure).
    it('should leave a leftover monitoring follow-up alone when it is marked done while a reopened case is closed again', async () => {
      const c = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'pending_closure', assigneeId: cw1.id });
      const first = await closeCase(c.id);
      expect(first.status).toBe(200);
      const reopened = await t.http
        .put(`/api/cases/${c.id}`)
        .set(bearer(sup))
        .send({ version: first.body.version, status: 'in_progress', reason: 'Снова без работы' });
      const pending = await t.http
        .put(`/api/cases/${c.id}`)
        .set(bearer(sup))
        .send({ version: reopened.body.version, status: 'pending_closure', closureReason: 'Снова трудоустроен' });
      expect(pending.status).toBe(200);
      const [oneMonth] = (await t.db.query(`SELECT id FROM follow_up WHERE case_id = $1 AND kind = 'monitoring_1m'`, [c.id])).rows;

      // another writer holds the one-month follow-up while the closure runs, then marks it done and commits
      const holder = new Client({ connectionString: dbUrl(t.dbName) });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM follow_up WHERE id = $1 FOR UPDATE`, [oneMonth.id]);
        const closing = closeCase(c.id, { version: pending.body.version }).then((r) => r);
        await waitForLockWait(t);
        await holder.query(`UPDATE follow_up SET status = 'done', done_at = now(), version = version + 1 WHERE id = $1`, [oneMonth.id]);
        await holder.query('COMMIT');
        expect((await closing).status).toBe(200);
      } finally {
        await holder.end();
      }

      const old = (await t.db.query(`SELECT id, kind, status FROM follow_up WHERE case_id = $1 AND status <> 'scheduled' ORDER BY due_at`, [c.id])).rows;
      expect(old.map((r) => [r.kind, r.status])).toEqual([
        ['monitoring_1m', 'done'],
        ['monitoring_3m', 'cancelled'],
        ['monitoring_6m', 'cancelled'],
        ['monitoring_12m', 'cancelled'],
      ]);
      const cancelled = (await h.eventsOf(c.id, 'follow_up_cancelled')).map((e) => e.data.followUpId);
      expect(cancelled.sort()).toEqual(
        old
          .slice(1)
          .map((r) => r.id)
          .sort(),
      );
      expect((await h.remindersOf(oneMonth.id)).map((r) => r.status)).not.toContain('superseded');
      const fresh = await t.db.query(`SELECT count(*)::int AS n FROM follow_up WHERE case_id = $1 AND status = 'scheduled'`, [c.id]);
      expect(fresh.rows[0].n).toBe(4);
    });

    it('should list the monitoring follow-ups under the case for the assignee', async () => {
      const c = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'pending_closure', assigneeId: cw1.id });
      expect((await closeCase(c.id)).status).toBe(200);
      const res = await t.http
        .get('/api/follow-ups')
        .query({ filter: JSON.stringify({ caseId: c.id, mine: true }) })
        .set(bearer(cw1));
      expect(res.body.map((r: Body) => r.kind)).toEqual(['monitoring_1m', 'monitoring_3m', 'monitoring_6m', 'monitoring_12m']);
    });
  });
});

// The worker-side use-cases, called directly with explicit times, on their own database so that claiming and
// escalating "everything due" sees only this block's rows.
describe('reminder relay, delivery and escalation', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  let reminders: ReminderService;
  let followUps: FollowUpService;
  let sup: GivenUser;
  let cw: GivenUser;
  let cwB: GivenUser;
  let caseA: { id: string; code: string };
  let caseB: { id: string };

  const schedule = async (u: GivenUser, caseId: string, dueAt: Date) => {
    const res = await h.post(u, { caseId, kind: 'call', dueAt: dueAt.toISOString() });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; dueAt: string };
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    h = helpers(t);
    reminders = t.app.get(ReminderService);
    followUps = t.app.get(FollowUpService);
    const officeA = await t.given.office();
    const officeB = await t.given.office();
    sup = await t.given.user('supervisor', { officeId: officeA.id });
    cw = await t.given.user('caseworker', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    const rA = await t.given.returnee({ officeId: officeA.id });
    const rB = await t.given.returnee({ officeId: officeB.id });
    caseA = await t.given.caseFile({ returneeId: rA.id, officeId: officeA.id, status: 'in_progress', assigneeId: cw.id });
    caseB = await t.given.caseFile({ returneeId: rB.id, officeId: officeB.id, status: 'in_progress', assigneeId: cwB.id });
  });
  afterAll(() => t.close());

  it('should claim only pending reminders due within the horizon, once, and report them stale only after the grace', async () => {
    const now = Date.now();
    const near = await schedule(cw, caseA.id, inHours(2, now));
    const far = await schedule(cw, caseA.id, inHours(72, now));
    const [nearAtDue] = await h.remindersOf(near.id);

    expect((await reminders.claimDueForRelay(new Date(now), 5 * 60_000, 100)).map((r) => r.id)).not.toContain(nearAtDue.id);
    const claimAt = inHours(2, now);
    const claimed = await reminders.claimDueForRelay(claimAt, 0, 100);
    expect(claimed).toEqual([{ id: nearAtDue.id, fireAt: new Date(near.dueAt) }]);
    const row = (await h.remindersOf(near.id))[0];
    expect(row.status).toBe('enqueued');
    expect(row.enqueuedAt?.toISOString()).toBe(claimAt.toISOString());
    expect((await h.remindersOf(far.id)).map((r) => r.status)).toEqual(['pending', 'pending']);
    // already enqueued: a second relay pass does not hand it out again
    expect(await reminders.claimDueForRelay(claimAt, 0, 100)).toEqual([]);

    expect(await reminders.findStaleEnqueued(new Date(claimAt.getTime() + 10_000), 30_000, 100)).toEqual([]);
    expect(await reminders.findStaleEnqueued(new Date(claimAt.getTime() + 60_000), 30_000, 100)).toEqual([{ id: nearAtDue.id, fireAt: new Date(near.dueAt) }]);
  });

  it('should notify the assignee once when the same reminder is delivered twice, even with its status reset', async () => {
    const fu = await schedule(cw, caseA.id, inHours(1));
    const [r] = await h.remindersOf(fu.id);

    expect(await reminders.deliver(r.id)).toBe('sent');
    const sent = (await h.remindersOf(fu.id))[0];
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sent.sentAt).not.toBeNull();
    expect(await reminders.deliver(r.id)).toBe('already_sent');
    // a lost status update (crash between notify and commit cannot happen, but a manual reset can): the dedupe key still holds
    await t.db.query(`UPDATE reminder SET status = 'enqueued' WHERE id = $1`, [r.id]);
    expect(await reminders.deliver(r.id)).toBe('sent');

    const notes = await h.notificationsWhere(`dedupe_key = $1`, [`reminder:${r.id}`]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      userId: cw.id,
      kind: 'follow_up_due',
      link: `#/cases/${caseA.id}/show/follow-ups`,
      data: { followUpId: fu.id, caseId: caseA.id, caseCode: caseA.code, kind: 'call' },
    });
  });

  it('should answer not_found when the reminder does not exist', async () => {
    expect(await reminders.deliver(randomUUID())).toBe('not_found');
  });

  it('should deliver a batch in one call with one result per id, in order, and one notification per reminder', async () => {
    const a = await schedule(cw, caseA.id, inHours(5));
    const b = await schedule(cw, caseA.id, inHours(6));
    const gone = await schedule(cw, caseA.id, inHours(7));
    expect((await h.put(cw, gone.id, { version: 1, status: 'cancelled' })).status).toBe(200);
    const [ra] = await h.remindersOf(a.id);
    const [rb] = await h.remindersOf(b.id);
    const [rGone] = await h.remindersOf(gone.id);
    const missing = randomUUID();

    const results = await reminders.deliverMany([ra.id, rb.id, ra.id, missing, rGone.id]);

    // the repeated id was locked once and is 'sent' in both places: one notification either way
    expect(results).toEqual(['sent', 'sent', 'sent', 'not_found', 'superseded']);
    expect(await reminders.deliverMany([rb.id, ra.id])).toEqual(['already_sent', 'already_sent']);
    for (const r of [ra, rb]) expect(await h.notificationsWhere(`dedupe_key = $1`, [`reminder:${r.id}`])).toHaveLength(1);
    expect((await h.remindersOf(a.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('should deliver nothing when the reminder was superseded or its follow-up is no longer scheduled', async () => {
    const cancelled = await schedule(cw, caseA.id, inHours(30));
    expect((await h.put(cw, cancelled.id, { version: 1, status: 'cancelled' })).status).toBe(200);
    const superseded = await h.remindersOf(cancelled.id);
    for (const r of superseded) expect(await reminders.deliver(r.id)).toBe('superseded');

    // a job already in the queue when the follow-up was marked done (its row re-opened here to stand for that race)
    const done = await schedule(cw, caseA.id, inHours(30));
    expect((await h.put(cw, done.id, { version: 1, status: 'done' })).status).toBe(200);
    const [racing] = await h.remindersOf(done.id);
    await t.db.query(`UPDATE reminder SET status = 'enqueued' WHERE id = $1`, [racing.id]);
    expect(await reminders.deliver(racing.id)).toBe('superseded');
    expect((await h.remindersOf(done.id))[0].status).toBe('superseded');

    const notes = await h.notificationsWhere(`data->>'followUpId' = ANY($1) AND kind <> 'follow_up_assigned'`, [[cancelled.id, done.id]]);
    expect(notes).toEqual([]);
  });

  it('should mark overdue follow-ups missed after ESCALATION_HOURS and notify the office supervisor once when run twice', async () => {
    const now = Date.now();
    const fu = await schedule(cw, caseA.id, inHours(1, now));
    const orphan = await schedule(cwB, caseB.id, inHours(1, now));

    // 47 h after due: not yet
    await followUps.escalateOverdue(inHours(48, now));
    expect((await t.db.query(`SELECT status FROM follow_up WHERE id = $1`, [fu.id])).rows[0].status).toBe('scheduled');

    const at = inHours(50, now);
    expect(await followUps.escalateOverdue(at)).toBeGreaterThanOrEqual(2);
    expect(await followUps.escalateOverdue(at)).toBe(0);

    const row = await t.db.query(`SELECT status, missed_at, version FROM follow_up WHERE id = $1`, [fu.id]);
    expect(row.rows[0]).toEqual({ status: 'missed', missed_at: at, version: 2 });
    expect((await h.remindersOf(fu.id)).map((r) => r.status)).toEqual(['superseded']);
    expect((await h.eventsOf(caseA.id, 'follow_up_missed')).filter((e) => e.data.followUpId === fu.id)).toEqual([expect.objectContaining({ actorId: null })]);
    const notes = await h.notificationsWhere(`data->>'followUpId' = $1 AND kind = 'follow_up_missed'`, [fu.id]);
    expect(notes).toEqual([expect.objectContaining({ userId: sup.id, dedupeKey: `missed:${fu.id}:${sup.id}` })]);

    // office B has no supervisor: nobody to tell, but the follow-up is missed all the same
    expect((await t.db.query(`SELECT status FROM follow_up WHERE id = $1`, [orphan.id])).rows[0].status).toBe('missed');
    expect(await h.notificationsWhere(`data->>'followUpId' = $1 AND kind = 'follow_up_missed'`, [orphan.id])).toEqual([]);
  });
});
