import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

const todayBishkek = () => new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);
const daysFromToday = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('counselling and visit notes API', () => {
  let t: TestApp;
  let cwA: GivenUser;
  let cwA2: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let supB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;
  let returneeA: { id: string };
  let returneeA2: { id: string };
  let returneeB: { id: string };
  let caseA: { id: string };
  let caseA2: { id: string };

  const note = (over: Body = {}): Body => ({ kind: 'counselling', date: todayBishkek(), durationMinutes: 45, text: 'Обсудили работу и долги', ...over });
  const post = (u: GivenUser, returneeId: string, body: Body) => t.http.post(`/api/returnees/${returneeId}/notes`).set(bearer(u)).send(body);
  const list = (u: GivenUser, returneeId: string, filter: Body = {}, extra: Record<string, string> = {}) =>
    t.http
      .get(`/api/returnees/${returneeId}/notes`)
      .query({ filter: JSON.stringify(filter), ...extra })
      .set(bearer(u));
  const count = async () => Number((await t.db.query(`SELECT count(*)::int AS n FROM returnee_note`)).rows[0].n);
  const create = async (u: GivenUser, returneeId: string, over: Body = {}): Promise<Body> => {
    const res = await post(u, returneeId, note(over));
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    const officeA = await t.given.office();
    const officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    cwA2 = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    supB = await t.given.user('supervisor', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
    returneeA = await t.given.returnee({ officeId: officeA.id });
    returneeA2 = await t.given.returnee({ officeId: officeA.id });
    returneeB = await t.given.returnee({ officeId: officeB.id });
    caseA = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
    caseA2 = await t.given.caseFile({ returneeId: returneeA2.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
  });
  afterAll(() => t.close());

  describe('writing a note', () => {
    it('should store a note with its author and case and answer it in clear to the author', async () => {
      const res = await post(
        cwA,
        returneeA.id,
        note({ kind: 'home_visit', caseId: caseA.id, durationMinutes: 90, text: 'Визит на дом: Өмүр жаңы ишке орношту' }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          returneeId: returneeA.id,
          caseId: caseA.id,
          kind: 'home_visit',
          date: todayBishkek(),
          durationMinutes: 90,
          text: 'Визит на дом: Өмүр жаңы ишке орношту',
          hidden: false,
          confidential: false,
          authorId: cwA.id,
          authorName: expect.any(String),
          correctsId: null,
        }),
      );
      const created = new Date(res.body.createdAt).getTime();
      expect(new Date(res.body.editableUntil).getTime() - created).toBe(24 * 3_600_000);
      const got = await t.http.get(`/api/notes/${res.body.id}`).set(bearer(supA));
      expect(got.status).toBe(200);
      expect(got.body.text).toBe('Визит на дом: Өмүр жаңы ишке орношту');
    });

    it.each([
      ['empty text', { text: '' }, 'text'],
      ['blank text', { text: '   \n ' }, 'text'],
      ['text over 10,000 characters', { text: 'а'.repeat(10_001) }, 'text'],
      ['a date in the future', { date: daysFromToday(2) }, 'date'],
      ['a malformed date', { date: '2026-02-30' }, 'date'],
      ['an unknown kind', { kind: 'gossip' }, 'kind'],
      ['a duration over 600 minutes', { durationMinutes: 601 }, 'durationMinutes'],
      ['a negative duration', { durationMinutes: -1 }, 'durationMinutes'],
      ['a fractional duration', { durationMinutes: 1.5 }, 'durationMinutes'],
      ['an unknown field', { mood: 'sad' }, 'mood'],
    ])('should refuse %s with 400 and store nothing', async (_what, over, field) => {
      const before = await count();
      const res = await post(cwA, returneeA.id, note(over));
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty(field);
      expect(res.body.fieldCodes).toHaveProperty(field);
      expect(await count()).toBe(before);
    });

    it('should refuse a case of another returnee with 422 INVALID_NOTE and store nothing', async () => {
      const before = await count();
      const res = await post(cwA, returneeA.id, note({ caseId: caseA2.id }));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('INVALID_NOTE');
      expect(res.body.errors).toHaveProperty('caseId');
      const unknown = await post(cwA, returneeA.id, note({ caseId: '00000000-0000-4000-8000-000000000000' }));
      expect(unknown.status).toBe(422);
      expect(await count()).toBe(before);
    });

    it('should refuse notes on a returnee of another office (404), and to admins and NGO staff (403)', async () => {
      const before = await count();
      expect((await post(cwA, returneeB.id, note())).status).toBe(404);
      expect((await post(admin, returneeA.id, note())).status).toBe(403);
      expect((await post(ngo, returneeA.id, note())).status).toBe(403);
      expect(await count()).toBe(before);
    });
  });

  describe('editing and correcting', () => {
    it('should let the author edit within 24 hours, and keep the change audited without the text', async () => {
      const n = await create(cwA, returneeA.id, { text: 'Первая версия' });
      const res = await t.http.put(`/api/notes/${n.id}`).set(bearer(cwA)).send({ text: 'Вторая версия', durationMinutes: 30 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ text: 'Вторая версия', durationMinutes: 30, updatedAt: expect.any(String) }));
      const { rows } = await t.db.query(`SELECT actor_id, diff FROM audit_log WHERE action = 'update' AND entity = 'returnee_note' AND entity_id = $1`, [n.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].actor_id).toBe(cwA.id);
      expect(rows[0].diff).toEqual(expect.objectContaining({ changed: ['durationMinutes', 'text'] }));
      expect(JSON.stringify(rows[0].diff)).not.toContain('версия');
    });

    it("should refuse to edit someone else's note (403 NOTE_NOT_AUTHOR), even for the supervisor", async () => {
      const n = await create(cwA, returneeA.id, { text: 'Не трогать' });
      for (const u of [cwA2, supA]) {
        const res = await t.http.put(`/api/notes/${n.id}`).set(bearer(u)).send({ text: 'Чужая правка' });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('NOTE_NOT_AUTHOR');
      }
      expect((await t.http.put(`/api/notes/${n.id}`).set(bearer(cwB)).send({ text: 'x' })).status).toBe(404);
      expect((await t.http.get(`/api/notes/${n.id}`).set(bearer(cwA))).body.text).toBe('Не трогать');
    });

    it('should refuse an edit after 24 hours with 409 NOTE_EDIT_WINDOW_CLOSED and accept a correction pointing to it', async () => {
      const n = await create(cwA, returneeA.id, { text: 'Старая запись' });
      await t.db.query(`UPDATE returnee_note SET created_at = now() - interval '24 hours 1 minute' WHERE id = $1`, [n.id]);
      const res = await t.http.put(`/api/notes/${n.id}`).set(bearer(cwA)).send({ text: 'Переписать историю' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('NOTE_EDIT_WINDOW_CLOSED');
      expect((await t.http.get(`/api/notes/${n.id}`).set(bearer(cwA))).body.text).toBe('Старая запись');
      const correction = await post(cwA2, returneeA.id, note({ text: 'Исправление: дата визита другая', correctsId: n.id }));
      expect(correction.status).toBe(201);
      expect(correction.body.correctsId).toBe(n.id);
    });

    it('should refuse an invalid edit with 400 and leave the note as it was', async () => {
      const n = await create(cwA, returneeA.id, { text: 'Как было' });
      for (const body of [{ text: '' }, { date: daysFromToday(3) }, { kind: 'gossip' }, { returneeId: returneeA2.id }]) {
        expect((await t.http.put(`/api/notes/${n.id}`).set(bearer(cwA)).send(body)).status).toBe(400);
      }
      const got = await t.http.get(`/api/notes/${n.id}`).set(bearer(cwA));
      expect(got.body).toEqual(expect.objectContaining({ text: 'Как было', kind: 'counselling', updatedAt: null }));
    });

    it("should refuse to correct another returnee's note with 422 and store nothing", async () => {
      const other = await create(cwA, returneeA2.id, { text: 'Другой человек' });
      const before = await count();
      const res = await post(cwA, returneeA.id, note({ correctsId: other.id }));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('INVALID_NOTE');
      expect(res.body.errors).toHaveProperty('correctsId');
      expect(await count()).toBe(before);
    });

    it('should offer no way to delete a note', async () => {
      const n = await create(cwA, returneeA.id);
      expect((await t.http.delete(`/api/notes/${n.id}`).set(bearer(cwA))).status).toBe(404);
      expect((await t.http.get(`/api/notes/${n.id}`).set(bearer(cwA))).status).toBe(200);
    });
  });

  describe('confidential notes', () => {
    let secret: Body;
    beforeAll(async () => {
      secret = await create(cwA, returneeA2.id, { kind: 'counselling', confidential: true, text: 'Конфиденциально: насилие в семье, тревожность' });
    });

    it('should show the text to the author and the office supervisor only', async () => {
      for (const u of [cwA, supA]) {
        const res = await t.http.get(`/api/notes/${secret.id}`).set(bearer(u));
        expect(res.status).toBe(200);
        expect(res.body.text).toBe('Конфиденциально: насилие в семье, тревожность');
      }
      const other = await t.http.get(`/api/notes/${secret.id}`).set(bearer(cwA2));
      expect(other.status).toBe(200);
      expect(other.body).toEqual(expect.objectContaining({ text: null, hidden: true, confidential: true, kind: 'counselling', authorId: cwA.id }));
      const listed = await list(cwA2, returneeA2.id);
      const row = listed.body.find((r: Body) => r.id === secret.id);
      expect(row).toEqual(expect.objectContaining({ text: null, hidden: true }));
      expect(JSON.stringify(listed.body)).not.toContain('насилие');
    });

    it('should never show notes to NGO staff, admins or another office', async () => {
      for (const u of [ngo, admin]) {
        expect((await t.http.get(`/api/notes/${secret.id}`).set(bearer(u))).status).toBe(403);
        expect((await list(u, returneeA2.id)).status).toBe(403);
      }
      for (const u of [cwB, supB]) {
        expect((await t.http.get(`/api/notes/${secret.id}`).set(bearer(u))).status).toBe(404);
        expect((await list(u, returneeA2.id)).status).toBe(404);
      }
    });

    it('should not let a caseworker who may not read it correct it', async () => {
      const res = await post(cwA2, returneeA2.id, note({ correctsId: secret.id }));
      expect(res.status).toBe(422);
    });
  });

  describe('listing and searching', () => {
    let r: { id: string };
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      r = await t.given.returnee({ officeId: cwA.officeId! });
      const c = await t.given.caseFile({ returneeId: r.id, officeId: cwA.officeId!, status: 'in_progress', assigneeId: cwA.id });
      ids.work = (await create(cwA, r.id, { kind: 'phone_call', date: daysFromToday(-3), text: 'Ищет работу на стройке, Ёлочный рынок' })).id as string;
      ids.school = (await create(cwA, r.id, { kind: 'home_visit', date: daysFromToday(-1), caseId: c.id, text: 'Дети ходят в школу; үй-бүлө жакшы' }))
        .id as string;
      ids.secret = (await create(supA, r.id, { kind: 'counselling', date: daysFromToday(-2), confidential: true, text: 'Работа с психологом, стройка' }))
        .id as string;
      ids.caseId = c.id;
    });

    it('should list newest first with a Content-Range, and filter by kind and case', async () => {
      const res = await list(cwA, r.id);
      expect(res.status).toBe(200);
      expect(res.body.map((n: Body) => n.id)).toEqual([ids.school, ids.secret, ids.work]);
      expect(res.headers['content-range']).toBe('notes 0-2/3');
      expect((await list(cwA, r.id, { kind: ['phone_call'] })).body.map((n: Body) => n.id)).toEqual([ids.work]);
      expect((await list(cwA, r.id, { caseId: ids.caseId })).body.map((n: Body) => n.id)).toEqual([ids.school]);
      expect((await list(cwA, r.id, {}, { sort: JSON.stringify(['id', 'ASC']) })).status).toBe(200);
      expect((await list(cwA, r.id, {}, { sort: JSON.stringify(['text', 'ASC']) })).status).toBe(400);
      expect((await list(cwA, r.id, { kind: ['gossip'] })).status).toBe(400);
    });

    it('should find notes by a whole word and by a word beginning, case- and ё-insensitively, all words required', async () => {
      const found = async (u: GivenUser, q: string) => (await list(u, r.id, { q })).body.map((n: Body) => n.id).sort();
      expect(await found(cwA, 'работу')).toEqual([ids.work]);
      expect(await found(cwA, 'РАБ')).toEqual([ids.work].sort());
      expect(await found(cwA, 'елочн')).toEqual([ids.work]);
      expect(await found(cwA, 'ҮЙ бүлө')).toEqual([ids.school]);
      expect(await found(cwA, 'стройке школу')).toEqual([]);
      expect(await found(cwA, 'Дети школу')).toEqual([ids.school]);
      expect(await found(cwA, 'самолёт')).toEqual([]);
      // the supervisor reads the confidential note, so it matches for them
      expect(await found(supA, 'строй')).toEqual([ids.secret, ids.work].sort());
      expect(await found(supA, 'психолог')).toEqual([ids.secret]);
    });

    it('should not match a confidential note for a caseworker who may not read it', async () => {
      const res = await list(cwA2, r.id, { q: 'психолог' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      expect(res.headers['content-range']).toBe('notes */0');
    });

    it("should not find another returnee's notes, nor anything outside the caller's office", async () => {
      const other = await t.given.returnee({ officeId: cwA.officeId! });
      await create(cwA, other.id, { text: 'Уникальноеслово в другой карточке' });
      expect((await list(cwA, r.id, { q: 'уникальноеслово' })).body).toEqual([]);
      expect((await list(cwA, other.id, { q: 'уникальноеслово' })).body).toHaveLength(1);
      expect((await list(cwB, other.id, { q: 'уникальноеслово' })).status).toBe(404);
    });

    it('should audit every list and search with the ids shown, never the query words', async () => {
      await list(cwA2, r.id, { q: 'школу' });
      const { rows } = await t.db.query(
        `SELECT diff FROM audit_log WHERE action = 'read' AND entity = 'returnee_note' AND actor_id = $1 ORDER BY id DESC LIMIT 1`,
        [cwA2.id],
      );
      expect(rows[0].diff).toEqual(expect.objectContaining({ returneeId: r.id, ids: [ids.school], total: 1, searched: true }));
      expect(JSON.stringify(rows[0].diff)).not.toContain('школ');
      await t.http.get(`/api/notes/${ids.work}`).set(bearer(cwA2));
      const one = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'read' AND entity = 'returnee_note' AND entity_id = $1`, [ids.work]);
      expect(one.rows.map((x: { actor_id: string }) => x.actor_id)).toContain(cwA2.id);
      const created = await t.db.query(`SELECT diff FROM audit_log WHERE action = 'create' AND entity = 'returnee_note' AND entity_id = $1`, [ids.secret]);
      expect(created.rows[0].diff).toEqual(expect.objectContaining({ returneeId: r.id, kind: 'counselling', confidential: true }));
      expect(JSON.stringify(created.rows[0].diff)).not.toContain('психолог');
    });
  });

  describe('the case timeline', () => {
    it("should show a note on its case's timeline with kind, date and author, never the text", async () => {
      const c = await t.given.caseFile({ returneeId: returneeA.id, officeId: cwA.officeId!, status: 'in_progress', assigneeId: cwA.id });
      const n = await create(cwA, returneeA.id, {
        kind: 'phone_call',
        caseId: c.id,
        durationMinutes: 15,
        confidential: true,
        text: 'Тайное содержание звонка',
      });
      await create(cwA, returneeA.id, { text: 'Без дела' });
      const res = await t.http.get(`/api/cases/${c.id}/events`).set(bearer(cwA2));
      expect(res.status).toBe(200);
      const events = res.body.filter((e: Body) => e.kind === 'counselling_note');
      expect(events).toHaveLength(1);
      expect(events[0]).toEqual(
        expect.objectContaining({
          actorId: cwA.id,
          data: { noteId: n.id, kind: 'phone_call', date: todayBishkek(), durationMinutes: 15, confidential: true },
        }),
      );
      expect(JSON.stringify(res.body)).not.toContain('Тайное');
    });
  });

  describe('at rest', () => {
    it('should store the text only sealed for its column, and the index without any word in clear', async () => {
      const text = 'Секретный разговор про Бишкекскую заработную плату';
      const n = await create(cwA, returneeA.id, { text });
      const { rows } = await t.db.query(`SELECT row_to_json(n)::text AS raw, text_enc, search_tokens FROM returnee_note n WHERE id = $1`, [n.id]);
      expect(rows[0].text_enc).toMatch(/^v1\.[A-Za-z0-9_-]+\./);
      for (const word of ['Секретный', 'секрет', 'разговор', 'заработную', 'плату', 'Бишкек']) {
        expect(rows[0].raw.toLowerCase()).not.toContain(word.toLowerCase());
      }
      expect(t.given.cipher.decrypt(rows[0].text_enc, 'returnee_note.text')).toBe(text);
      expect(() => t.given.cipher.decrypt(rows[0].text_enc, 'returnee.pin')).toThrow();
      expect(rows[0].search_tokens.length).toBeGreaterThan(6);
      for (const tok of rows[0].search_tokens) expect(tok).toMatch(/^[0-9a-f]{16}$/);
      // the same word in another returnee's note hashes differently
      const m = await create(cwA, returneeA2.id, { text: 'плату' });
      const other = await t.db.query(`SELECT search_tokens FROM returnee_note WHERE id = $1`, [m.id]);
      expect(rows[0].search_tokens.filter((x: string) => other.rows[0].search_tokens.includes(x))).toEqual([]);
    });
  });
});
