import { randomBytes } from 'node:crypto';
import { bearer, type TestApp } from '../support/test-app';
import type { Ctx, Expectation, Fixtures, HttpReq, MatrixRole, Row, Scope } from './authz-matrix';

// The programme and assistance rows of the authorisation matrix (issue 19), spread into MATRIX in authz-matrix.ts, and
// their fixtures. Only types come from there, so the two files load in either order.
//
// Programmes: admins manage them; office staff read the active ones (the foreign programme is inactive: 404); donors
// read those granted to them (own granted, foreign not: 404). Assistance items: office staff of the returnee's office;
// admins read all and give the second approval; NGO staff and donors never.

const anon401 = { anonymous: 401 } as const;
const adminOnly = (ok: number): Expectation => ({ admin: ok, supervisor: 403, caseworker: 403, ngo_staff: 403, donor: 403, ...anon401 });
const programmeList: Expectation = { admin: 200, supervisor: 200, caseworker: 200, ngo_staff: 403, donor: 200, ...anon401 };
const programmeRead: Expectation = { admin: 200, supervisor: [200, 404], caseworker: [200, 404], ngo_staff: 403, donor: [200, 404], ...anon401 };
const officeList: Expectation = { admin: 200, supervisor: 200, caseworker: 200, ngo_staff: 403, donor: 403, ...anon401 };
const officeRead = (ok: number): Expectation => ({ admin: ok, supervisor: [ok, 404], caseworker: [ok, 404], ngo_staff: 403, donor: 403, ...anon401 });
const officeWork = (ok: number): Expectation => ({ admin: 403, supervisor: [ok, 404], caseworker: [ok, 404], ngo_staff: 403, donor: 403, ...anon401 });
// approve and reject: the office supervisor (404 outside the office), or an admin (any office)
const decision = (ok: number): Expectation => ({ admin: ok, supervisor: [ok, 404], caseworker: 403, ngo_staff: 403, donor: 403, ...anon401 });

const THRESHOLD = 1_000_000;
const day = (n: number) => new Date(Date.now() + 6 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const post = (path: string, body: unknown = {}): HttpReq => ({ method: 'POST', path, body });

// A programme straight in SQL with one business_grant line of a budget no cell exhausts.
async function programme(t: TestApp, fx: Fixtures, active: boolean): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO programme (name, funder, currency, starts_on, ends_on, assistance_types, approval_threshold_minor, active, created_by)
     VALUES ($1, 'Фонд матрицы', 'KGS', $2, $3, '{business_grant}', $4, $5, $6) RETURNING id`,
    [`Программа ${randomBytes(3).toString('hex')}`, day(-30), day(365), THRESHOLD, active, fx.users.admin.id],
  );
  await t.db.query(`INSERT INTO budget_line (programme_id, assistance_type, amount_minor) VALUES ($1, 'business_grant', 1000000000000)`, [rows[0].id]);
  return rows[0].id;
}

// partly_disbursed: a first tranche of half the amount paid, the rest still committed
type ItemState = 'proposed' | 'first_approved' | 'approved' | 'disbursed' | 'partly_disbursed';

// An item on the scope's returnee, proposed by the office's caseworker, taken to `state` straight in SQL (with the
// ledger entries the API would have written).
async function item(t: TestApp, fx: Fixtures, scope: Scope, state: ItemState): Promise<string> {
  const cw = scope === 'own' ? fx.users.caseworker : fx.others.caseworker;
  const sup = scope === 'own' ? fx.users.supervisor : fx.others.supervisor;
  const amount = state === 'first_approved' ? 2 * THRESHOLD : 100_000;
  const line = (await t.db.query(`SELECT id FROM budget_line WHERE programme_id = $1`, [fx.programme.own])).rows[0].id;
  const status = state === 'first_approved' ? 'proposed' : state === 'partly_disbursed' ? 'disbursed' : state;
  const disbursed = status === 'disbursed';
  const paid = state === 'partly_disbursed' ? amount / 2 : amount;
  const { rows } = await t.db.query(
    `INSERT INTO assistance_item (returnee_id, office_id, programme_id, budget_line_id, type, amount_minor, currency, justification_enc, status,
       first_approved_by, first_approved_at, disbursed_on, disbursement_method, disbursed_minor, proposed_by)
     SELECT r.id, r.office_id, $2, $3, 'business_grant', $4, 'KGS', $11, $5, $6, CASE WHEN $6::uuid IS NULL THEN NULL ELSE now() END,
       $7::date, $8, $9::bigint, $10 FROM returnee r WHERE r.id = $1 RETURNING id`,
    [
      fx.returnee[scope],
      fx.programme.own,
      line,
      amount,
      status,
      state === 'proposed' ? null : sup.id,
      disbursed ? day(0) : null,
      disbursed ? 'cash' : null,
      disbursed ? paid : null,
      cw.id,
      // sealed as the API seals it (libs/assistance ASSISTANCE_TEXT_AAD)
      t.given.cipher.encrypt('Мастерская', 'assistance_item.justification'),
    ],
  );
  const id = rows[0].id as string;
  const kinds = state === 'approved' ? ['commit'] : disbursed ? ['commit', 'disburse'] : [];
  for (const kind of kinds) {
    await t.db.query(
      `INSERT INTO ledger_entry (programme_id, budget_line_id, assistance_item_id, kind, amount_minor, actor_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [fx.programme.own, line, id, kind, kind === 'disburse' ? paid : amount, sup.id],
    );
  }
  return id;
}

