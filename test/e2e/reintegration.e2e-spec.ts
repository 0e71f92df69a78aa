import survey from '../../libs/reintegration/src/rss-survey.json';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

// One answer per question; the expected scores below are worked out by hand from these options' values and weights.
const ANSWERS = {
  income_source: 'regular_wage',
  debt: 'repaying',
  employment: 'part_time',
  housing: 'family_stable',
  documents: 'partly',
  health_care: 'always',
  children_education: 'no_children',
  wellbeing: 'often',
  belonging: 'partly',
  remigration_desire: 'undecided',
};

// The numbers the hand computation uses, read back from the data file so a changed file fails loudly here.
function fileValues() {
  const dims = Object.fromEntries(survey.dimensions.map((d) => [d.id, d]));
  const q = (id: string) => survey.dimensions.flatMap((d) => d.questions).find((x) => x.id === id)!;
  const pick = (id: keyof typeof ANSWERS) => {
    const question = q(id);
    return {
      weight: question.weight,
      value: question.options.find((o) => o.id === ANSWERS[id])!.value,
      reverse: 'reverse' in question && question.reverse === true,
    };
  };
  return {
    dimensionWeights: [dims.economic.weight, dims.social.weight, dims.psychosocial.weight],
    answers: Object.fromEntries(Object.keys(ANSWERS).map((k) => [k, pick(k as keyof typeof ANSWERS)])),
  };
}

