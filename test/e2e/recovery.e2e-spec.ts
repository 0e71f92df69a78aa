import { randomBytes } from 'node:crypto';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const PENSION = { country: 'RU', periods: [{ from: '2019-03-01', to: '2022-02-28', documented: false }], claimStatus: 'collecting_documents' };

// Recovery of lost identity and work papers (issue 17): HTTP in, DB out.
describe('document recovery API', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;

  const post = (u: GivenUser, body: Body) => t.http.post('/api/recovery-items').set(bearer(u)).send(body);
  const put = (u: GivenUser, id: string, body: Body) => t.http.put(`/api/recovery-items/${id}`).set(bearer(u)).send(body);
  const receive = (u: GivenUser, id: string, body: Body) => t.http.post(`/api/recovery-items/${id}/receive`).set(bearer(u)).send(body);
  const items = () => t.given.count('recovery_item');
  const snapshot = async (id: string) => (await t.db.query(`SELECT * FROM recovery_item WHERE id = $1`, [id])).rows[0];
  const followUp = async (id: string) =>
    (await t.db.query(`SELECT case_id, kind, status, due_at, assignee_id, notes FROM follow_up WHERE id = $1`, [id])).rows[0];
  const givenDocument = async (returneeId: string, officeId: string, type: string, issuerCountry: string | null = 'KG') => {
    const { rows } = await t.db.query(
      `INSERT INTO document (returnee_id, office_id, type, title, issuer_country, created_by) VALUES ($1, $2, $3, 'Скан', $4, $5) RETURNING id`,
      [returneeId, officeId, type, issuerCountry, cwA.id],
    );
    return rows[0].id as string;
  };
  const passportItem = (returneeId: string, over: Body = {}): Body => ({
    returneeId,
    documentType: 'passport',
    country: 'kg',
    authority: 'passport_office',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    officeA = await t.given.office();
    officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
  });
  afterAll(() => t.close());

  it('records a paper to request, then the request chased by a call three days before the expected day, on the case', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const c = await t.given.caseFile({
      returneeId: r.id,
      officeId: officeA.id,
      type: 'pension_claim',
      status: 'in_progress',
      assigneeId: cwA.id,
      details: PENSION,
    });
    const res = await post(cwA, passportItem(r.id, { note: 'Паспорт остался у работодателя в Москве' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      returneeId: r.id,
      documentType: 'passport',
      country: 'KG',
      status: 'to_request',
      followUpId: null,
      note: 'Паспорт остался у работодателя в Москве',
      allowedTransitions: ['requested', 'received'],
    });
    // the note is sealed at rest
    expect((await snapshot(res.body.id)).note_enc).toMatch(/^v1\./);

    const requested = await put(supA, res.body.id, {
      status: 'requested',
      requestedOn: day(0),
      expectedOn: day(30),
      authorityName: 'ГРС',
      version: res.body.version,
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ status: 'requested', requestedOn: day(0), expectedOn: day(30), followUpId: expect.any(String) });
    const fu = await followUp(requested.body.followUpId);
    expect(fu).toMatchObject({ case_id: c.id, kind: 'call', status: 'scheduled', assignee_id: cwA.id });
    expect(fu.due_at.toISOString()).toBe(new Date(Date.parse(`${day(27)}T10:00:00+06:00`)).toISOString());
    expect(fu.notes).toContain(`Восстановление документа: Паспорт (KG), ожидается ${day(30)}`);
    // a stale version is refused
    expect((await put(supA, res.body.id, { note: 'x', version: res.body.version })).status).toBe(409);

    // a new expected day moves the chase: the old call cancelled, a new one scheduled
    const moved = await put(cwA, res.body.id, { expectedOn: day(60) });
    expect(moved.status).toBe(200);
    expect(moved.body.followUpId).not.toBe(requested.body.followUpId);
    expect((await followUp(requested.body.followUpId)).status).toBe('cancelled');
    expect((await followUp(moved.body.followUpId)).status).toBe('scheduled');

    const audit = await t.db.query(`SELECT action, diff FROM audit_log WHERE entity = 'recovery_item' AND entity_id = $1 ORDER BY id`, [res.body.id]);
    expect(audit.rows.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(JSON.stringify(audit.rows)).not.toContain('работодателя');
  });

  it('refuses bad input with 4xx and stores nothing', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const other = await t.given.returnee({ officeId: officeA.id });
    const otherCase = await t.given.caseFile({ returneeId: other.id, officeId: officeA.id });
    const before = await items();
    const cases: Array<[Body, number, string?]> = [
      [passportItem(r.id, { requestedOn: day(0), expectedOn: day(-1) }), 422, 'expectedOn'],
      [passportItem(r.id, { status: 'requested' }), 422, 'requestedOn'],
      [passportItem(r.id, { status: 'refused', requestedOn: day(0) }), 422, 'status'],
      [passportItem(r.id, { status: 'received' }), 400, 'status'],
      [passportItem(r.id, { requestedOn: day(2) }), 400, 'requestedOn'],
      [passportItem(r.id, { documentType: 'entry_ban_notice' }), 400, 'documentType'],
      [passportItem(r.id, { authority: 'embassy' }), 400, 'authority'],
      [passportItem(r.id, { country: 'XX' }), 400, 'country'],
      [passportItem(r.id, { authorityName: 'x'.repeat(201) }), 400, 'authorityName'],
      [passportItem(r.id, { note: 'x'.repeat(10_000) }), 400, 'note'],
      [passportItem(r.id, { caseId: otherCase.id }), 422, 'caseId'],
      [passportItem(r.id, { requestedOn: '2026-02-30' }), 400, 'requestedOn'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(cwA, body);
      expect([JSON.stringify(body).slice(0, 80), res.status]).toEqual([JSON.stringify(body).slice(0, 80), status]);
      expect(res.body.errors).toHaveProperty(field!);
    }
    expect(await items()).toBe(before);
  });

  it('is office work: 404 outside the office, 403 for admins and NGO staff', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const created = (await post(cwA, passportItem(r.id))).body;
    const before = await items();
    expect((await post(cwB, passportItem(r.id))).status).toBe(404);
    expect((await t.http.get(`/api/recovery-items/${created.id}`).set(bearer(cwB))).status).toBe(404);
    expect((await put(cwB, created.id, { authorityName: 'x' })).status).toBe(404);
    expect(
      (
        await t.http
          .get('/api/recovery-items')
          .query({ filter: JSON.stringify({ returneeId: r.id }) })
          .set(bearer(cwB))
      ).status,
    ).toBe(404);
    const listB = await t.http.get('/api/recovery-items').set(bearer(cwB));
    expect(listB.status).toBe(200);
    expect(listB.body.map((i: Body) => i.id)).not.toContain(created.id);
    expect((await post(admin, passportItem(r.id))).status).toBe(403);
    expect((await t.http.get(`/api/recovery-items/${created.id}`).set(bearer(ngo))).status).toBe(403);
    expect(await items()).toBe(before);
    const listA = await t.http
      .get('/api/recovery-items')
      .query({ filter: JSON.stringify({ returneeId: r.id, status: ['to_request'] }) })
      .set(bearer(supA));
    expect(listA.status).toBe(200);
    expect(listA.headers['content-range']).toMatch(/^recovery-items 0-0\/1$/);
    expect(listA.body[0]).toMatchObject({ id: created.id, status: 'to_request' });
  });

  it('runs a lost passport to received with the new scan; a document of another returnee or type is refused', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const other = await t.given.returnee({ officeId: officeA.id });
    const c = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
    const item = (await post(cwA, passportItem(r.id, { caseId: c.id, requestedOn: day(-20), expectedOn: day(10) }))).body;
    expect(item).toMatchObject({ status: 'requested', caseId: c.id, followUpId: expect.any(String) });
    const before = await snapshot(item.id);

    const foreignDoc = await givenDocument(other.id, officeA.id, 'passport');
    const wrongType = await givenDocument(r.id, officeA.id, 'id_card');
    const badDay = await givenDocument(r.id, officeA.id, 'passport');
    const bad = [
      [{ documentId: foreignDoc }, 422, 'documentId'],
      [{ documentId: wrongType }, 422, 'documentId'],
      [{ documentId: '00000000-0000-4000-8000-000000000000' }, 422, 'documentId'],
      [{ documentId: badDay, receivedOn: day(-21) }, 422, 'receivedOn'],
      [{ documentId: 'nope' }, 400, 'documentId'],
      [{}, 400, 'documentId'],
    ] as const;
    for (const [body, status, field] of bad) {
      const res = await receive(cwA, item.id, body);
      expect(res.status).toBe(status);
      expect(res.body.errors).toHaveProperty(field);
    }
    expect(await snapshot(item.id)).toEqual(before);

    const scan = await givenDocument(r.id, officeA.id, 'passport');
    const res = await receive(cwA, item.id, { documentId: scan });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'received', documentId: scan, receivedOn: day(0), allowedTransitions: [] });
    // the chase ends with it
    expect((await followUp(item.followUpId)).status).toBe('cancelled');
    // received is final
    expect((await receive(cwA, item.id, { documentId: scan })).status).toBe(409);
    expect((await put(cwA, item.id, { status: 'requested' })).status).toBe(409);
    expect((await put(cwA, item.id, { expectedOn: day(20) })).status).toBe(422);
    expect((await put(cwA, item.id, { note: 'Получен лично' })).status).toBe(200);
  });

  it('runs a lost passport to received with its new scan uploaded through POST /api/documents', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
    const item = (await post(cwA, passportItem(r.id, { requestedOn: day(-30), expectedOn: day(5) }))).body;
    const scan = Buffer.concat([Buffer.from(`%PDF-1.4\n%${randomBytes(8).toString('hex')}\n`), randomBytes(2000), Buffer.from('\n%%EOF\n')]);
    const uploaded = await t.http
      .post('/api/documents')
      .set(bearer(cwA))
      .field('returneeId', r.id)
      .field('type', 'passport')
      .field('title', 'Паспорт (новый)')
      .field('issuerCountry', 'KG')
      .attach('file', scan, 'pasport.pdf');
    expect(uploaded.status).toBe(201);
    const res = await receive(cwA, item.id, { documentId: uploaded.body.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'received', documentId: uploaded.body.id });
    // a deleted document cannot be the one received
    const other = (await post(cwA, { returneeId: r.id, documentType: 'payslip', authority: 'former_employer' })).body;
    const payslip = await t.http
      .post('/api/documents')
      .set(bearer(cwA))
      .field('returneeId', r.id)
      .field('type', 'payslip')
      .field('title', 'Расчётный листок')
      .attach('file', Buffer.concat([scan, Buffer.from('2')]), 'list.pdf');
    expect(payslip.status).toBe(201);
    expect((await t.http.delete(`/api/documents/${payslip.body.id}`).set(bearer(cwA))).status).toBe(200);
    expect((await receive(cwA, other.id, { documentId: payslip.body.id })).status).toBe(422);
  });

  it('moves requested → refused → requested again; other moves are 409 and change nothing', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, status: 'in_progress', assigneeId: cwA.id });
    const item = (await post(cwA, { returneeId: r.id, documentType: 'work_book', authority: 'former_employer', requestedOn: day(-5), expectedOn: day(25) }))
      .body;
    // no case given: the chase hangs on the returnee's open case
    expect(item.followUpId).toEqual(expect.any(String));
    const fresh = (await post(cwA, { returneeId: r.id, documentType: 'payslip', authority: 'former_employer' })).body;
    const refusedEarly = await put(cwA, fresh.id, { status: 'refused', requestedOn: day(0) });
    expect(refusedEarly.status).toBe(409);
    expect(refusedEarly.body.code).toBe('INVALID_TRANSITION');
    expect(refusedEarly.body.errors.status).toMatch(/allowed now: requested, received/);
    expect((await snapshot(fresh.id)).status).toBe('to_request');

    const refused = await put(cwA, item.id, { status: 'refused', note: 'Работодатель не отвечает' });
    expect(refused.status).toBe(200);
    expect((await followUp(item.followUpId)).status).toBe('cancelled');
    expect(refused.body.followUpId).toBeNull();
    const again = await put(cwA, item.id, { status: 'requested', requestedOn: day(0), expectedOn: day(40), authority: 'consulate' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'requested', authority: 'consulate', followUpId: expect.any(String) });
    // an expected day before the request is refused on update too
    expect((await put(cwA, item.id, { expectedOn: day(-1) })).status).toBe(422);
  });

  it('proposes recovery items for a returnee flagged no_documents, from the checklists of their open cases', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const pension = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, type: 'pension_claim', status: 'in_progress', details: PENSION });
    await givenDocument(r.id, officeA.id, 'payslip');
    const propose = (u: GivenUser) => t.http.post(`/api/returnees/${r.id}/recovery-items/propose`).set(bearer(u));

    const notFlagged = await propose(cwA);
    expect(notFlagged.status).toBe(422);
    expect(notFlagged.body.code).toBe('NOT_FLAGGED_NO_DOCUMENTS');
    await t.db.query(`UPDATE returnee SET vulnerabilities = ARRAY['no_documents'] WHERE id = $1`, [r.id]);
    expect((await propose(cwB)).status).toBe(404);

    const res = await propose(cwA);
    expect(res.status).toBe(201);
    expect(res.body.map((i: Body) => [i.documentType, i.country, i.authority, i.caseId, i.status])).toEqual([
      ['passport', 'KG', 'passport_office', pension.id, 'to_request'],
      ['work_book', null, 'former_employer', pension.id, 'to_request'],
      ['foreign_pension_statement', 'RU', 'foreign_pension_fund', pension.id, 'to_request'],
    ]);
    const audit = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'recovery_item' AND action = 'create' AND diff->>'proposed' = 'true' AND diff->>'returneeId' = $1`,
      [r.id],
    );
    expect(audit.rows[0].n).toBe(3);
    // proposing again adds nothing already chased
    const again = await propose(cwA);
    expect(again.status).toBe(201);
    expect(again.body).toEqual([]);
  });
});