type MatchingState = 'proposed' | 'disbursed';
const matchingPairs = new WeakMap<Fixtures, { own: string; foreign: string }>();
const staffOf = (fx: Fixtures, scope: Scope) => (scope === 'own' ? fx.users : fx.others);

// A 1+1 application on the scope's returnee and case, proposed by the office's caseworker, straight in SQL. `disbursed`:
// the supervisor's approval in SQL, then the admin's approval and the first tranche through the API (which make the
// grant, commit it, pay it and schedule the survival follow-ups).
async function matching(t: TestApp, fx: Fixtures, scope: Scope, state: MatchingState): Promise<string> {
  const staff = staffOf(fx, scope);
  const line = (await t.db.query(`SELECT id FROM budget_line WHERE programme_id = $1`, [fx.programme.own])).rows[0].id;
  const { rows } = await t.db.query(
    `INSERT INTO matching_application (returnee_id, office_id, programme_id, budget_line_id, case_id, currency, sector, oblast, district, description,
       total_cost_minor, expected_monthly_income_minor, jobs_for_others, own_contribution_minor, match_ratio_percent, matched_minor, proposed_by,
       supervisor_approved_by, supervisor_approved_at)
     SELECT r.id, r.office_id, $2, $3, $4, 'KGS', 'trade', 'chuy', 'Сокулук', 'Магазин', 500000, 100000, 1, 200000, 100, 200000, $5, $6,
       CASE WHEN $6::uuid IS NULL THEN NULL ELSE now() END FROM returnee r WHERE r.id = $1 RETURNING id`,
    [fx.returnee[scope], fx.programme.own, line, fx.caseFile[scope], staff.caseworker.id, state === 'disbursed' ? staff.supervisor.id : null],
  );
  const id = rows[0].id as string;
  if (state === 'proposed') return id;
  const approved = await t.http.post(`/api/matching-applications/${id}/approve`).set(bearer(fx.users.admin)).send({});
  if (approved.status !== 200) throw new Error(`matching approval: ${approved.status} ${JSON.stringify(approved.body)}`);
  const paid = await t.http
    .post(`/api/assistance/${approved.body.assistanceItemId}/disburse`)
    .set(bearer(staff.caseworker))
    .send({ disbursedOn: day(0), method: 'cash', amountMinor: 100_000 });
  if (paid.status !== 200) throw new Error(`tranche: ${paid.status} ${JSON.stringify(paid.body)}`);
  return id;
}