describe('reintegration scores API', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;
  let returneeA: { id: string };
  let returneeA2: { id: string };
  let returneeB: { id: string };
  let caseA: { id: string };
  let followUpA: string;
  let followUpA2: string;

  const post = (u: GivenUser, body: Body) => t.http.post('/api/reintegration-scores').set(bearer(u)).send(body);
  const list = (u: GivenUser, filter: Body, extra = '') =>
    t.http.get(`/api/reintegration-scores?filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`).set(bearer(u));
  const insertFollowUp = async (c: { id: string }, returneeId: string, officeId: string, assigneeId: string) =>
    (
      await t.db.query(
        `INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, status, due_at) VALUES ($1,$2,$3,$4,'monitoring_6m','scheduled', now() + interval '1 day') RETURNING id`,
        [c.id, returneeId, officeId, assigneeId],
      )
    ).rows[0].id as string;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    officeA = await t.given.office();
    officeB = await t.given.office({ oblast: 'osh' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
    returneeA = await t.given.returnee({ officeId: officeA.id });
    returneeA2 = await t.given.returnee({ officeId: officeA.id });
    returneeB = await t.given.returnee({ officeId: officeB.id });
    caseA = await t.given.caseFile({ returneeId: returneeA.id, officeId: officeA.id, status: 'closed', assigneeId: cwA.id });
    const caseA2 = await t.given.caseFile({ returneeId: returneeA2.id, officeId: officeA.id, status: 'closed', assigneeId: cwA.id });
    followUpA = await insertFollowUp(caseA, returneeA.id, officeA.id, cwA.id);
    followUpA2 = await insertFollowUp(caseA2, returneeA2.id, officeA.id, cwA.id);
  });
  afterAll(() => t.close());

  describe('POST /api/reintegration-scores', () => {
    it('should store the scores the data file defines when a caseworker records a survey', async () => {
      // hand computation (weights × values of the chosen options, see fileValues):
      const v = fileValues();
      expect(v.dimensionWeights).toEqual([0.4, 0.3, 0.3]);
      expect(v.answers).toEqual({
        income_source: { weight: 2, value: 1, reverse: false },
        debt: { weight: 1, value: 0.5, reverse: false },
        employment: { weight: 2, value: 0.6, reverse: false },
        housing: { weight: 2, value: 0.75, reverse: false },
        documents: { weight: 1, value: 0.5, reverse: false },
        health_care: { weight: 1, value: 1, reverse: false },
        children_education: { weight: 1, value: null, reverse: false },
        wellbeing: { weight: 2, value: 0.75, reverse: false },
        belonging: { weight: 1, value: 0.5, reverse: false },
        remigration_desire: { weight: 2, value: 0.5, reverse: true },
      });
      // economic (2·1 + 1·0.5 + 2·0.6) / 5 = 0.74; social (2·0.75 + 1·0.5 + 1·1) / 4 = 0.75 (children: does not apply);
      // psychosocial (2·0.75 + 1·0.5 + 2·(1 − 0.5)) / 5 = 0.6; overall 0.4·0.74 + 0.3·0.75 + 0.3·0.6 = 0.701
      const res = await post(cwA, { returneeId: returneeA.id, occasion: 'intake', answers: ANSWERS });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        returneeId: returneeA.id,
        occasion: 'intake',
        economic: 0.74,
        social: 0.75,
        psychosocial: 0.6,
        overall: 0.701,
        surveyVersion: survey.version,
        recordedBy: cwA.id,
        caseId: null,
        followUpId: null,
      });
      const { rows } = await t.db.query(
        `SELECT economic::text, social::text, psychosocial::text, overall::text, answers, recorded_by FROM reintegration_score WHERE id = $1`,
        [res.body.id],
      );
      expect(rows[0]).toEqual({ economic: '0.740', social: '0.750', psychosocial: '0.600', overall: '0.701', answers: ANSWERS, recorded_by: cwA.id });
    });

    it('should link the follow-up and its case when the survey is taken at a monitoring follow-up', async () => {
      // the re-migration wish reversed: preparing (1) scores 0 → psychosocial (1.5 + 0.5 + 0) / 5 = 0.4;
      // children all attend (1) → social (1.5 + 0.5 + 1 + 1) / 5 = 0.8; overall 0.296 + 0.24 + 0.12 = 0.656
      const res = await post(supA, {
        returneeId: returneeA.id,
        occasion: 'monitoring_6m',
        followUpId: followUpA,
        answers: { ...ANSWERS, children_education: 'all_attend', remigration_desire: 'preparing' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ followUpId: followUpA, caseId: caseA.id, social: 0.8, psychosocial: 0.4, overall: 0.656 });
    });

    it('should answer 400 naming each field when a question is unknown, an option is unknown or an answer is missing', async () => {
      const before = await t.given.count('reintegration_score');
      const { debt: _missing, ...rest } = ANSWERS;
      const res = await post(cwA, { returneeId: returneeA.id, occasion: 'intake', answers: { ...rest, income_source: 'lottery', shoe_size: 'big' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors).sort()).toEqual(['answers.debt', 'answers.income_source', 'answers.shoe_size']);
      expect(res.body.errors['answers.debt']).toBe('is required');
      expect(await t.given.count('reintegration_score')).toBe(before);
    });

    it('should answer 400 when the occasion is not one of the survey occasions or answers is not an object', async () => {
      const bad = await post(cwA, { returneeId: returneeA.id, occasion: 'whenever', answers: ANSWERS });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toHaveProperty('occasion');
      const notObject = await post(cwA, { returneeId: returneeA.id, occasion: 'intake', answers: 'all good' });
      expect(notObject.status).toBe(400);
      expect(notObject.body.errors).toHaveProperty('answers');
    });

    it('should answer 422 when the follow-up belongs to another returnee', async () => {
      const res = await post(cwA, { returneeId: returneeA.id, occasion: 'monitoring_6m', followUpId: followUpA2, answers: ANSWERS });
      expect(res.status).toBe(422);
      expect(res.body.errors).toHaveProperty('followUpId');
    });

    it('should answer 404 and store nothing when the returnee belongs to another office', async () => {
      const before = await t.given.count('reintegration_score');
      const res = await post(cwB, { returneeId: returneeA.id, occasion: 'intake', answers: ANSWERS });
      expect(res.status).toBe(404);
      expect(await t.given.count('reintegration_score')).toBe(before);
    });

    it('should answer 403 when an admin or NGO staff records a survey', async () => {
      expect((await post(admin, { returneeId: returneeA.id, occasion: 'intake', answers: ANSWERS })).status).toBe(403);
      expect((await post(ngo, { returneeId: returneeA.id, occasion: 'intake', answers: ANSWERS })).status).toBe(403);
    });

    it('should write a create audit entry when a survey is recorded', async () => {
      const res = await post(cwA, { returneeId: returneeA2.id, occasion: 'intake', answers: ANSWERS });
      expect(res.status).toBe(201);
      const { rows } = await t.db.query(`SELECT actor_id, diff FROM audit_log WHERE action = 'create' AND entity = 'reintegration_score' AND entity_id = $1`, [
        res.body.id,
      ]);
      expect(rows).toEqual([{ actor_id: cwA.id, diff: { returneeId: returneeA2.id, occasion: 'intake', overall: 0.701 } }]);
    });
  });

  describe('GET /api/reintegration-scores', () => {
    it("should list a returnee's history oldest first with a Content-Range when sorted by recordedAt", async () => {
      const res = await list(supA, { returneeId: returneeA.id }, `&sort=${encodeURIComponent('["recordedAt","ASC"]')}`);
      expect(res.status).toBe(200);
      expect(res.body.map((s: Body) => s.occasion)).toEqual(['intake', 'monitoring_6m']);
      expect(res.body.map((s: Body) => s.overall)).toEqual([0.701, 0.656]);
      expect(res.headers['content-range']).toBe('reintegration-scores 0-1/2');
    });

    it('should let an admin read any office and audit the read with the ids returned', async () => {
      const res = await list(admin, { returneeId: returneeA.id });
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(2);
      const { rows } = await t.db.query(
        `SELECT diff FROM audit_log WHERE action = 'read' AND entity = 'reintegration_score' AND actor_id = $1 ORDER BY id DESC LIMIT 1`,
        [admin.id],
      );
      expect(rows[0].diff).toEqual({ returneeId: returneeA.id, ids: res.body.map((s: Body) => s.id), total: 2 });
    });

    it('should answer 400 when no returneeId filter is given', async () => {
      const res = await t.http.get('/api/reintegration-scores').set(bearer(cwA));
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty(['filter.returneeId']);
    });

    it('should answer 404 when the returnee belongs to another office', async () => {
      expect((await list(cwB, { returneeId: returneeA.id })).status).toBe(404);
    });

    it('should answer 403 for NGO staff on every route', async () => {
      expect((await list(ngo, { returneeId: returneeA.id })).status).toBe(403);
      expect((await t.http.get('/api/reintegration-scores/survey').set(bearer(ngo))).status).toBe(403);
    });
  });

  describe('GET /api/reintegration-scores/:id', () => {
    it('should return the score and audit the read when it is in scope', async () => {
      const created = await post(cwA, { returneeId: returneeA2.id, occasion: 'monitoring_1m', answers: { ...ANSWERS, debt: 'no_debt' } });
      const res = await t.http.get(`/api/reintegration-scores/${created.body.id}`).set(bearer(supA));
      expect(res.status).toBe(200);
      // economic (2 + 1 + 1.2) / 5 = 0.84
      expect(res.body).toMatchObject({ id: created.body.id, economic: 0.84, answers: { ...ANSWERS, debt: 'no_debt' } });
      const { rows } = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'read' AND entity = 'reintegration_score' AND entity_id = $1`, [
        created.body.id,
      ]);
      expect(rows).toEqual([{ actor_id: supA.id }]);
    });

    it('should answer 404 when the score belongs to another office or does not exist', async () => {
      const created = await post(cwA, { returneeId: returneeA.id, occasion: 'other', answers: ANSWERS });
      expect((await t.http.get(`/api/reintegration-scores/${created.body.id}`).set(bearer(cwB))).status).toBe(404);
      expect((await t.http.get('/api/reintegration-scores/00000000-0000-4000-8000-000000000000').set(bearer(cwA))).status).toBe(404);
      expect(await t.given.count(`audit_log WHERE action = 'read' AND entity = 'reintegration_score' AND entity_id = '${created.body.id}'`)).toBe(0);
    });
  });

  describe('GET /api/reintegration-scores/survey', () => {
    it('should serve the data file with texts in ru, ky and en when staff open the form', async () => {
      const res = await t.http.get('/api/reintegration-scores/survey').set(bearer(cwB));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(survey);
      expect(res.body.dimensions.map((d: Body) => d.id)).toEqual(['economic', 'social', 'psychosocial']);
    });
  });

  it('should keep office B out of office A scores even for its own returnee list', async () => {
    const res = await post(cwB, { returneeId: returneeB.id, occasion: 'intake', answers: ANSWERS });
    expect(res.status).toBe(201);
    expect((await list(cwB, { returneeId: returneeB.id })).body).toHaveLength(1);
    expect((await list(cwA, { returneeId: returneeB.id })).status).toBe(404);
  });
});
