import { AAD } from '@kaytuu/shared';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

// The messages routes: a returnee's conversation for the staff of their office (audited, text sealed at rest), a
// caseworker's free message through the rules, and the supervisors' delivery figures.
describe('messages API', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cw: GivenUser;
  let sup: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;

  beforeAll(async () => {
    t = await createTestApp();
    officeA = await t.given.office();
    officeB = await t.given.office();
    cw = await t.given.user('caseworker', { officeId: officeA.id });
    sup = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
  });
  afterAll(() => t.close());

  let n = 0;
  async function person(officeId: string, scope = '{contact_by_phone}') {
    const r = await t.given.returnee({ officeId, phone: `+99650${String(++n).padStart(7, '0')}` });
    await t.db.query(`UPDATE returnee SET languages = '{ru}' WHERE id = $1`, [r.id]);
    await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, $2, now() - interval '1 day')`, [r.id, scope]);
    return r.id;
  }
  const post = (u: GivenUser, returneeId: string, body: unknown) =>
    t.http
      .post(`/api/returnees/${returneeId}/messages`)
      .set(bearer(u))
      .send(body as object);

  it('should send a free message through the rules, seal its text, and show it to the office only, audited', async () => {
    const rid = await person(officeA.id);
    const res = await post(cw, rid, { text: 'Позвоните нам, пожалуйста' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      returneeId: rid,
      officeId: officeA.id,
      channel: 'sms',
      direction: 'out',
      kind: 'free',
      status: 'queued',
      text: 'Позвоните нам, пожалуйста',
      createdBy: cw.id,
    });
    const stored = (await t.db.query(`SELECT body_enc FROM message WHERE id = $1`, [res.body.id])).rows[0].body_enc as string;
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('Позвоните');
    expect(t.given.cipher.decrypt(stored, AAD.messageBody)).toBe('Позвоните нам, пожалуйста');

    const list = await t.http
      .get('/api/messages')
      .query({ filter: JSON.stringify({ returneeId: rid }) })
      .set(bearer(sup));
    expect(list.status).toBe(200);
    expect(list.body.map((m: { id: string }) => m.id)).toEqual([res.body.id]);
    expect(list.headers['content-range']).toMatch(/messages 0-0\/1/);
    expect((await t.http.get(`/api/messages/${res.body.id}`).set(bearer(cw))).body.text).toBe('Позвоните нам, пожалуйста');
    // another office: not found, and its unfiltered list does not count this one
    expect((await t.http.get(`/api/messages/${res.body.id}`).set(bearer(cwB))).status).toBe(404);
    expect(
      (
        await t.http
          .get('/api/messages')
          .query({ filter: JSON.stringify({ returneeId: rid }) })
          .set(bearer(cwB))
      ).status,
    ).toBe(404);
    const other = await t.http.get('/api/messages').set(bearer(cwB));
    expect(other.body.map((m: { id: string }) => m.id)).not.toContain(res.body.id);
    expect((await post(cwB, rid, { text: 'x' })).status).toBe(404);

    const audit = await t.db.query(`SELECT action, entity, entity_id, diff::text AS diff FROM audit_log WHERE entity = 'message' ORDER BY id`);
    expect(audit.rows.map((a) => [a.action, a.entity_id])).toEqual([
      ['create', res.body.id],
      ['read', rid],
      ['read', res.body.id],
      // office B's unfiltered list: one read row, of no person
      ['read', null],
    ]);
    expect(audit.rows.map((a) => a.diff).join()).not.toContain('Позвоните');
  });

  it('should list the templates a caseworker may send in the list dialect, each sendable with its placeholders filled', async () => {
    const res = await t.http.get('/api/message-templates').query({ range: '[0,4]', sort: '["id","ASC"]' }).set(bearer(cw));
    expect(res.status).toBe(200);
    const all = await t.http.get('/api/message-templates').set(bearer(sup));
    expect(all.status).toBe(200);
    const total = Number(/\/(\d+)$/.exec(all.headers['content-range'])![1]);
    expect(res.headers['content-range']).toBe(`message-templates 0-4/${total}`);
    expect(res.body).toHaveLength(5);
    const ids = (all.body as Array<{ id: string }>).map((x) => x.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.some((id) => id.startsWith('system.'))).toBe(false);
    const evening = (all.body as Array<{ id: string; placeholders: string[]; text: Record<string, string>; health: boolean }>).find(
      (x) => x.id === 'appointment_reminder.evening',
    )!;
    expect(evening).toMatchObject({ health: false, placeholders: ['date', 'time', 'place'] });
    expect(evening.text.ky).toContain('{place}');
    const tb = (all.body as Array<{ id: string; health: boolean; smsSafe: Record<string, string> | null }>).find((x) => x.id === 'tb_checkin.ask')!;
    expect(tb.health).toBe(true);
    expect(tb.smsSafe?.ru).toBeTruthy();
    const one = await t.http
      .get('/api/message-templates')
      .query({ filter: JSON.stringify({ id: ['monitoring.thanks'] }) })
      .set(bearer(cw));
    expect(one.body.map((x: { id: string }) => x.id)).toEqual(['monitoring.thanks']);
    expect(one.headers['content-range']).toBe('message-templates 0-0/1');
    const bad = await t.http
      .get('/api/message-templates')
      .query({ filter: JSON.stringify({ id: ['system.opted_out'] }) })
      .set(bearer(cw));
    expect(bad.status).toBe(400);
    expect((await t.http.get('/api/message-templates').set(bearer(admin))).status).toBe(403);

    // what the picker sends: the template with every placeholder filled
    const rid = await person(officeA.id);
    const params = Object.fromEntries(evening.placeholders.map((p) => [p, p === 'place' ? 'Токтогула 12' : '10:00']));
    const sent = await post(cw, rid, { templateKey: evening.id, params });
    expect(sent.status).toBe(201);
    expect(sent.body.text).toBe(evening.text.ru.replace('{date}', '10:00').replace('{time}', '10:00').replace('{place}', 'Токтогула 12'));
  });

  it('should name who wrote each message: the staff member, nobody for an automatic one, the returnee for a reply', async () => {
    const rid = await person(officeA.id);
    const staff = await post(cw, rid, { text: 'Ждём вас завтра' });
    expect(staff.status).toBe(201);
    const cwName = (await t.db.query(`SELECT full_name FROM app_user WHERE id = $1`, [cw.id])).rows[0].full_name as string;
    expect(staff.body.senderName).toBe(cwName);
    const body = t.given.cipher.encrypt('Хорошо, приду', AAD.messageBody);
    await t.db.query(
      `INSERT INTO message (returnee_id, office_id, channel, direction, kind, body_enc, status, fire_at, provider_id)
       VALUES ($1, $2, 'sms', 'in', 'reply', $3, 'received', now(), $4)`,
      [rid, officeA.id, body, `mo-${rid}`],
    );
    await t.db.query(
      `INSERT INTO message (returnee_id, office_id, channel, direction, kind, template_key, language, body_enc, status, fire_at)
       VALUES ($1, $2, 'sms', 'out', 'system', 'system.opted_in', 'ru', $3, 'queued', now())`,
      [rid, officeA.id, t.given.cipher.encrypt('Вы снова подписаны', AAD.messageBody)],
    );
    const list = await t.http
      .get('/api/messages')
      .query({ filter: JSON.stringify({ returneeId: rid }) })
      .set(bearer(sup));
    expect(list.status).toBe(200);
    const by = Object.fromEntries((list.body as Array<{ kind: string; senderName: string | null }>).map((x) => [x.kind, x.senderName]));
    const r = (await t.db.query(`SELECT first_name, last_name FROM returnee WHERE id = $1`, [rid])).rows[0] as { first_name: string; last_name: string };
    expect(by.free).toBe(cwName);
    expect(by.system).toBeNull();
    expect(by.reply).toContain(r.first_name);
    expect(by.reply).toContain(r.last_name);
  });

  it('should refuse bad input with 4xx and store nothing', async () => {
    const rid = await person(officeA.id);
    const before = await t.given.count('message');
    const cases: Array<[unknown, number, string]> = [
      [{}, 422, 'INVALID_MESSAGE'],
      [{ text: 'a', templateKey: 'appointment_reminder.soon' }, 422, 'INVALID_MESSAGE'],
      [{ text: 'x'.repeat(1001) }, 400, 'VALIDATION_FAILED'],
      [{ templateKey: 'system.opted_out' }, 400, 'VALIDATION_FAILED'],
      [{ templateKey: 'appointment_reminder.soon', params: { time: 5 } }, 400, 'VALIDATION_FAILED'],
      [{ templateKey: 'appointment_reminder.soon', params: { time: '10:00' } }, 422, 'INVALID_MESSAGE'],
      [{ text: 'hi', channel: 'fax' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'Не забудьте лекарство от туберкулёза' }, 422, 'HEALTH_WORDS_IN_SMS'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(cw, rid, body);
      expect({ body, status: res.status, code: res.body.code ?? res.body.error?.code }).toEqual({ body, status, code });
    }
    // a returnee without contact consent, or on Telegram without a linked chat: 409 with the reason
    const noConsent = await person(officeA.id, '{data_processing}');
    const refused = await post(cw, noConsent, { text: 'hi' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'NOT_REACHABLE', reason: 'no_consent' });
    expect((await post(cw, rid, { text: 'hi', channel: 'telegram' })).body).toMatchObject({ code: 'NOT_REACHABLE', reason: 'telegram_not_linked' });
    expect(await t.given.count('message')).toBe(before);
  });

  it('should count per day, office and channel: sent, delivered, failed by reason, segments; supervisors their office only', async () => {
    const rid = await person(officeA.id);
    const seal = (s: string) => t.given.cipher.encrypt(s, AAD.messageBody);
    const day = "timestamptz '2026-11-10 12:00+06'";
    for (const [status, segments, err] of [
      ['delivered', 2, null],
      ['delivered', 1, null],
      ['sent', 1, null],
      ['failed', 1, 'receipt_undeliv'],
    ] as const) {
      await t.db.query(
        `INSERT INTO message (returnee_id, office_id, channel, direction, kind, body_enc, status, fire_at, sent_at, segments, last_error)
         VALUES ($1, $2, 'sms', 'out', 'free', $3, $4, ${day}, ${day}, $5, $6)`,
        [rid, officeA.id, seal('x'), status, segments, err],
      );
    }
    const res = await t.http.get('/api/messages/stats').query({ from: '2026-11-01', to: '2026-11-30' }).set(bearer(sup));
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual([{ day: '2026-11-10', officeId: officeA.id, channel: 'sms', sent: 4, delivered: 2, failed: 1, expired: 0, segments: 5 }]);
    expect(res.body.failuresByReason).toEqual([{ officeId: officeA.id, reason: 'receipt_undeliv', count: 1 }]);
    expect(res.body.totals).toEqual({ sent: 4, delivered: 2, failed: 1, expired: 0, segments: 5, deliveryRate: 0.5 });
    expect((await t.http.get('/api/messages/stats').query({ from: '2026-11-01', to: '2026-11-30', officeId: officeB.id }).set(bearer(sup))).status).toBe(404);
    const all = await t.http.get('/api/messages/stats').query({ from: '2026-11-01', to: '2026-11-30', officeId: officeB.id }).set(bearer(admin));
    expect(all.body.days).toEqual([]);
    expect((await t.http.get('/api/messages/stats').query({ from: '2026-11-30', to: '2026-11-01' }).set(bearer(sup))).status).toBe(400);
    expect((await t.http.get('/api/messages/stats').query({ from: 'soon', to: '2026-11-01' }).set(bearer(sup))).status).toBe(400);
    expect((await t.http.get('/api/messages/stats').query({ from: '2026-11-01', to: '2026-11-30' }).set(bearer(cw))).status).toBe(403);
  });
});