// own: active and granted to the donor; foreign: inactive and granted to no one. One proposed item per scope.
export async function buildAssistanceFixtures(t: TestApp, fx: Fixtures): Promise<void> {
  fx.programme = { own: await programme(t, fx, true), foreign: await programme(t, fx, false) };
  await t.db.query(`UPDATE programme SET match_ratio_percent = 100 WHERE id = $1`, [fx.programme.own]);
  await t.db.query(`INSERT INTO donor_programme (user_id, programme_id) VALUES ($1, $2)`, [fx.users.donor.id, fx.programme.own]);
  fx.assistance = { own: await item(t, fx, 'own', 'proposed'), foreign: await item(t, fx, 'foreign', 'proposed') };
  matchingPairs.set(fx, { own: await matching(t, fx, 'own', 'proposed'), foreign: await matching(t, fx, 'foreign', 'proposed') });
}
const matchingOf = (fx: Fixtures) => matchingPairs.get(fx) as { own: string; foreign: string };

const fresh = async ({ t, fx }: Ctx, scope: Scope, state: ItemState) => item(t, fx, scope, state);
const programmeBody = () => ({
  name: `Матрица ${randomBytes(3).toString('hex')}`,
  funder: 'Донор',
  currency: 'USD',
  startsOn: day(0),
  endsOn: day(100),
  assistanceTypes: ['transport'],
  lines: [{ assistanceType: 'transport', amountMinor: 500_000 }],
});

