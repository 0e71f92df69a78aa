import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NewNotification, NotificationService } from '@kaytuu/notifications';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

describe('notifications: /api/notifications', () => {
  let t: TestApp;
  let service: NotificationService;

  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(NotificationService);
  });
  afterAll(() => t.close());

  const note = (userId: string, over: Partial<NewNotification> = {}): NewNotification => ({
    userId,
    kind: 'follow_up_due',
    title: 'Пора связаться',
    body: 'Запланирован звонок',
    link: '#/cases/x/show/follow-ups',
    data: { followUpId: randomUUID() },
    ...over,
  });

  async function userWith(n: number, role: 'caseworker' | 'supervisor' | 'ngo_staff' | 'admin' = 'caseworker'): Promise<GivenUser> {
    const u = await t.given.user(role);
    // created one by one so createdAt order is the creation order
    for (let i = 0; i < n; i++) await service.notify(note(u.id, { title: `Уведомление ${i}` }));
    return u;
  }

  it('should list only my notifications newest first with a Content-Range total when I ask for a page', async () => {
    const me = await userWith(3);
    await userWith(2);

    const res = await t.http.get('/api/notifications').query({ range: '[0,1]' }).set(bearer(me));

    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('notifications 0-1/3');
    expect(res.body.map((n: { title: string }) => n.title)).toEqual(['Уведомление 2', 'Уведомление 1']);
    expect(res.body[0]).toEqual({
      id: expect.any(String),
      kind: 'follow_up_due',
      title: 'Уведомление 2',
      body: 'Запланирован звонок',
      link: '#/cases/x/show/follow-ups',
      data: { followUpId: expect.any(String) },
      readAt: null,
      createdAt: expect.any(String),
    });
  });

  it('should count unread, mark one read and unread again, and filter by unread when I read a notification', async () => {
    const me = await userWith(3);
    const [first] = (await t.http.get('/api/notifications').set(bearer(me))).body;

    const read = await t.http.put(`/api/notifications/${first.id}`).set(bearer(me)).send({ read: true });

    expect(read.status).toBe(200);
    expect(Date.parse(read.body.readAt)).not.toBeNaN();
    expect((await t.http.get('/api/notifications/unread-count').set(bearer(me))).body).toEqual({ count: 2 });
    const unread = await t.http
      .get('/api/notifications')
      .query({ filter: JSON.stringify({ unread: true }) })
      .set(bearer(me));
    expect(unread.headers['content-range']).toBe('notifications 0-1/2');
    expect(unread.body.map((n: { id: string }) => n.id)).not.toContain(first.id);
    const readOnly = await t.http
      .get('/api/notifications')
      .query({ filter: JSON.stringify({ unread: false }) })
      .set(bearer(me));
    expect(readOnly.body.map((n: { id: string }) => n.id)).toEqual([first.id]);

    const again = await t.http.put(`/api/notifications/${first.id}`).set(bearer(me)).send({ read: true });
    expect(again.body.readAt).toBe(read.body.readAt);
    const unreadAgain = await t.http.put(`/api/notifications/${first.id}`).set(bearer(me)).send({ read: false });
    expect(unreadAgain.body.readAt).toBeNull();
    expect((await t.http.get('/api/notifications/unread-count').set(bearer(me))).body).toEqual({ count: 3 });
  });

  it('should mark all of mine read and leave other users untouched when I call read-all', async () => {
    const me = await userWith(4);
    const other = await userWith(2);

    const res = await t.http.post('/api/notifications/read-all').set(bearer(me));

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 4 });
    expect((await t.http.get('/api/notifications/unread-count').set(bearer(me))).body).toEqual({ count: 0 });
    expect((await t.http.get('/api/notifications/unread-count').set(bearer(other))).body).toEqual({ count: 2 });
    expect((await t.http.post('/api/notifications/read-all').set(bearer(me))).body).toEqual({ updated: 0 });
  });

  it("should answer 404 and change nothing when I read or mark another user's notification", async () => {
    const me = await userWith(1);
    const other = await userWith(1, 'supervisor');
    const [theirs] = (await t.http.get('/api/notifications').set(bearer(other))).body;

    const put = await t.http.put(`/api/notifications/${theirs.id}`).set(bearer(me)).send({ read: true });
    const get = await t.http.get(`/api/notifications/${theirs.id}`).set(bearer(me));

    expect(put.status).toBe(404);
    expect(put.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(get.status).toBe(404);
    const { rows } = await t.db.query(`SELECT read_at FROM notification WHERE id = $1`, [theirs.id]);
    expect(rows[0].read_at).toBeNull();
    const mine = await t.http.get('/api/notifications').set(bearer(me));
    expect(mine.headers['content-range']).toBe('notifications 0-0/1');
  });

  it('should let every signed-in role use its own bell when the caller is an NGO user or an admin', async () => {
    const ngo = await userWith(1, 'ngo_staff');
    const admin = await userWith(2, 'admin');

    expect((await t.http.get('/api/notifications/unread-count').set(bearer(ngo))).body).toEqual({ count: 1 });
    expect((await t.http.get('/api/notifications/unread-count').set(bearer(admin))).body).toEqual({ count: 2 });
    expect((await t.http.get('/api/notifications/unread-count')).status).toBe(401);
  });

  it('should store one row when the same dedupeKey is notified twice, alone or in a batch', async () => {
    const me = await t.given.user('caseworker');
    const key = `reminder:${randomUUID()}`;

    const first = await service.notify(note(me.id, { dedupeKey: key }));
    const second = await service.notify(note(me.id, { dedupeKey: key, title: 'Другой текст' }));
    const batchKey = `missed:${randomUUID()}`;
    const created = await service.notifyMany([
      note(me.id, { dedupeKey: batchKey }),
      note(me.id, { dedupeKey: batchKey }),
      note(me.id, { dedupeKey: key }),
      note(me.id),
    ]);

    expect([first, second]).toEqual([true, false]);
    expect(created).toBe(2);
    const { rows } = await t.db.query(`SELECT dedupe_key, title FROM notification WHERE user_id = $1`, [me.id]);
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        { dedupe_key: key, title: 'Пора связаться' },
        { dedupe_key: batchKey, title: 'Пора связаться' },
        { dedupe_key: null, title: 'Пора связаться' },
      ]),
    );
  });

  it('should leave no notification when the caller transaction that notified rolls back', async () => {
    const me = await t.given.user('caseworker');
    const ds = t.app.get(DataSource);

    const tx = ds.transaction(async (m) => {
      expect(await service.notify(note(me.id, { dedupeKey: `reminder:${randomUUID()}` }), m)).toBe(true);
      throw new Error('the caller failed after notifying');
    });

    await expect(tx).rejects.toThrow('the caller failed');
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1`, [me.id]);
    expect(rows[0].n).toBe(0);
  });

  it('should answer 400 with the field and change nothing when inputs are bad', async () => {
    const me = await userWith(1);
    const [mine] = (await t.http.get('/api/notifications').set(bearer(me))).body;

    const cases: Array<[() => Promise<{ status: number; body: { code?: string; errors?: Record<string, string> } }>, string]> = [
      [() => t.http.put(`/api/notifications/${mine.id}`).set(bearer(me)).send({ read: 'yes' }), 'read'],
      [() => t.http.put(`/api/notifications/${mine.id}`).set(bearer(me)).send({}), 'read'],
      [() => t.http.put(`/api/notifications/${mine.id}`).set(bearer(me)).send({ read: true, title: 'hack' }), 'title'],
      [() => t.http.put('/api/notifications/not-a-uuid').set(bearer(me)).send({ read: true }), 'id'],
      [() => t.http.get('/api/notifications/not-a-uuid').set(bearer(me)), 'id'],
      [
        () =>
          t.http
            .get('/api/notifications')
            .query({ filter: JSON.stringify({ unread: 'maybe' }) })
            .set(bearer(me)),
        'filter.unread',
      ],
      [
        () =>
          t.http
            .get('/api/notifications')
            .query({ filter: JSON.stringify({ userId: me.id }) })
            .set(bearer(me)),
        'filter.userId',
      ],
      [
        () =>
          t.http
            .get('/api/notifications')
            .query({ sort: JSON.stringify(['title', 'ASC']) })
            .set(bearer(me)),
        'sort',
      ],
    ];
    for (const [call, field] of cases) {
      const res = await call();
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors ?? {})).toContain(field);
    }
    const { rows } = await t.db.query(`SELECT read_at, title FROM notification WHERE id = $1`, [mine.id]);
    expect(rows[0]).toEqual({ read_at: null, title: 'Уведомление 0' });
  });
});
