import { randomBytes } from 'node:crypto';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

const daysFromToday = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const PENSION = {
  country: 'RU',
  periods: [{ from: '2019-03-01', to: '2022-02-28', employer: 'ООО Стройка', documented: true }],
  claimStatus: 'collecting_documents',
};

// Required-document checklists (issue 17): HTTP in, the document rows the documents context keeps, DB out.
describe('required-document checklists', () => {
  let t: TestApp;
  let officeA: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;

  // a document row as the documents context stores it (metadata only: the checklist never reads the bytes)
  const givenDocument = async (returneeId: string, type: string, p: { issuerCountry?: string; expiresOn?: string; deleted?: boolean } = {}) => {
    const { rows } = await t.db.query(
      `INSERT INTO document (returnee_id, office_id, type, title, issuer_country, expires_on, created_by, deleted_at, deleted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        returneeId,
        officeA.id,
        type,
        `Скан: ${type}`,
        p.issuerCountry ?? null,
        p.expiresOn ?? null,
        cwA.id,
        p.deleted ? new Date() : null,
        p.deleted ? cwA.id : null,
      ],
    );
    return rows[0].id as string;
  };
  const checklist = (u: GivenUser, caseId: string) => t.http.get(`/api/cases/${caseId}/checklist`).set(bearer(u));
  const statuses = (body: { items: Array<{ key: string; country?: string; status: string }> }) =>
    body.items.map((i) => `${i.key}${i.country ? `:${i.country}` : ''}=${i.status}`);

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    officeA = await t.given.office();
    const officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
  });
  afterAll(() => t.close());

  it('a pension claim turns complete as its papers arrive; an expired statement, a deleted or foreign-country one does not count', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const c = await t.given.caseFile({
      returneeId: r.id,
      officeId: officeA.id,
      type: 'pension_claim',
      status: 'in_progress',
      assigneeId: cwA.id,
      details: PENSION,
    });
    let res = await checklist(cwA, c.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId: c.id, complete: false });
    expect(statuses(res.body)).toEqual(['work_record=missing', 'payslips=missing', 'foreign_pension_statement:RU=missing']);
    expect(res.body.items[0]).toEqual({
      key: 'work_record',
      label: { ky: expect.any(String), ru: 'Трудовая книжка или трудовые договоры', en: 'Work book or employment contracts' },
      anyOf: ['work_book', 'employment_contract'],
      status: 'missing',
      documentIds: [],
    });

    const contract = await givenDocument(r.id, 'employment_contract');
    await givenDocument(r.id, 'payslip', { deleted: true });
    await givenDocument(r.id, 'foreign_pension_statement', { issuerCountry: 'KZ' });
    const old = await givenDocument(r.id, 'foreign_pension_statement', { issuerCountry: 'RU', expiresOn: daysFromToday(-1) });
    res = await checklist(cwA, c.id);
    expect(statuses(res.body)).toEqual(['work_record=present', 'payslips=missing', 'foreign_pension_statement:RU=expired']);
    expect(res.body.items[0].documentIds).toEqual([contract]);
    expect(res.body.items[2]).toMatchObject({ perCountry: true, country: 'RU', documentIds: [old] });

    // the case's missingDocuments is the checklist's items not present, on the case and in lists
    const one = await t.http.get(`/api/cases/${c.id}`).set(bearer(cwA));
    const missing = [
      { key: 'payslips', anyOf: ['payslip'], status: 'missing' },
      { key: 'foreign_pension_statement', anyOf: ['foreign_pension_statement'], country: 'RU', status: 'expired' },
    ];
    expect(one.body.details.missingDocuments).toEqual(missing);
    const list = await t.http
      .get('/api/cases')
      .query({ filter: JSON.stringify({ returneeId: r.id }) })
      .set(bearer(cwA));
    expect(list.body[0].details.missingDocuments).toEqual(missing);

    await givenDocument(r.id, 'payslip');
    await givenDocument(r.id, 'foreign_pension_statement', { issuerCountry: 'RU', expiresOn: daysFromToday(0) });
    res = await checklist(cwA, c.id);
    expect(res.body.complete).toBe(true);
    expect((await t.http.get(`/api/cases/${c.id}`).set(bearer(cwA))).body.details.missingDocuments).toEqual([]);
    // the read is audited against the case, naming the documents, never their contents
    const audit = await t.db.query(`SELECT diff FROM audit_log WHERE entity = 'case' AND entity_id = $1 AND action = 'read' ORDER BY id`, [c.id]);
    expect(audit.rows.at(-1).diff).toMatchObject({ fields: ['checklist'], complete: true });
  });

  it('turns complete as the caseworker uploads the scans through POST /api/documents', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const c = await t.given.caseFile({
      returneeId: r.id,
      officeId: officeA.id,
      type: 'pension_claim',
      status: 'in_progress',
      assigneeId: cwA.id,
      details: PENSION,
    });
    const upload = async (type: string, extra: Record<string, string> = {}) => {
      let req = t.http
        .post('/api/documents')
        .set(bearer(cwA))
        .field('returneeId', r.id)
        .field('caseId', c.id)
        .field('type', type)
        .field('title', `Скан: ${type}`);
      for (const [k, v] of Object.entries(extra)) req = req.field(k, v);
      const pdf = Buffer.concat([Buffer.from(`%PDF-1.4\n%${randomBytes(8).toString('hex')}\n`), randomBytes(500), Buffer.from('\n%%EOF\n')]);
      const res = await req.attach('file', pdf, `${type}.pdf`);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const book = await upload('work_book');
    await upload('payslip');
    expect(statuses((await checklist(cwA, c.id)).body)).toEqual(['work_record=present', 'payslips=present', 'foreign_pension_statement:RU=missing']);
    await upload('foreign_pension_statement', { issuerCountry: 'RU' });
    expect((await checklist(cwA, c.id)).body.complete).toBe(true);
    // a deleted scan no longer counts
    expect((await t.http.delete(`/api/documents/${book}`).set(bearer(cwA))).status).toBe(200);
    expect(statuses((await checklist(cwA, c.id)).body)[0]).toBe('work_record=missing');
  });

  it('legal aid for an entry ban needs the ban notice and a passport; other legal issues nothing', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const ban = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, type: 'legal_aid', details: { issue: 'entry_ban', country: 'RU' } });
    const wages = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, type: 'legal_aid', details: { issue: 'unpaid_wages', country: 'RU' } });
    await givenDocument(r.id, 'passport', { expiresOn: daysFromToday(-30) });
    expect(statuses((await checklist(cwA, ban.id)).body)).toEqual(['entry_ban_notice=missing', 'passport=expired']);
    expect((await checklist(cwA, wages.id)).body).toEqual({ caseId: wages.id, complete: true, items: [] });
    await givenDocument(r.id, 'entry_ban_notice');
    await givenDocument(r.id, 'passport', { expiresOn: daysFromToday(3650) });
    expect((await checklist(cwA, ban.id)).body.complete).toBe(true);
  });

  it('a health referral needs the discharge summary, and the TB treatment card when the case is TB', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const tb = await t.given.caseFile({
      returneeId: r.id,
      officeId: officeA.id,
      type: 'health_referral',
      assigneeId: cwA.id,
      details: { condition: 'tb', urgency: 'soon' },
    });
    const hiv = await t.given.caseFile({
      returneeId: r.id,
      officeId: officeA.id,
      type: 'health_referral',
      assigneeId: cwA.id,
      details: { condition: 'hiv', urgency: 'soon' },
    });
    await givenDocument(r.id, 'medical_discharge');
    expect(statuses((await checklist(cwA, tb.id)).body)).toEqual(['medical_discharge=present', 'tb_treatment_card=missing']);
    expect(statuses((await checklist(cwA, hiv.id)).body)).toEqual(['medical_discharge=present']);
  });

  it('is scoped like the case: 404 outside the office, 403 for NGO staff, readable by admins; 404 for an unknown id, 400 for a malformed one', async () => {
    const r = await t.given.returnee({ officeId: officeA.id });
    const c = await t.given.caseFile({ returneeId: r.id, officeId: officeA.id, type: 'pension_claim', details: PENSION });
    expect((await checklist(cwB, c.id)).status).toBe(404);
    expect((await checklist(ngo, c.id)).status).toBe(403);
    expect((await checklist(admin, c.id)).status).toBe(200);
    expect((await checklist(supA, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await checklist(supA, 'nope')).status).toBe(400);
  });

  describe('approving the closure of a pension claim', () => {
    const put = (u: GivenUser, id: string, body: Body) => t.http.put(`/api/cases/${id}`).set(bearer(u)).send(body);
    const pendingClaim = async () => {
      const r = await t.given.returnee({ officeId: officeA.id });
      const c = await t.given.caseFile({
        returneeId: r.id,
        officeId: officeA.id,
        type: 'pension_claim',
        status: 'pending_closure',
        assigneeId: cwA.id,
        details: PENSION,
      });
      await t.db.query(`UPDATE case_file SET closure_reason = 'Пенсия назначена' WHERE id = $1`, [c.id]);
      return { r, c };
    };

    it('is refused (422 MISSING_DOCUMENTS_REASON_REQUIRED, nothing changed) while papers are missing and no reason is given', async () => {
      const { c } = await pendingClaim();
      const events = await t.given.count('case_event');
      const res = await put(supA, c.id, { version: c.version, status: 'closed' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MISSING_DOCUMENTS_REASON_REQUIRED');
      expect(res.body.errors).toHaveProperty('missingDocumentsReason');
      expect(res.body.message).toMatch(/work_record, payslips, foreign_pension_statement RU/);
      const { rows } = await t.db.query(`SELECT status, closed_at FROM case_file WHERE id = $1`, [c.id]);
      expect(rows[0]).toEqual({ status: 'pending_closure', closed_at: null });
      expect(await t.given.count('case_event')).toBe(events);
      // a blank reason is no reason
      expect((await put(supA, c.id, { version: c.version, status: 'closed', missingDocumentsReason: '   ' })).status).toBe(400);
    });

    it('closes with the reason stored on the timeline and in the audit row', async () => {
      const { c } = await pendingClaim();
      const reason = 'Социальный фонд принял заявление по справке работодателя';
      const res = await put(supA, c.id, { version: c.version, status: 'closed', missingDocumentsReason: reason, scheduleMonitoring: false });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('closed');
      const ev = await t.db.query(`SELECT data FROM case_event WHERE case_id = $1 AND kind = 'status_changed' ORDER BY at DESC LIMIT 1`, [c.id]);
      expect(ev.rows[0].data).toMatchObject({
        from: 'pending_closure',
        to: 'closed',
        missingDocumentsReason: reason,
        missingDocuments: [
          { key: 'work_record', status: 'missing' },
          { key: 'payslips', status: 'missing' },
          { key: 'foreign_pension_statement', country: 'RU', status: 'missing' },
        ],
      });
      const audit = await t.db.query(`SELECT actor_id, diff FROM audit_log WHERE entity = 'case' AND entity_id = $1 AND action = 'update'`, [c.id]);
      expect(audit.rows).toEqual([{ actor_id: supA.id, diff: expect.objectContaining({ missingDocumentsReason: reason }) }]);
    });

    it('needs no reason once every required paper is present, nor for other case types', async () => {
      const { r, c } = await pendingClaim();
      await givenDocument(r.id, 'work_book');
      await givenDocument(r.id, 'payslip');
      await givenDocument(r.id, 'foreign_pension_statement', { issuerCountry: 'RU' });
      expect((await put(supA, c.id, { version: c.version, status: 'closed', scheduleMonitoring: false })).status).toBe(200);
      const other = await t.given.caseFile({
        returneeId: r.id,
        officeId: officeA.id,
        type: 'legal_aid',
        status: 'pending_closure',
        details: { issue: 'entry_ban', country: 'RU' },
      });
      await t.db.query(`UPDATE case_file SET closure_reason = 'Запрет снят' WHERE id = $1`, [other.id]);
      expect((await put(supA, other.id, { version: other.version, status: 'closed', scheduleMonitoring: false })).status).toBe(200);
    });
  });
});