export const ASSISTANCE_ROWS: Row[] = [
  {
    route: 'GET /api/programmes',
    expect: programmeList,
    request: () => ({ method: 'GET', path: '/api/programmes', query: { range: '[0,499]' } }),
    list: { ownId: (fx) => fx.programme.own, foreignId: (fx) => fx.programme.foreign },
  },
  {
    route: 'GET /api/programmes/:id',
    expect: programmeRead,
    request: ({ fx }, _r, scope) => ({ method: 'GET', path: `/api/programmes/${fx.programme[scope]}` }),
  },
  { route: 'POST /api/programmes', expect: adminOnly(201), request: () => post('/api/programmes', programmeBody()) },
  {
    route: 'PUT /api/programmes/:id',
    expect: adminOnly(200),
    request: ({ fx }, _r, scope) => ({ method: 'PUT', path: `/api/programmes/${fx.programme[scope]}`, body: { funder: 'Фонд матрицы' } }),
  },
  {
    route: 'DELETE /api/programmes/:id',
    expect: adminOnly(200),
    request: async ({ t, fx }) => ({ method: 'DELETE', path: `/api/programmes/${await programme(t, fx, true)}` }),
  },
  {
    route: 'GET /api/assistance',
    expect: officeList,
    request: () => ({ method: 'GET', path: '/api/assistance', query: { range: '[0,499]' } }),
    list: { ownId: (fx) => fx.assistance.own, foreignId: (fx) => fx.assistance.foreign },
  },
  {
    route: 'GET /api/assistance/:id',
    expect: officeRead(200),
    request: ({ fx }, _r, scope) => ({ method: 'GET', path: `/api/assistance/${fx.assistance[scope]}` }),
  },
  {
    route: 'POST /api/assistance',
    expect: officeWork(201),
    request: ({ fx }, _r, scope) =>
      post('/api/assistance', {
        returneeId: fx.returnee[scope],
        programmeId: fx.programme.own,
        type: 'business_grant',
        amountMinor: 100_000,
        currency: 'KGS',
        justification: 'Мастерская',
      }),
  },
  // an admin gives the second approval of an item above the threshold the office supervisor approved first
  {
    route: 'POST /api/assistance/:id/approve',
    expect: decision(200),
    request: async (ctx, role: MatrixRole, scope) =>
      post(`/api/assistance/${await fresh(ctx, scope, role === 'admin' ? 'first_approved' : 'proposed')}/approve`),
  },
  {
    route: 'POST /api/assistance/:id/reject',
    expect: decision(200),
    request: async (ctx, _r, scope) => post(`/api/assistance/${await fresh(ctx, scope, 'proposed')}/reject`, { reason: 'Нет бизнес-плана' }),
  },
  {
    route: 'POST /api/assistance/:id/disburse',
    expect: officeWork(200),
    request: async (ctx, _r, scope) =>
      post(`/api/assistance/${await fresh(ctx, scope, 'approved')}/disburse`, { disbursedOn: day(0), method: 'mobile_wallet', reference: 'MW-1' }),
  },
  {
    route: 'POST /api/assistance/:id/verify',
    expect: officeWork(200),
    request: async (ctx, _r, scope) => post(`/api/assistance/${await fresh(ctx, scope, 'disbursed')}/verify`, { usedAsIntended: 'yes' }),
  },
  {
    route: 'POST /api/assistance/:id/reverse',
    expect: decision(200),
    request: async (ctx, _r, scope) => post(`/api/assistance/${await fresh(ctx, scope, 'disbursed')}/reverse`, { reason: 'Деньги вернулись' }),
  },
  // the unpaid rest of a partly paid item released: the office supervisor or an admin, as reversals
  {
    route: 'POST /api/assistance/:id/release',
    expect: decision(200),
    request: async (ctx, _r, scope) => post(`/api/assistance/${await fresh(ctx, scope, 'partly_disbursed')}/release`, { reason: 'Бизнес закрылся' }),
  },
  {
    route: 'POST /api/assistance/:id/cancel',
    expect: officeWork(200),
    request: async (ctx, _r, scope) => post(`/api/assistance/${await fresh(ctx, scope, 'proposed')}/cancel`, { reason: 'Уехал' }),
  },
  // 1+1 matching applications: office staff of the returnee's office; the committee is the office supervisor and an admin
  {
    route: 'GET /api/matching-applications',
    expect: officeList,
    request: () => ({ method: 'GET', path: '/api/matching-applications', query: { range: '[0,499]' } }),
    list: { ownId: (fx) => matchingOf(fx).own, foreignId: (fx) => matchingOf(fx).foreign },
  },
  {
    route: 'GET /api/matching-applications/:id',
    expect: officeRead(200),
    request: ({ fx }, _r, scope) => ({ method: 'GET', path: `/api/matching-applications/${matchingOf(fx)[scope]}` }),
  },
  {
    route: 'POST /api/matching-applications',
    expect: officeWork(201),
    request: ({ fx }, _r, scope) =>
      post('/api/matching-applications', {
        returneeId: fx.returnee[scope],
        programmeId: fx.programme.own,
        caseId: fx.caseFile[scope],
        currency: 'KGS',
        businessPlan: {
          sector: 'agriculture',
          oblast: 'naryn',
          district: 'Кочкорский район',
          description: 'Теплица',
          totalCostMinor: 800_000,
          expectedMonthlyIncomeMinor: 150_000,
          jobsForOthers: 1,
        },
        ownContributionMinor: 300_000,
      }),
  },
  {
    route: 'POST /api/matching-applications/:id/approve',
    expect: decision(200),
    request: async ({ t, fx }, _r, scope) => post(`/api/matching-applications/${await matching(t, fx, scope, 'proposed')}/approve`),
  },
  {
    route: 'POST /api/matching-applications/:id/reject',
    expect: decision(200),
    request: async ({ t, fx }, _r, scope) =>
      post(`/api/matching-applications/${await matching(t, fx, scope, 'proposed')}/reject`, { reason: 'Нет подтверждения вклада' }),
  },
  {
    route: 'POST /api/matching-applications/:id/survival-checks',
    expect: officeWork(201),
    request: async ({ t, fx }, _r, scope) =>
      post(`/api/matching-applications/${await matching(t, fx, scope, 'disbursed')}/survival-checks`, {
        milestone: '6m',
        checkedOn: day(0),
        businessStatus: 'operating',
        monthlyIncomeBand: '10k_30k',
        peopleEmployed: 2,
      }),
  },
];
