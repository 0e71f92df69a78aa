import { randomUUID } from 'node:crypto';
import { addWorkingDays } from '@kaytuu/shared';
import { ReferralService } from '@kaytuu/referrals';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;
type ReferralBody = Body & { id: string; version: number; status: string; allowedTransitions: string[] };

const HOUR = 3_600_000;

describe('referrals API (closed loop, consent-scoped sharing)', () => {
  let t: TestApp;
  let officeA: { id: string };
  let sup: GivenUser;
  let cw: GivenUser;
  let cw2: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let org1: { id: string; name: string };
  let org2: { id: string; name: string };
  let ngo1: GivenUser;
  let ngo2: GivenUser;

  const post = (u: GivenUser, body: Body) => t.http.post('/api/referrals').set(bearer(u)).send(body);
  const put = (u: GivenUser, id: string, body: Body) => t.http.put(`/api/referrals/${id}`).set(bearer(u)).send(body);
  const get = (u: GivenUser, id: string) => t.http.get(`/api/referrals/${id}`).set(bearer(u));
  const list = (u: GivenUser, filter: Body = {}) =>
    t.http
      .get('/api/referrals')
      .query({ filter: JSON.stringify(filter) })
      .set(bearer(u));
  const eventsOf = async (caseId: string, prefix = 'referral_'): Promise<Array<{ kind: string; data: Body }>> =>
    (await t.db.query(`SELECT kind, data FROM case_event WHERE case_id = $1 AND kind LIKE $2 ORDER BY at, id`, [caseId, `${prefix}%`])).rows;
  const notificationsOf = async (userId: string, kind: string): Promise<Array<{ data: Body; link: string }>> =>
    (await t.db.query(`SELECT data, link FROM notification WHERE user_id = $1 AND kind = $2`, [userId, kind])).rows;

  // A returnee of office A with the contact fields filled in, a consent with the given scopes (none: no consent) and a
  // case of the given type assigned to cw.
  async function referable(p: { scopes?: string[]; type?: string; details?: Body; status?: string; assigneeId?: string | null } = {}) {
    const r = await t.given.returnee({
      officeId: officeA.id,
      pin: `2${String(Date.now()).slice(-9)}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`,
      phone: '+996555123456',
      lastName: 'Жээнбеков',
      firstName: 'Нурбек',
    });
    await t.db.query(`UPDATE returnee SET address = 'Бишкек, ул. Ахунбаева 1' WHERE id = $1`, [r.id]);
    await t.db.query(
      `INSERT INTO migration_episode (returnee_id, country, departed_on, returned_on, sector, return_reason, entry_ban_active, entry_ban_until)
       VALUES ($1, 'RU', '2019-03-01', '2025-10-01', 'construction', 'entry_ban', true, '2030-10-01')`,
      [r.id],
    );
    let consentId: string | null = null;
    if (p.scopes?.length) {
      const { rows } = await t.db.query(
        `INSERT INTO consent (returnee_id, scope, given_at, recorded_by) VALUES ($1, $2, now() - interval '1 day', $3) RETURNING id`,
        [r.id, p.scopes, cw.id],
      );
      consentId = rows[0].id;
    }
    const c = await t.given.caseFile({
      returneeId: r.id,
      officeId: officeA.id,
      type: p.type ?? 'legal_aid',
      status: p.status ?? 'in_progress',
      assigneeId: p.assigneeId === undefined ? cw.id : p.assigneeId,
      details: p.details,
    });
    return { returnee: r, caseFile: c, consentId };
  }

  async function sent(extra: Body = {}, p: Parameters<typeof referable>[0] = {}) {
    const x = await referable({ scopes: ['data_processing', 'share_with_ngo'], ...p });
    const res = await post(cw, { caseId: x.caseFile.id, organizationId: org1.id, reason: 'Невыплата зарплаты в Москве', ...extra });
    expect(res.status).toBe(201);
    return { ...x, referral: res.body as ReferralBody };
  }

  beforeAll(async () => {
    t = await createTestApp();
    officeA = await t.given.office();
    const officeB = await t.given.office();
    sup = await t.given.user('supervisor', { officeId: officeA.id });
    cw = await t.given.user('caseworker', { officeId: officeA.id });
    cw2 = await t.given.user('caseworker', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    org1 = await t.given.organization({ services: ['legal_aid', 'health_referral'], oblasts: ['bishkek', 'osh'] });
    org2 = await t.given.organization({ services: ['legal_aid'], oblasts: ['osh'] });
    ngo1 = await t.given.user('ngo_staff', { organizationId: org1.id });
    ngo2 = await t.given.user('ngo_staff', { organizationId: org2.id });
  });
  afterAll(() => t.close());

  it('should run the whole loop sent → accepted → in_service → completed with an event, an audit row and a notice at every step', async () => {
    const before = Date.now();
    const { caseFile, referral } = await sent();

    expect(referral).toMatchObject({
      status: 'sent',
      organizationId: org1.id,
      organizationName: org1.name,
      caseCode: caseFile.code,
      sharedFields: ['name', 'phone'],
      consentActive: true,
      allowedTransitions: ['cancelled'],
    });
    // default respondBy: 5 working days after sending
    const expected = addWorkingDays(new Date(referral.sentAt as string), 5).getTime();
    expect(new Date(referral.respondBy as string).getTime()).toBe(expected);
    expect(expected).toBeGreaterThanOrEqual(before + 7 * 24 * HOUR - 1000);
    expect(await notificationsOf(ngo1.id, 'referral_received')).toEqual([expect.objectContaining({ link: `#/referrals/${referral.id}/show` })]);

    const inbox = await list(ngo1, { status: 'sent' });
    expect(inbox.status).toBe(200);
    expect(inbox.body.map((r: Body) => r.id)).toContain(referral.id);
    const seen = (await get(ngo1, referral.id)).body;
    expect(seen.allowedTransitions).toEqual(['accepted', 'declined']);

    let version = referral.version;
    for (const [status, extra] of [
      ['accepted', {}],
      ['in_service', {}],
      ['completed', { outcome: 'Зарплата выплачена работодателем (85 000 руб.)' }],
    ] as const) {
      const res = await put(ngo1, referral.id, { version, status, ...extra });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(status);
      version = res.body.version;
      expect(await notificationsOf(cw.id, `referral_${status}`)).toHaveLength(1);
    }

    const done = (await get(cw, referral.id)).body;
    expect(done).toMatchObject({ status: 'completed', outcome: 'Зарплата выплачена работодателем (85 000 руб.)', allowedTransitions: [] });
    expect(done.acceptedAt && done.inServiceAt && done.completedAt).toBeTruthy();
    expect((await eventsOf(caseFile.id)).map((e) => e.kind)).toEqual(['referral_sent', 'referral_accepted', 'referral_in_service', 'referral_completed']);
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity = 'referral' AND entity_id = $1 ORDER BY at`, [referral.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'update', 'update', 'update']);
  });

  it('should answer 409 with the allowed moves for every transition the caller may not make', async () => {
    const { referral } = await sent();
    const v = referral.version;

    const skip = await put(ngo1, referral.id, { version: v, status: 'completed', outcome: 'x' });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['accepted', 'declined'] });
    expect((await put(ngo1, referral.id, { version: v, status: 'cancelled' })).body).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await put(cw, referral.id, { version: v, status: 'accepted' })).body).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['cancelled'] });
    // another caseworker of the office, not on the case: no moves at all
    expect((await put(cw2, referral.id, { version: v, status: 'cancelled' })).body).toMatchObject({ code: 'INVALID_TRANSITION', allowed: [] });

    // declining needs a reason; once declined, nothing moves
    const noReason = await put(ngo1, referral.id, { version: v, status: 'declined' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toHaveProperty('declinedReason');
    const declined = await put(ngo1, referral.id, { version: v, status: 'declined', declinedReason: 'Нет юриста в Бишкеке до января' });
    expect(declined.status).toBe(200);
    expect((await put(ngo1, referral.id, { version: declined.body.version, status: 'accepted' })).status).toBe(409);
    expect((await put(ngo1, referral.id, { version: declined.body.version, status: 'sent' })).body).toMatchObject({ code: 'INVALID_TRANSITION', allowed: [] });
    expect((await put(cw, referral.id, { version: declined.body.version, status: 'cancelled' })).body).toMatchObject({
      code: 'INVALID_TRANSITION',
      allowed: [],
    });
    expect(await notificationsOf(cw.id, 'referral_declined')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ data: expect.objectContaining({ referralId: referral.id, declinedReason: 'Нет юриста в Бишкеке до января' }) }),
      ]),
    );
  });

  it('should let the case side cancel an open referral and tell the organisation', async () => {
    const { caseFile, referral } = await sent();
    const accepted = await put(ngo1, referral.id, { version: referral.version, status: 'accepted' });
    const res = await put(sup, referral.id, { version: accepted.body.version, status: 'cancelled', cancelReason: 'Вопрос решён без НКО' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'Вопрос решён без НКО' });
    expect((await notificationsOf(ngo1.id, 'referral_cancelled')).map((n) => n.data.referralId)).toContain(referral.id);
    expect((await eventsOf(caseFile.id)).map((e) => e.kind)).toEqual(['referral_sent', 'referral_accepted', 'referral_cancelled']);
    // stale version
    expect((await put(sup, referral.id, { version: referral.version, status: 'cancelled' })).body).toMatchObject({ code: 'STALE_VERSION' });
  });

  it('should refuse with 422 CONSENT_REQUIRED and store nothing when the returnee has no active consent to share', async () => {
    const none = await referable({ scopes: [] });
    const withdrawn = await referable({ scopes: ['share_with_ngo'] });
    await t.db.query(`UPDATE consent SET withdrawn_at = now() - interval '1 minute' WHERE id = $1`, [withdrawn.consentId]);
    const expired = await referable({ scopes: ['share_with_ngo'] });
    await t.db.query(`UPDATE consent SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.consentId]);
    const processingOnly = await referable({ scopes: ['data_processing'] });
    const referralsBefore = await t.given.count('referral');
    const eventsBefore = await t.given.count('case_event');

    for (const x of [none, withdrawn, expired, processingOnly]) {
      const res = await post(cw, { caseId: x.caseFile.id, organizationId: org1.id, reason: 'Юридическая помощь' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'CONSENT_REQUIRED', errors: { caseId: expect.any(String) } });
    }
    // health details need share_health on top
    const health = await referable({ scopes: ['share_with_ngo'], type: 'health_referral', details: { condition: 'tb', urgency: 'high' } });
    const res = await post(cw, { caseId: health.caseFile.id, organizationId: org1.id, reason: 'Лечение ТБ', sharedFields: ['name', 'healthDetails'] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'CONSENT_REQUIRED', errors: { sharedFields: expect.any(String) } });

    expect(await t.given.count('referral')).toBe(referralsBefore);
    expect(await t.given.count('case_event')).toBe(eventsBefore);
  });

  it('should show organisation staff exactly the shared fields, and nothing of the returnee once consent is withdrawn', async () => {
    const { referral, consentId, returnee } = await sent({ sharedFields: ['name', 'pin', 'documents'] });

    const seen = (await get(ngo1, referral.id)).body;
    expect(Object.keys(seen.returnee).sort()).toEqual(['episodes', 'fullName', 'pin']);
    expect(seen.returnee.fullName).toBe('Жээнбеков Нурбек');
    expect(seen.returnee.episodes).toEqual([
      expect.objectContaining({ country: 'RU', returnReason: 'entry_ban', entryBan: { active: true, until: '2030-10-01', authority: null } }),
    ]);
    expect(seen).not.toHaveProperty('returneeId');
    expect(seen).not.toHaveProperty('returneeName');
    expect(seen.caseDetails).toMatchObject({ issue: 'unpaid_wages', country: 'RU' });
    // the read of personal data through the referral is audited
    const audit = await t.db.query(`SELECT diff FROM audit_log WHERE actor_id = $1 AND action = 'read' AND entity = 'returnee' AND entity_id = $2`, [
      ngo1.id,
      returnee.id,
    ]);
    expect(audit.rows[0].diff).toMatchObject({ via: 'referral', referralId: referral.id });

    const w = await t.http.post(`/api/consents/${consentId}/withdraw`).set(bearer(cw)).send({});
    expect(w.status).toBe(200);

    const after = (await get(ngo1, referral.id)).body;
    expect(after).toMatchObject({ consentActive: false, returnee: {}, caseDetails: null });
    expect((await list(ngo1, { id: [referral.id] })).body[0]).toMatchObject({ consentActive: false, returnee: {} });
    // the case side sees the referral flagged
    expect((await get(cw, referral.id)).body).toMatchObject({ consentActive: false, returneeId: returnee.id, returneeName: 'Жээнбеков Нурбек' });
  });

  // Every field of the organisation's view is named here: a field added to the view later fails this test until it is
  // placed in one of these sets, so it cannot reach organisations unnoticed.
  const ORG_VIEW_ALWAYS = [
    'acceptedAt',
    'allowedTransitions',
    'canAddNote',
    'caseCode',
    'caseDetails',
    'caseId',
    'caseType',
    'cancelledAt',
    'completedAt',
    'consentActive',
    'createdAt',
    'createdBy',
    'createdByName',
    'declinedAt',
    'declinedReason',
    'id',
    'inServiceAt',
    'officeId',
    'organizationId',
    'organizationName',
    'outcome',
    'overdue',
    'respondBy',
    'returnee',
    'sentAt',
    'sharedFields',
    'status',
    'updatedAt',
    'version',
  ];
  // the case side's words: shown only while the consent holds (for a health case, one that covers health), else null
  const ORG_VIEW_UNDER_CONSENT = ['cancelReason', 'caseTitle', 'reason'];
  // each shared field and the keys of `returnee` it brings
  const RETURNEE_KEYS_OF: Record<string, string[]> = {
    name: ['fullName'],
    phone: ['phone'],
    pin: ['pin'],
    address: ['address'],
    birthDate: ['birthDate'],
    sex: ['sex'],
    documents: ['episodes'],
    healthDetails: [],
  };

  it.each(Object.keys(RETURNEE_KEYS_OF))(
    'should show an organisation nothing of the returnee but what sharing %s brings, in a view whose every field is known',
    async (field) => {
      const health = field === 'healthDetails';
      const { referral } = await sent(
        { sharedFields: [field] },
        health ? { scopes: ['share_with_ngo', 'share_health'], type: 'health_referral', details: { condition: 'tb', urgency: 'high' } } : {},
      );

      for (const seen of [(await get(ngo1, referral.id)).body, (await list(ngo1, { id: [referral.id] })).body[0]]) {
        const single = 'notes' in seen;
        expect(Object.keys(seen).sort()).toEqual([...ORG_VIEW_ALWAYS, ...ORG_VIEW_UNDER_CONSENT, ...(single ? ['notes'] : [])].sort());
        expect(Object.keys(seen.returnee).sort()).toEqual(RETURNEE_KEYS_OF[field]);
        // case details travel with the referral while consent holds; health ones only when ticked under a health consent
        expect(seen.caseDetails).toEqual(health ? expect.objectContaining({ condition: 'tb', urgency: 'high' }) : expect.any(Object));
      }
    },
  );

  it('should not show the sex of the returnee when only the date of birth is shared, and show it when sex is ticked', async () => {
    const birthOnly = (await get(ngo1, (await sent({ sharedFields: ['name', 'birthDate'] })).referral.id)).body;
    const withSex = (await get(ngo1, (await sent({ sharedFields: ['name', 'birthDate', 'sex'] })).referral.id)).body;

    expect(birthOnly.returnee).toEqual({ fullName: 'Жээнбеков Нурбек', birthDate: expect.any(String) });
    expect(withSex.returnee).toEqual({ fullName: 'Жээнбеков Нурбек', birthDate: expect.any(String), sex: 'male' });
  });

  it("should hide the case title, the reason and the case side's notes from the organisation once consent is withdrawn, keeping its own notes", async () => {
    const { referral, consentId, caseFile } = await sent({ reason: 'Подозрение на туберкулёз, кашель три недели' });
    expect((await t.http.post(`/api/referrals/${referral.id}/notes`).set(bearer(cw)).send({ text: 'Пациент кашляет, нужен рентген' })).status).toBe(201);
    expect((await t.http.post(`/api/referrals/${referral.id}/notes`).set(bearer(ngo1)).send({ text: 'Записали на приём в понедельник' })).status).toBe(201);
    const caseTitle = (await t.db.query('SELECT title FROM case_file WHERE id = $1', [caseFile.id])).rows[0].title;
    const before = (await get(ngo1, referral.id)).body;
    expect(before).toMatchObject({ reason: 'Подозрение на туберкулёз, кашель три недели', caseTitle, consentActive: true });
    expect(before.notes).toHaveLength(2);

    expect((await t.http.post(`/api/consents/${consentId}/withdraw`).set(bearer(cw)).send({})).status).toBe(200);

    const after = (await get(ngo1, referral.id)).body;
    expect(after).toMatchObject({
      id: referral.id,
      status: 'sent',
      sentAt: referral.sentAt,
      consentActive: false,
      reason: null,
      caseTitle: null,
      cancelReason: null,
      returnee: {},
      caseDetails: null,
    });
    expect(after.notes.map((n: Body) => n.text)).toEqual(['Записали на приём в понедельник']);
    const listed = (await list(ngo1, { id: [referral.id] })).body[0];
    expect(listed).toMatchObject({ consentActive: false, reason: null, caseTitle: null });
    expect(JSON.stringify([after, listed])).not.toMatch(/туберкулёз|рентген/);
    // the case side still reads all of it
    expect((await get(cw, referral.id)).body).toMatchObject({ reason: 'Подозрение на туберкулёз, кашель три недели', caseTitle, consentActive: false });
  });

  it('should hide the case title and reason of a health referral from an organisation when the consent does not cover health', async () => {
    const details = { condition: 'tb', urgency: 'high' };
    const noHealth = await sent({ reason: 'Лечение ТБ' }, { scopes: ['share_with_ngo'], type: 'health_referral', details });
    const withHealth = await sent({ reason: 'Лечение ТБ' }, { scopes: ['share_with_ngo', 'share_health'], type: 'health_referral', details });

    expect((await get(ngo1, noHealth.referral.id)).body).toMatchObject({ consentActive: true, reason: null, caseTitle: null, caseDetails: null });
    expect((await get(ngo1, withHealth.referral.id)).body).toMatchObject({ consentActive: true, reason: 'Лечение ТБ', caseTitle: expect.any(String) });
  });

  it('should share health details only when ticked under a consent covering health', async () => {
    const details = { condition: 'tb', urgency: 'high', facility: 'Национальный центр фтизиатрии', tbTreatmentStage: 'intensive' };
    const shared = await sent(
      { sharedFields: ['name', 'healthDetails'], reason: 'Лечение ТБ' },
      { scopes: ['share_with_ngo', 'share_health'], type: 'health_referral', details },
    );
    expect((await get(ngo1, shared.referral.id)).body.caseDetails).toMatchObject({ condition: 'tb', tbTreatmentStage: 'intensive' });

    const notShared = await sent({ reason: 'Лечение ТБ' }, { scopes: ['share_with_ngo', 'share_health'], type: 'health_referral', details });
    const seen = (await get(ngo1, notShared.referral.id)).body;
    expect(seen.caseDetails).toBeNull();
    expect(seen.returnee).toEqual({ fullName: 'Жээнбеков Нурбек', phone: '+996555123456' });

    const legal = await referable({ scopes: ['share_with_ngo', 'share_health'] });
    const res = await post(cw, { caseId: legal.caseFile.id, organizationId: org1.id, reason: 'x', sharedFields: ['healthDetails'] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'INVALID_REFERRAL', errors: { sharedFields: expect.any(String) } });
  });

  it('should hide a referral from other organisations and other offices (404, not counted) and keep admins read-only', async () => {
    const { referral } = await sent();

    expect((await get(ngo2, referral.id)).status).toBe(404);
    const foreign = await list(ngo2, { id: [referral.id] });
    expect(foreign.body).toEqual([]);
    expect(foreign.headers['content-range']).toBe('referrals */0');
    expect((await put(ngo2, referral.id, { version: referral.version, status: 'accepted' })).status).toBe(404);
    expect((await get(cwB, referral.id)).status).toBe(404);
    expect((await list(cwB)).headers['content-range']).toBe('referrals */0');

    expect((await get(admin, referral.id)).status).toBe(200);
    expect((await put(admin, referral.id, { version: referral.version, status: 'cancelled' })).status).toBe(403);
    expect((await post(ngo1, { caseId: randomUUID(), organizationId: org1.id, reason: 'x' })).status).toBe(403);
    expect((await t.http.get('/api/referrals')).status).toBe(401);
  });

  it('should refuse referrals the directory, the case or an open duplicate rule out', async () => {
    const x = await referable({ scopes: ['share_with_ngo'] });
    const inactive = await t.given.organization({ services: ['legal_aid'] });
    await t.db.query(`UPDATE organization SET active = false WHERE id = $1`, [inactive.id]);
    const jobsOnly = await t.given.organization({ services: ['job_placement'] });

    expect((await post(cw, { caseId: x.caseFile.id, organizationId: inactive.id, reason: 'x' })).body).toMatchObject({
      statusCode: 422,
      code: 'ORGANIZATION_UNAVAILABLE',
      errors: { organizationId: expect.any(String) },
    });
    expect((await post(cw, { caseId: x.caseFile.id, organizationId: jobsOnly.id, reason: 'x' })).body).toMatchObject({
      statusCode: 422,
      code: 'ORGANIZATION_UNAVAILABLE',
    });
    expect((await post(cw, { caseId: x.caseFile.id, organizationId: randomUUID(), reason: 'x' })).body).toMatchObject({
      statusCode: 422,
      code: 'ORGANIZATION_UNAVAILABLE',
    });
    expect((await post(cw2, { caseId: x.caseFile.id, organizationId: org1.id, reason: 'x' })).body).toMatchObject({
      statusCode: 403,
      code: 'CASE_NOT_ASSIGNED',
    });
    expect((await post(cwB, { caseId: x.caseFile.id, organizationId: org1.id, reason: 'x' })).status).toBe(404);

    expect((await post(cw, { caseId: x.caseFile.id, organizationId: org1.id, reason: 'Первое' })).status).toBe(201);
    expect((await post(cw, { caseId: x.caseFile.id, organizationId: org1.id, reason: 'Второе' })).body).toMatchObject({
      statusCode: 409,
      code: 'REFERRAL_ALREADY_OPEN',
    });
    expect((await post(sup, { caseId: x.caseFile.id, organizationId: org2.id, reason: 'Другой партнёр' })).status).toBe(201);

    const closed = await referable({ scopes: ['share_with_ngo'], status: 'pending_closure' });
    expect((await post(cw, { caseId: closed.caseFile.id, organizationId: org1.id, reason: 'x' })).body).toMatchObject({
      statusCode: 409,
      code: 'CASE_NOT_ACTIVE',
    });
  });

  it('should answer 400 with field errors and store nothing for malformed referrals', async () => {
    const x = await referable({ scopes: ['share_with_ngo'] });
    const before = await t.given.count('referral');
    const bad: Array<[Body, string]> = [
      [{ organizationId: org1.id, reason: 'x' }, 'caseId'],
      [{ caseId: x.caseFile.id, organizationId: 'nope', reason: 'x' }, 'organizationId'],
      [{ caseId: x.caseFile.id, organizationId: org1.id, reason: '' }, 'reason'],
      [{ caseId: x.caseFile.id, organizationId: org1.id, reason: 'x', sharedFields: ['name', 'salary'] }, 'sharedFields'],
      [{ caseId: x.caseFile.id, organizationId: org1.id, reason: 'x', respondBy: 'tomorrow' }, 'respondBy'],
      [{ caseId: x.caseFile.id, organizationId: org1.id, reason: 'x', respondBy: new Date(Date.now() - HOUR).toISOString() }, 'respondBy'],
      [{ caseId: x.caseFile.id, organizationId: org1.id, reason: 'x', status: 'accepted' }, 'status'],
    ];
    for (const [body, field] of bad) {
      const res = await post(cw, body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty(field);
    }
    expect(await t.given.count('referral')).toBe(before);
    const badFilter = await list(ngo1, { mine: true });
    expect(badFilter.status).toBe(400);
  });

  it('should filter staff lists by organisation, status, overdue, mine and returnee name', async () => {
    const a = await sent();
    const overdue = await sent();
    await t.db.query(`UPDATE referral SET respond_by = now() - interval '1 hour' WHERE id = $1`, [overdue.referral.id]);

    const ids = async (u: GivenUser, filter: Body) => ((await list(u, filter)).body as Body[]).map((r) => r.id);
    expect(await ids(cw, { overdue: true })).toEqual([overdue.referral.id]);
    expect(await ids(cw, { caseId: a.caseFile.id })).toEqual([a.referral.id]);
    expect(await ids(cw2, { mine: true })).toEqual([]);
    expect(await ids(cw, { mine: true })).toEqual(expect.arrayContaining([a.referral.id, overdue.referral.id]));
    expect(await ids(sup, { organizationId: org2.id, status: ['sent'] })).not.toContain(a.referral.id);
    expect(await ids(sup, { q: 'Zheenbekov', caseId: a.caseFile.id })).toEqual([a.referral.id]);
    expect(await ids(cw, { q: 'Несуществующий Человек' })).toEqual([]);
    const sorted = (
      await t.http
        .get('/api/referrals')
        .query({ sort: JSON.stringify(['respondBy', 'ASC']), range: JSON.stringify([0, 0]) })
        .set(bearer(cw))
    ).body;
    expect(sorted[0].id).toBe(overdue.referral.id);
    expect(sorted[0].overdue).toBe(true);
  });

  it('should keep service notes from both sides on the referral, the timeline and the other side’s bell', async () => {
    const { caseFile, referral } = await sent();
    const accepted = await put(ngo1, referral.id, { version: referral.version, status: 'accepted' });
    expect(accepted.body.canAddNote).toBe(true);

    const fromOrg = await t.http
      .post(`/api/referrals/${referral.id}/notes`)
      .set(bearer(ngo1))
      .send({ text: 'Клиентка пришла на консультацию, готовим претензию' });
    expect(fromOrg.status).toBe(201);
    expect(fromOrg.body).toMatchObject({ side: 'organization', authorId: ngo1.id, text: 'Клиентка пришла на консультацию, готовим претензию' });
    const fromOffice = await t.http.post(`/api/referrals/${referral.id}/notes`).set(bearer(cw)).send({ text: 'Копии трудового договора переданы' });
    expect(fromOffice.body).toMatchObject({ side: 'office' });

    const seen = (await get(ngo1, referral.id)).body;
    expect(seen.notes.map((n: Body) => [n.side, n.text])).toEqual([
      ['organization', 'Клиентка пришла на консультацию, готовим претензию'],
      ['office', 'Копии трудового договора переданы'],
    ]);
    expect((await eventsOf(caseFile.id)).map((e) => e.kind)).toEqual(['referral_sent', 'referral_accepted', 'referral_note', 'referral_note']);
    expect((await notificationsOf(cw.id, 'referral_note')).filter((n) => n.data.referralId === referral.id)).toHaveLength(1);
    expect((await notificationsOf(ngo1.id, 'referral_note')).filter((n) => n.data.referralId === referral.id)).toHaveLength(1);

    // not for other organisations, colleagues off the case, admins; not on a withdrawn referral; not empty
    expect((await t.http.post(`/api/referrals/${referral.id}/notes`).set(bearer(ngo2)).send({ text: 'x' })).status).toBe(404);
    expect((await t.http.post(`/api/referrals/${referral.id}/notes`).set(bearer(cw2)).send({ text: 'x' })).body).toMatchObject({
      statusCode: 403,
      code: 'NOTE_NOT_ALLOWED',
    });
    expect((await t.http.post(`/api/referrals/${referral.id}/notes`).set(bearer(admin)).send({ text: 'x' })).status).toBe(403);
    expect((await t.http.post(`/api/referrals/${referral.id}/notes`).set(bearer(ngo1)).send({ text: '' })).status).toBe(400);
    await put(cw, referral.id, { version: accepted.body.version, status: 'cancelled' });
    expect((await t.http.post(`/api/referrals/${referral.id}/notes`).set(bearer(ngo1)).send({ text: 'x' })).body).toMatchObject({ code: 'NOTE_NOT_ALLOWED' });
    expect(await t.given.count(`referral_note WHERE referral_id = '${referral.id}'`)).toBe(2);
  });

  it('should escalate a referral unanswered by respondBy to the office supervisors once, with an event', async () => {
    const { caseFile, referral } = await sent({ respondBy: new Date(Date.now() + 2 * HOUR).toISOString() });
    const answered = await sent({ respondBy: new Date(Date.now() + 2 * HOUR).toISOString() });
    await put(ngo1, answered.referral.id, { version: answered.referral.version, status: 'accepted' });
    const service = t.app.get(ReferralService);

    const overdueFor = async (id: string) => (await notificationsOf(sup.id, 'referral_overdue')).filter((n) => n.data.referralId === id);

    // the injected "now": before respondBy nothing happens to it, after it once
    await service.escalateUnanswered(new Date(Date.now() + HOUR));
    expect(await overdueFor(referral.id)).toEqual([]);
    const later = new Date(Date.now() + 3 * HOUR);
    expect(await service.escalateUnanswered(later)).toBeGreaterThanOrEqual(1);
    expect(await service.escalateUnanswered(later)).toBe(0);

    expect(await overdueFor(referral.id)).toEqual([expect.objectContaining({ link: `#/cases/${caseFile.id}/show/referrals` })]);
    expect(await overdueFor(answered.referral.id)).toEqual([]);
    expect((await get(sup, referral.id)).body.overdue).toBe(false); // overdue is judged at the real now; respondBy is 2 h ahead
    expect((await eventsOf(caseFile.id)).map((e) => e.kind)).toEqual(['referral_sent', 'referral_overdue']);
  });
});
