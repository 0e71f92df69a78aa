import { randomUUID } from 'node:crypto';
import { JOB_SECTORS } from '@kaytuu/directory';
import { SECTORS } from '@kaytuu/returnees';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;
type Match = { organization: { id: string; name: string; sectors: string[]; capacity: number | null }; score: number; reasons: string[] };
type OrgRow = { id: string; name: string };

describe('job placement matching: organisation sectors, capacity and partner suggestions', () => {
  let t: TestApp;
  let admin: GivenUser;
  let officeA: { id: string };
  let sup: GivenUser;
  let cw: GivenUser;
  let cwB: GivenUser;

  const orgs = (u: GivenUser, filter: Body) =>
    t.http
      .get('/api/organizations')
      .query({ filter: JSON.stringify(filter), range: '[0,499]' })
      .set(bearer(u));
  const matches = (u: GivenUser, caseId: string) => t.http.get('/api/referrals/matches').query({ caseId }).set(bearer(u));
  const idsOf = (body: Array<{ id: string }>) => body.map((o) => o.id);
  const orgRow = async (id: string) => (await t.db.query(`SELECT sectors, capacity FROM organization WHERE id = $1`, [id])).rows[0];

  // An organisation straight in SQL, with the matching fields under test.
  let n = 0;
  async function org(p: {
    services?: string[];
    oblasts?: string[];
    sectors?: string[];
    capacity?: number | null;
    active?: boolean;
    name?: string;
  }): Promise<OrgRow> {
    const name = p.name ?? `Партнёр ${++n} ${randomUUID().slice(0, 6)}`;
    const { rows } = await t.db.query(
      `INSERT INTO organization (name, kind, services, oblasts, sectors, capacity, active, contact_email) VALUES ($1,'ngo',$2,$3,$4,$5,$6,$7) RETURNING id, name`,
      [name, p.services ?? ['job_placement'], p.oblasts ?? [], p.sectors ?? [], p.capacity ?? null, p.active ?? true, `partner${n}@example.kg`],
    );
    return rows[0];
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.user('admin');
    officeA = await t.given.office({ oblast: 'bishkek' });
    sup = await t.given.user('supervisor', { officeId: officeA.id });
    cw = await t.given.user('caseworker', { officeId: officeA.id });
    cwB = await t.given.user('caseworker');
  });
  afterAll(() => t.close());

  it('should keep the directory sector list equal to the returnee sector list when both are compared', () => {
    expect([...JOB_SECTORS]).toEqual([...SECTORS]);
  });

  describe('organisation sectors and capacity', () => {
    it('should store and return sectors and capacity when an admin creates and updates an organisation', async () => {
      const created = await t.http
        .post('/api/organizations')
        .set(bearer(admin))
        .send({
          name: 'Иш таап бер',
          kind: 'ngo',
          services: ['job_placement'],
          oblasts: ['osh'],
          sectors: ['construction', 'transport'],
          capacity: 12,
          contactEmail: 'jobs@example.kg',
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ sectors: ['construction', 'transport'], capacity: 12 });
      expect(await orgRow(created.body.id)).toEqual({ sectors: ['construction', 'transport'], capacity: 12 });

      const cleared = await t.http.put(`/api/organizations/${created.body.id}`).set(bearer(admin)).send({ sectors: [], capacity: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ sectors: [], capacity: null });
      expect(await orgRow(created.body.id)).toEqual({ sectors: [], capacity: null });
    });

    it('should default to no sectors and no capacity when the create payload has neither', async () => {
      const res = await t.http
        .post('/api/organizations')
        .set(bearer(admin))
        .send({ name: 'Без секторов', kind: 'state', services: ['legal_aid'], oblasts: [], contactEmail: 'none@example.kg' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ sectors: [], capacity: null });
    });

    it('should answer 400 naming the field and store nothing when sectors or capacity are invalid', async () => {
      const good = { name: 'НКО с ошибкой', kind: 'ngo', services: ['job_placement'], oblasts: [], contactEmail: 'bad@example.kg' };
      const before = await t.given.count('organization');
      for (const [extra, field] of [
        [{ sectors: ['mining'] }, 'sectors'],
        [{ sectors: 'construction' }, 'sectors'],
        [{ sectors: null }, 'sectors'],
        [{ sectors: ['trade', 'trade'] }, 'sectors'],
        [{ capacity: -1 }, 'capacity'],
        [{ capacity: 2.5 }, 'capacity'],
        [{ capacity: '10' }, 'capacity'],
      ] as Array<[Body, string]>) {
        const res = await t.http
          .post('/api/organizations')
          .set(bearer(admin))
          .send({ ...good, ...extra });
        expect([extra, res.status]).toEqual([extra, 400]);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { [field]: expect.any(String) } });
      }
      expect(await t.given.count('organization')).toBe(before);

      const existing = await org({ sectors: ['trade'], capacity: 4 });
      for (const body of [{ sectors: ['fishing'] }, { sectors: null }, { capacity: -5 }, { services: null }]) {
        const res = await t.http.put(`/api/organizations/${existing.id}`).set(bearer(admin)).send(body);
        expect([body, res.status]).toEqual([body, 400]);
      }
      expect(await orgRow(existing.id)).toEqual({ sectors: ['trade'], capacity: 4 });
      // the table holds the same rules
      await expect(t.db.query(`UPDATE organization SET sectors = '{mining}' WHERE id = $1`, [existing.id])).rejects.toThrow(/organization_sectors_check/);
      await expect(t.db.query(`UPDATE organization SET capacity = -1 WHERE id = $1`, [existing.id])).rejects.toThrow(/organization_capacity_check/);
    });

    it('should list the organisations placing in any of the sectors when filtered by one sector or a list', async () => {
      const building = await org({ sectors: ['construction', 'manufacturing'] });
      const driving = await org({ sectors: ['transport'] });
      const farming = await org({ sectors: ['agriculture'] });
      const one = await orgs(cw, { sector: 'construction' });
      expect(one.status).toBe(200);
      expect(idsOf(one.body)).toContain(building.id);
      expect(idsOf(one.body)).not.toContain(driving.id);
      expect(one.body.every((o: { sectors: string[] }) => o.sectors.includes('construction'))).toBe(true);
      expect(one.headers['content-range']).toBe(`organizations 0-${one.body.length - 1}/${one.body.length}`);

      const list = await orgs(cw, { sector: ['transport', 'manufacturing'], service: 'job_placement' });
      expect(idsOf(list.body)).toEqual(expect.arrayContaining([building.id, driving.id]));
      expect(idsOf(list.body)).not.toContain(farming.id);

      for (const sector of ['mining', [], ['trade', 42]]) {
        const bad = await orgs(cw, { sector });
        expect(bad.status).toBe(400);
        expect(bad.body.errors).toHaveProperty(['filter.sector']);
      }
    });
  });

  describe('GET /api/referrals/matches', () => {
    let returnee: { id: string };
    let best: OrgRow;
    let oshOnly: OrgRow;
    let homeWithSector: OrgRow;
    let nothing: OrgRow;
    let inactive: OrgRow;
    let legalOnly: OrgRow;
    let jobCase: { id: string };

    beforeAll(async () => {
      // the returnee lives in Bishkek (the factory's oblast) and wants work in Osh, in construction or transport
      returnee = await t.given.returnee({ officeId: officeA.id });
      best = await org({ name: 'Я лучший', oblasts: ['osh', 'chuy'], sectors: ['construction', 'transport', 'trade'], capacity: 10 });
      oshOnly = await org({ name: 'Б ошский', oblasts: ['osh'], capacity: 0 });
      homeWithSector = await org({ name: 'В бишкекский', oblasts: ['bishkek'], sectors: ['construction'], capacity: 3 });
      nothing = await org({ name: 'Г ничей', oblasts: ['talas'] });
      inactive = await org({ oblasts: ['osh'], sectors: ['construction', 'transport'], capacity: 50, active: false });
      legalOnly = await org({ services: ['legal_aid'], oblasts: ['osh'], sectors: ['construction'], capacity: 5 });
      jobCase = await t.given.caseFile({
        returneeId: returnee.id,
        officeId: officeA.id,
        type: 'job_placement',
        assigneeId: cw.id,
        details: { targetSectors: ['construction', 'transport'], desiredOblast: 'osh', training: false },
      });
    });

    it('should rank active job partners by desired oblast, shared sectors and capacity when the case is a job placement', async () => {
      const res = await matches(cw, jobCase.id);
      expect(res.status).toBe(200);
      const body = res.body as Match[];
      const mine = new Set([best.id, oshOnly.id, homeWithSector.id, nothing.id]);
      // ties (2 points each) keep name order: "Б ошский" before "В бишкекский"
      expect(body.filter((m) => mine.has(m.organization.id)).map((m) => [m.organization.id, m.score])).toEqual([
        [best.id, 5],
        [oshOnly.id, 2],
        [homeWithSector.id, 2],
        [nothing.id, 0],
      ]);
      expect(body[0]).toMatchObject({
        organization: { id: best.id, sectors: ['construction', 'transport', 'trade'], capacity: 10 },
        reasons: ['oblast', 'sector:construction', 'sector:transport', 'capacity'],
      });
      // the desired oblast counts, not where the returnee lives
      expect(body.find((m) => m.organization.id === homeWithSector.id)?.reasons).toEqual(['sector:construction', 'capacity']);
      expect(body.find((m) => m.organization.id === oshOnly.id)?.reasons).toEqual(['oblast']);
      const ids = body.map((m) => m.organization.id);
      expect(ids).not.toContain(inactive.id);
      expect(ids).not.toContain(legalOnly.id);
      expect(body.length).toBeLessThanOrEqual(20);
      const scores = body.map((m) => m.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it('should follow a changed desired oblast when the case details change', async () => {
      await t.db.query(`UPDATE case_file SET details = jsonb_set(details, '{desiredOblast}', '"bishkek"') WHERE id = $1`, [jobCase.id]);
      try {
        const body = (await matches(sup, jobCase.id)).body as Match[];
        expect(body[0].organization.id).toBe(homeWithSector.id);
        expect(body[0]).toMatchObject({ score: 4, reasons: ['oblast', 'sector:construction', 'capacity'] });
      } finally {
        await t.db.query(`UPDATE case_file SET details = jsonb_set(details, '{desiredOblast}', '"osh"') WHERE id = $1`, [jobCase.id]);
      }
    });

    it("should match on the returnee's oblast and audit that read when the case is not a job placement", async () => {
      const legal = await t.given.caseFile({ returneeId: returnee.id, officeId: officeA.id, type: 'legal_aid', assigneeId: cw.id });
      const local = await org({ services: ['legal_aid'], oblasts: ['bishkek'], sectors: ['construction'], capacity: 2 });
      const reads = () => t.given.count(`audit_log WHERE entity = 'returnee' AND action = 'read' AND entity_id = '${returnee.id}' AND actor_id = '${cw.id}'`);
      const before = await reads();
      const res = await matches(cw, legal.id);
      expect(res.status).toBe(200);
      const body = res.body as Match[];
      // sectors count for job cases only
      expect(body[0]).toMatchObject({ organization: { id: local.id }, score: 3, reasons: ['oblast', 'capacity'] });
      expect(body.find((m) => m.organization.id === legalOnly.id)).toMatchObject({ score: 1, reasons: ['capacity'] });
      expect(body.map((m) => m.organization.id)).not.toContain(best.id);
      expect(await reads()).toBe(before + 1);
    });

    it('should answer 404 when the case is outside the caller office or does not exist', async () => {
      for (const id of [jobCase.id, randomUUID()]) {
        const res = await matches(cwB, id);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      expect((await matches(cw, randomUUID())).status).toBe(404);
    });

    it('should answer 403 when the caller is organisation staff or an admin', async () => {
      const ngo = await t.given.user('ngo_staff', { organizationId: best.id });
      for (const u of [ngo, admin]) {
        const res = await matches(u, jobCase.id);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    });

    it('should answer 400 when caseId is missing, malformed or comes with other parameters', async () => {
      for (const query of [{}, { caseId: 'nope' }, { caseId: jobCase.id, oblast: 'osh' }]) {
        const res = await t.http.get('/api/referrals/matches').query(query).set(bearer(cw));
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });
});
