import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { bearer, Given, GivenUser, TestApp } from '../support/test-app';
import { ASSISTANCE_ROWS, buildAssistanceFixtures } from './authz-matrix-assistance';
import { ASSISTANCE_REPORT_ROWS } from './authz-matrix-assistance-reports';
import { MATRIX_TELEGRAM_ENV, TELEGRAM_ROWS } from './authz-matrix-telegram';
import { MESSAGES_ROWS } from './authz-matrix-messages';
import { OUTREACH_ROWS } from './authz-matrix-outreach';

// THE authorisation matrix: every route the API registers × every role × own/foreign record → the exact status.
// authz-matrix.e2e-spec.ts runs one cell per entry and fails for any registered route without a row here (and for any
// row whose route is gone); fuzz.e2e-spec.ts fuzzes every write route and list of this table.
//
// "own" is a record of office A (staff) or organisation 1 (NGO staff), where the signed-in users of each role work;
// "foreign" one of office B / organisation 2. Admins have no office: both are theirs. For routes without a record,
// "foreign" means asking for office B's / organisation 2's data through the route's own parameter or filter.

export const ROLES = ['admin', 'supervisor', 'caseworker', 'ngo_staff', 'donor', 'anonymous'] as const;
export type MatrixRole = (typeof ROLES)[number];
export type StaffRole = Exclude<MatrixRole, 'anonymous'>;
export const SCOPES = ['own', 'foreign'] as const;
export type Scope = (typeof SCOPES)[number];

// a number: the same status for own and foreign; a pair: [own, foreign]
export type Cell = number | readonly [number, number];
// A donor (issue 19) sees its programmes' aggregates and never a person: a row without a donor cell expects 403 where a
// signed-in caller is needed, and what an anonymous caller gets on a public route.
export type Expectation = Record<Exclude<MatrixRole, 'donor'>, Cell> & { donor?: Cell };
export const expected = (e: Expectation, role: MatrixRole, scope: Scope): number => {
  const c = role === 'donor' ? (e.donor ?? (e.anonymous === 401 ? 403 : e.anonymous)) : e[role];
  return typeof c === 'number' ? c : c[scope === 'own' ? 0 : 1];
};

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type HttpReq = {
  method: Method;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  // multipart upload (imports)
  multipart?: { fields: Record<string, string>; file: { name: string; content: string } };
  // extra request headers (Telegram's secret-token header on its webhook)
  headers?: Record<string, string>;
};

type Pair = { own: string; foreign: string };
export type Fixtures = {
  officeA: { id: string };
  officeB: { id: string };
  org1: { id: string };
  org2: { id: string };
  users: Record<StaffRole, GivenUser>;
  // the same roles in office B / organisation 2
  others: { supervisor: GivenUser; caseworker: GivenUser; ngo_staff: GivenUser };
  returnee: Pair;
  caseFile: Pair;
  followUp: Pair;
  consent: Pair;
  referral: Pair;
  importJob: Pair;
  score: Pair;
  assessment: Pair;
  householdMember: Pair;
  // an approved plan whose action is the referral of fx.referral (own: organisation 1, foreign: organisation 2)
  plan: Pair;
  // own: an active programme granted to the donor; foreign: an inactive one granted to no one (authz-matrix-assistance.ts)
  programme: Pair;
  // a proposed assistance item on fx.returnee
  assistance: Pair;
  // one notification per signed-in user (own) and one of office B's caseworker (foreign to everyone here)
  notificationOf: Record<string, string>;
  // the id of an audit row (the login) of each signed-in user
  auditOf: Record<string, string>;
};

export type Ctx = { t: TestApp; fx: Fixtures; make: Factories };

// For list routes: the own cell must contain `ownId`; the foreign cell must not show `foreignId` to anyone but an
// admin (who must see it), and with `foreignQuery` (a filter naming the foreign office/organisation/record) the page
// must be empty with a total of 0 — totals never count what the caller may not see.
export type ListCheck = {
  // a shared directory: every role sees every entry (the foreign one included)
  shared?: boolean;
  // admins see only their own too (notifications)
  adminOwnOnly?: boolean;
  ownId?: (fx: Fixtures, role: StaffRole) => string;
  foreignId: (fx: Fixtures, role: StaffRole) => string;
  foreignQuery?: (fx: Fixtures) => Record<string, string>;
};

export type Row = {
  // METHOD + path pattern as registered (Nest's path, or USE <mount> for a mounted app/static folder)
  route: string;
  variant?: string;
  expect: Expectation;
  request: (ctx: Ctx, role: MatrixRole, scope: Scope) => HttpReq | Promise<HttpReq>;
  list?: ListCheck;
  // what a 2xx answer carries (json by default)
  produces?: 'json' | 'csv' | 'xlsx' | 'pdf' | 'html' | 'text' | 'none';
};

// ---------- common expectations ----------
const anon401 = { anonymous: 401 } as const;
// anyone, signed in or not
const publicRoute = (ok: number): Expectation => ({ admin: ok, supervisor: ok, caseworker: ok, ngo_staff: ok, donor: ok, anonymous: ok });
// every signed-in role, no record scope
const signedIn = (ok: number): Expectation => ({ admin: ok, supervisor: ok, caseworker: ok, ngo_staff: ok, donor: ok, ...anon401 });
const adminOnly = (ok: number): Expectation => ({ admin: ok, supervisor: 403, caseworker: 403, ngo_staff: 403, ...anon401 });
// office records: admin reads everything, office staff their office (foreign: 404, existence not leaked), NGO staff 403
const officeRead = (ok = 200): Expectation => ({ admin: ok, supervisor: [ok, 404], caseworker: [ok, 404], ngo_staff: 403, ...anon401 });
// office case work: staff of the office; admins do no case work (403); NGO staff 403
const officeWork = (ok: number): Expectation => ({ admin: 403, supervisor: [ok, 404], caseworker: [ok, 404], ngo_staff: 403, ...anon401 });
// like officeWork, admins too (returnee registry, consents, imports)
const officeWorkWithAdmin = (ok: number): Expectation => ({ admin: ok, supervisor: [ok, 404], caseworker: [ok, 404], ngo_staff: 403, ...anon401 });
// lists of office records: everyone but NGO staff gets 200 (the body is checked by ListCheck)
const officeList: Expectation = { admin: 200, supervisor: 200, caseworker: 200, ngo_staff: 403, ...anon401 };

// ---------- request helpers ----------
const get = (path: string, query?: Record<string, string>): HttpReq => ({ method: 'GET', path, ...(query ? { query } : {}) });
const json = (v: unknown) => JSON.stringify(v);
const pick = (p: Pair, scope: Scope) => p[scope];
const staffOf = (fx: Fixtures, role: MatrixRole): GivenUser => (role === 'anonymous' ? fx.users.caseworker : fx.users[role]);
const officeOf = (fx: Fixtures, scope: Scope) => (scope === 'own' ? fx.officeA.id : fx.officeB.id);
// the assignee of a fresh own case: the caseworker of office A; foreign: office B's
const caseworkerOf = (fx: Fixtures, scope: Scope) => (scope === 'own' ? fx.users.caseworker : fx.others.caseworker);
const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const tag = () => randomBytes(4).toString('hex');

// a note as the API writes it (sealed text, search tokens), by its author on a returnee of the author's office
const noteBody = () => ({
  kind: 'counselling',
  date: new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10),
  durationMinutes: 40,
  text: 'Беседа о работе',
});
async function noteBy(t: TestApp, author: GivenUser, returneeId: string): Promise<string> {
  const res = await t.http.post(`/api/returnees/${returneeId}/notes`).set(bearer(author)).send(noteBody());
  if (res.status !== 201) throw new Error(`note not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const planDay = (days: number) => new Date(Date.now() + 6 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const planGoal = (referralId?: string) => ({
  dimension: 'economic',
  text: 'Найти работу',
  targetDate: planDay(90),
  actions: referralId ? [{ kind: 'referral', refId: referralId }] : [],
});

export const SURVEY_ANSWERS = {
  income_source: 'regular_wage',
  debt: 'no_debt',
  employment: 'full_time',
  housing: 'own_home',
  documents: 'all_valid',
  health_care: 'always',
  children_education: 'all_attend',
  wellbeing: 'always',
  belonging: 'fully',
  remigration_desire: 'no_wish',
};

// one answer per question of the current needs-assessment form (na-kg-2)
export const NEEDS_ANSWERS = {
  income: 'mostly',
  employment: 'casual',
  skills: 'uncertified',
  debt: 'repaying',
  housing: 'family_stable',
  documents: 'all_valid',
  health_access: 'sometimes',
  children_school: 'all_attend',
  justice: 'does_not_know',
  wellbeing: 'often',
  family_ties: 'supportive',
  community: 'partly',
  stress: 'sometimes',
};

let pinSerial = 10000 + Math.floor(Math.random() * 80000);
export const returneeBody = (officeId?: string) => ({
  pin: `214031991${String(++pinSerial % 100000).padStart(5, '0')}`,
  lastName: 'Жээнбеков',
  firstName: 'Айбек',
  sex: 'male',
  birthDate: '1991-03-14',
  oblast: 'bishkek',
  district: 'Ленинский',
  episodes: [
    {
      country: 'RU',
      city: 'Москва',
      departedOn: '2019-03-01',
      returnedOn: '2025-06-30',
      sector: 'construction',
      employmentFormal: false,
      returnReason: 'end_of_contract',
    },
  ],
  ...(officeId ? { officeId } : {}),
});

const csvFile = () => ({
  name: 'matrix.csv',
  content:
    'last_name,first_name,sex,birth_date,oblast,district,country,departed_on,returned_on,sector,return_reason\n' +
    `Асанов,Бакыт,male,1990-01-02,bishkek,Ленинский,RU,2019-01-01,2025-01-01,construction,end_of_contract\n`,
});

// ---------- documents ----------
// a document's reads: admins all, office staff their office's, NGO staff none of these (nothing shared with them)
const documentRead: Expectation = { admin: 200, supervisor: [200, 404], caseworker: [200, 404], ngo_staff: 404, ...anon401 };
const pdfFile = () => ({ name: 'scan.pdf', content: `%PDF-1.4\n% ${tag()} ${tag()}\n%%EOF\n` });
// a fresh PDF on a fresh returnee of the scope's office, uploaded by that office's caseworker
async function documentIn(t: TestApp, fx: Fixtures, scope: Scope): Promise<string> {
  const returneeId = (await t.given.returnee({ officeId: officeOf(fx, scope) })).id;
  const f = pdfFile();
  const res = await t.http
    .post('/api/documents')
    .set(bearer(caseworkerOf(fx, scope)))
    .field('returneeId', returneeId)
    .field('type', 'passport')
    .field('title', 'Паспорт')
    .attach('file', Buffer.from(f.content, 'utf8'), f.name);
  if (res.status !== 201) throw new Error(`document not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
// one own and one foreign document for the list rows (made on first use, then known synchronously)
const documentPairNow = new WeakMap<Fixtures, { own: string; foreign: string; foreignReturnee: string }>();
async function documentPair(t: TestApp, fx: Fixtures): Promise<{ own: string; foreign: string; foreignReturnee: string }> {
  const known = documentPairNow.get(fx);
  if (known) return known;
  const own = await documentIn(t, fx, 'own');
  const foreign = await documentIn(t, fx, 'foreign');
  const { rows } = await t.db.query(`SELECT returnee_id FROM document WHERE id = $1`, [foreign]);
  const pair = { own, foreign, foreignReturnee: rows[0].returnee_id as string };
  documentPairNow.set(fx, pair);
  return pair;
}

// ---------- the table ----------
export const MATRIX: Row[] = [
  // health, docs and the queue board
  { route: 'GET /api/health', expect: publicRoute(200), request: () => get('/api/health') },
  { route: 'GET /api/health/live', expect: publicRoute(200), request: () => get('/api/health/live') },
  { route: 'GET /api/health/ready', expect: publicRoute(200), request: () => get('/api/health/ready') },
  { route: 'GET /api/docs', expect: publicRoute(200), produces: 'html', request: () => get('/api/docs') },
  { route: 'GET /api/docs/', expect: publicRoute(200), produces: 'html', request: () => get('/api/docs/') },
  { route: 'GET /api/docs/index.html', expect: publicRoute(200), produces: 'html', request: () => get('/api/docs/index.html') },
  { route: 'GET /api/docs/swagger-ui-init.js', expect: publicRoute(200), produces: 'text', request: () => get('/api/docs/swagger-ui-init.js') },
  { route: 'GET /api/docs/docs/swagger-ui-init.js', expect: publicRoute(200), produces: 'text', request: () => get('/api/docs/docs/swagger-ui-init.js') },
  // registered by @nestjs/swagger, but the file is not shipped: the same 404 for everyone
  { route: 'GET /api/docs/LICENSE', expect: publicRoute(404), request: () => get('/api/docs/LICENSE') },
  { route: 'GET /api/docs-json', expect: publicRoute(200), request: () => get('/api/docs-json') },
  { route: 'GET /api/docs-yaml', expect: publicRoute(200), produces: 'text', request: () => get('/api/docs-yaml') },
  { route: 'USE /api/docs', variant: 'Swagger UI assets', expect: publicRoute(200), produces: 'text', request: () => get('/api/docs/swagger-ui.css') },
  {
    route: 'USE /api/docs/docs',
    variant: 'Swagger UI assets',
    expect: publicRoute(200),
    produces: 'text',
    request: () => get('/api/docs/docs/swagger-ui-bundle.js'),
  },
  { route: 'USE /admin/queues', variant: 'the board page', expect: adminOnly(200), produces: 'html', request: () => get('/admin/queues') },
  { route: 'USE /admin/queues', variant: 'the board API', expect: adminOnly(200), request: () => get('/admin/queues/api/queues') },
  {
    route: 'POST /api/admin/queue-board-session',
    expect: adminOnly(204),
    produces: 'none',
    request: () => ({ method: 'POST', path: '/api/admin/queue-board-session' }),
  },

  // Nest's answer for any other path under /api: 404 in the error envelope, signed in or not
  { route: 'ALL /api*path', variant: 'an unknown path', expect: publicRoute(404), request: () => get('/api/no-such-route') },

  // audit log (admin only; list, one row, chain verification)
  {
    route: 'GET /api/audit-logs',
    expect: adminOnly(200),
    request: ({ fx }, _r, scope) => get('/api/audit-logs', { filter: json({ actorId: scope === 'own' ? fx.users.caseworker.id : fx.others.caseworker.id }) }),
    list: { ownId: (fx) => fx.auditOf[fx.users.caseworker.id], foreignId: (fx) => fx.auditOf[fx.others.caseworker.id] },
  },
  {
    route: 'GET /api/audit-logs/:id',
    expect: adminOnly(200),
    request: ({ fx }, _r, scope) => get(`/api/audit-logs/${fx.auditOf[scope === 'own' ? fx.users.caseworker.id : fx.others.caseworker.id]}`),
  },
  { route: 'GET /api/audit/verify', expect: adminOnly(200), request: () => get('/api/audit/verify') },

  // auth: public, except /me
  {
    route: 'POST /api/auth/login',
    expect: publicRoute(200),
    request: async ({ make }) => ({ method: 'POST', path: '/api/auth/login', body: await make.credentials() }),
  },
  {
    route: 'POST /api/auth/refresh',
    expect: publicRoute(200),
    request: async ({ make }) => ({ method: 'POST', path: '/api/auth/refresh', body: { refreshToken: await make.refreshToken() } }),
  },
  {
    route: 'POST /api/auth/logout',
    expect: publicRoute(204),
    produces: 'none',
    request: async ({ make }) => ({ method: 'POST', path: '/api/auth/logout', body: { refreshToken: await make.refreshToken() } }),
  },
  { route: 'GET /api/auth/me', expect: signedIn(200), request: () => get('/api/auth/me') },

  // users: admins manage; office staff see their office's users, NGO staff themselves
  {
    route: 'GET /api/users',
    expect: signedIn(200),
    request: ({ fx }, _r, scope) => get('/api/users', scope === 'foreign' ? { filter: json({ officeId: fx.officeB.id }) } : { range: '[0,499]' }),
    list: {
      ownId: (fx, role) => (role === 'ngo_staff' || role === 'donor' ? fx.users[role].id : fx.users.caseworker.id),
      foreignId: (fx) => fx.others.caseworker.id,
      foreignQuery: (fx) => ({ filter: json({ officeId: fx.officeB.id }) }),
    },
  },
  {
    route: 'GET /api/users/:id',
    expect: { admin: 200, supervisor: [200, 404], caseworker: [200, 404], ngo_staff: [200, 404], donor: 404, ...anon401 },
    request: ({ fx }, role, scope) =>
      get(
        `/api/users/${role === 'ngo_staff' ? (scope === 'own' ? fx.users.ngo_staff.id : fx.others.ngo_staff.id) : scope === 'own' ? fx.users.caseworker.id : fx.others.caseworker.id}`,
      ),
  },
  {
    route: 'POST /api/users',
    expect: adminOnly(201),
    request: ({ fx }, _r, scope) => ({
      method: 'POST',
      path: '/api/users',
      body: {
        email: `matrix.${tag()}@kaytuu.test`,
        fullName: 'Матрица Тест',
        role: 'caseworker',
        officeId: officeOf(fx, scope),
        locale: 'ru',
        password: 'Tash-Kumyr river 2026!',
      },
    }),
  },
  {
    route: 'PUT /api/users/:id',
    expect: adminOnly(200),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'PUT',
      path: `/api/users/${await make.user(officeOf(fx, scope))}`,
      body: { fullName: 'Переименован Тест' },
    }),
  },
  {
    route: 'DELETE /api/users/:id',
    expect: adminOnly(200),
    request: async ({ fx, make }, _r, scope) => ({ method: 'DELETE', path: `/api/users/${await make.user(officeOf(fx, scope))}` }),
  },

  // directory: every signed-in role reads it; admins manage it
  {
    route: 'GET /api/offices',
    expect: signedIn(200),
    request: () => get('/api/offices'),
    list: { shared: true, ownId: (fx) => fx.officeA.id, foreignId: (fx) => fx.officeB.id },
  },
  { route: 'GET /api/offices/:id', expect: signedIn(200), request: ({ fx }, _r, scope) => get(`/api/offices/${officeOf(fx, scope)}`) },
  {
    route: 'POST /api/offices',
    expect: adminOnly(201),
    request: () => ({ method: 'POST', path: '/api/offices', body: { name: `Офис ${tag()}`, oblast: 'naryn', district: 'Кочкорский' } }),
  },
  {
    route: 'PUT /api/offices/:id',
    expect: adminOnly(200),
    request: async ({ make }) => ({ method: 'PUT', path: `/api/offices/${await make.office()}`, body: { district: 'Ат-Башинский' } }),
  },
  {
    route: 'DELETE /api/offices/:id',
    expect: adminOnly(200),
    request: async ({ make }) => ({ method: 'DELETE', path: `/api/offices/${await make.office()}` }),
  },
  {
    route: 'GET /api/organizations',
    expect: signedIn(200),
    request: () => get('/api/organizations'),
    list: { shared: true, ownId: (fx) => fx.org1.id, foreignId: (fx) => fx.org2.id },
  },
  {
    route: 'GET /api/organizations/:id',
    expect: signedIn(200),
    request: ({ fx }, _r, scope) => get(`/api/organizations/${scope === 'own' ? fx.org1.id : fx.org2.id}`),
  },
  {
    route: 'POST /api/organizations',
    expect: adminOnly(201),
    request: () => ({
      method: 'POST',
      path: '/api/organizations',
      body: { name: `НКО ${tag()}`, kind: 'ngo', services: ['legal_aid'], oblasts: ['osh'], contactEmail: 'matrix@example.kg' },
    }),
  },
  {
    route: 'PUT /api/organizations/:id',
    expect: adminOnly(200),
    request: async ({ make }) => ({ method: 'PUT', path: `/api/organizations/${await make.organization()}`, body: { notes: 'Матрица' } }),
  },
  {
    route: 'DELETE /api/organizations/:id',
    expect: adminOnly(200),
    request: async ({ make }) => ({ method: 'DELETE', path: `/api/organizations/${await make.organization()}` }),
  },

  // returnees
  {
    route: 'GET /api/returnees',
    expect: officeList,
    request: ({ fx }, _r, scope) => get('/api/returnees', scope === 'foreign' ? { filter: json({ officeId: fx.officeB.id }) } : undefined),
    list: { ownId: (fx) => fx.returnee.own, foreignId: (fx) => fx.returnee.foreign, foreignQuery: (fx) => ({ filter: json({ officeId: fx.officeB.id }) }) },
  },
  { route: 'GET /api/returnees/:id', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/returnees/${pick(fx.returnee, scope)}`) },
  // registering into another office: office staff may not (403 names the rule; the office itself is public)
  {
    route: 'POST /api/returnees',
    expect: { admin: 201, supervisor: [201, 403], caseworker: [201, 403], ngo_staff: 403, ...anon401 },
    request: ({ fx }, _r, scope) => ({ method: 'POST', path: '/api/returnees', body: returneeBody(officeOf(fx, scope)) }),
  },
  {
    route: 'PUT /api/returnees/:id',
    expect: officeWorkWithAdmin(200),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'PUT',
      path: `/api/returnees/${await make.returnee(officeOf(fx, scope))}`,
      body: { version: 1, district: 'Октябрьский' },
    }),
  },
  {
    route: 'DELETE /api/returnees/:id',
    expect: adminOnly(200),
    request: async ({ fx, make }, _r, scope) => ({ method: 'DELETE', path: `/api/returnees/${await make.returnee(officeOf(fx, scope))}` }),
  },
  {
    route: 'GET /api/returnees/:id/cases',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get(`/api/returnees/${pick(fx.returnee, scope)}/cases`),
    list: { ownId: (fx) => fx.caseFile.own, foreignId: (fx) => fx.caseFile.foreign },
  },

  // household members (the returnee's scope; admins read, office staff change)
  {
    route: 'GET /api/returnees/:id/household-members',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get(`/api/returnees/${pick(fx.returnee, scope)}/household-members`),
    list: { ownId: (fx) => fx.householdMember.own, foreignId: (fx) => fx.householdMember.foreign },
  },
  {
    route: 'GET /api/returnees/:id/household-members/:memberId',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get(`/api/returnees/${pick(fx.returnee, scope)}/household-members/${pick(fx.householdMember, scope)}`),
  },
  {
    route: 'POST /api/returnees/:id/household-members',
    expect: officeWork(201),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: `/api/returnees/${await make.returnee(officeOf(fx, scope))}/household-members`,
      body: {
        relation: 'child',
        lastName: 'Жээнбекова',
        firstName: 'Айпери',
        sex: 'female',
        birthDate: '2016-05-02',
        livesWhere: 'with_caregiver',
        caregiverName: 'Бабушка',
        inSchool: 'yes',
      },
    }),
  },
  {
    route: 'PUT /api/returnees/:id/household-members/:memberId',
    expect: officeWork(200),
    request: async ({ fx, make }, _r, scope) => {
      const returneeId = await make.returnee(officeOf(fx, scope));
      return {
        method: 'PUT',
        path: `/api/returnees/${returneeId}/household-members/${await make.householdMember(returneeId)}`,
        body: { version: 1, livesWhere: 'abroad' },
      };
    },
  },
  {
    route: 'DELETE /api/returnees/:id/household-members/:memberId',
    expect: officeWork(200),
    request: async ({ fx, make }, _r, scope) => {
      const returneeId = await make.returnee(officeOf(fx, scope));
      return { method: 'DELETE', path: `/api/returnees/${returneeId}/household-members/${await make.householdMember(returneeId)}` };
    },
  },

  // consents
  {
    route: 'GET /api/consents',
    expect: officeList,
    request: ({ fx }, _r, scope) => get('/api/consents', scope === 'foreign' ? { filter: json({ returneeId: fx.returnee.foreign }) } : undefined),
    list: {
      ownId: (fx) => fx.consent.own,
      foreignId: (fx) => fx.consent.foreign,
      foreignQuery: (fx) => ({ filter: json({ returneeId: fx.returnee.foreign }) }),
    },
  },
  { route: 'GET /api/consents/:id', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/consents/${pick(fx.consent, scope)}`) },
  {
    route: 'POST /api/consents',
    expect: officeWorkWithAdmin(201),
    request: ({ fx }, _r, scope) => ({
      method: 'POST',
      path: '/api/consents',
      body: { returneeId: pick(fx.returnee, scope), scope: ['data_processing'], givenAt: isoIn(-1) },
    }),
  },
  {
    route: 'POST /api/consents/:id/withdraw',
    expect: officeWorkWithAdmin(200),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: `/api/consents/${await make.consent(await make.returnee(officeOf(fx, scope)))}/withdraw`,
      body: { reason: 'Отозвано' },
    }),
  },

  // cases
  {
    route: 'GET /api/cases',
    expect: officeList,
    request: ({ fx }, _r, scope) => get('/api/cases', scope === 'foreign' ? { filter: json({ officeId: fx.officeB.id }) } : undefined),
    list: { ownId: (fx) => fx.caseFile.own, foreignId: (fx) => fx.caseFile.foreign, foreignQuery: (fx) => ({ filter: json({ officeId: fx.officeB.id }) }) },
  },
  { route: 'GET /api/cases/:id', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/cases/${pick(fx.caseFile, scope)}`) },
  { route: 'GET /api/cases/:id/events', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/cases/${pick(fx.caseFile, scope)}/events`) },
  // a foreign returnee is "no such returnee in your office" (422 naming the field, the same as for an absent one)
  {
    route: 'POST /api/cases',
    expect: { ...officeWork(201), supervisor: [201, 422], caseworker: [201, 422] },
    request: ({ fx }, _r, scope) => ({
      method: 'POST',
      path: '/api/cases',
      body: { returneeId: pick(fx.returnee, scope), type: 'legal_aid', title: 'Невыплата зарплаты', details: { issue: 'unpaid_wages', country: 'RU' } },
    }),
  },
  {
    route: 'POST /api/cases/reassign',
    expect: { admin: 403, supervisor: [200, 404], caseworker: 403, ngo_staff: 403, ...anon401 },
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: '/api/cases/reassign',
      body: { caseIds: [await make.caseFile(officeOf(fx, scope), caseworkerOf(fx, scope).id)], assigneeId: fx.users.supervisor.id, reason: 'Отпуск' },
    }),
  },
  {
    route: 'PUT /api/cases/:id',
    expect: officeWork(200),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'PUT',
      path: `/api/cases/${await make.caseFile(officeOf(fx, scope), caseworkerOf(fx, scope).id)}`,
      body: { version: 1, summary: 'Обновлено' },
    }),
  },
  // a caseworker edits only the cases assigned to them (or unassigned ones of the office); the supervisor any of the office
  {
    route: 'PUT /api/cases/:id',
    variant: "a colleague's case",
    expect: { ...officeWork(200), caseworker: [403, 404] },
    request: async ({ fx, make }, _r, scope) => ({
      method: 'PUT',
      path: `/api/cases/${await make.caseFile(officeOf(fx, scope), await make.user(officeOf(fx, scope)))}`,
      body: { version: 1, summary: 'Обновлено' },
    }),
  },
  {
    route: 'POST /api/follow-ups',
    variant: "a colleague's case",
    expect: { ...officeWork(201), caseworker: [403, 404] },
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: '/api/follow-ups',
      body: { caseId: await make.caseFile(officeOf(fx, scope), await make.user(officeOf(fx, scope))), kind: 'call', dueAt: isoIn(3) },
    }),
  },
  {
    route: 'DELETE /api/cases/:id',
    expect: adminOnly(200),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'DELETE',
      path: `/api/cases/${await make.caseFile(officeOf(fx, scope), caseworkerOf(fx, scope).id)}`,
    }),
  },

  // follow-ups
  {
    route: 'GET /api/follow-ups',
    expect: officeList,
    request: ({ fx }, _r, scope) => get('/api/follow-ups', scope === 'foreign' ? { filter: json({ officeId: fx.officeB.id }) } : undefined),
    list: { ownId: (fx) => fx.followUp.own, foreignId: (fx) => fx.followUp.foreign, foreignQuery: (fx) => ({ filter: json({ officeId: fx.officeB.id }) }) },
  },
  { route: 'GET /api/follow-ups/summary', expect: officeList, request: () => get('/api/follow-ups/summary') },
  { route: 'GET /api/follow-ups/:id', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/follow-ups/${pick(fx.followUp, scope)}`) },
  {
    route: 'POST /api/follow-ups',
    expect: officeWork(201),
    request: ({ fx }, _r, scope) => ({ method: 'POST', path: '/api/follow-ups', body: { caseId: pick(fx.caseFile, scope), kind: 'call', dueAt: isoIn(3) } }),
  },
  {
    route: 'PUT /api/follow-ups/:id',
    expect: officeWork(200),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'PUT',
      path: `/api/follow-ups/${await make.followUp(await make.caseFile(officeOf(fx, scope), caseworkerOf(fx, scope).id))}`,
      body: { version: 1, notes: 'Позвонить утром' },
    }),
  },
  {
    route: 'GET /api/cases/:id/follow-up-plan',
    expect: officeWork(200),
    request: ({ fx }, _r, scope) => get(`/api/cases/${pick(fx.caseFile, scope)}/follow-up-plan`),
  },
  {
    route: 'POST /api/follow-ups/plan',
    expect: officeWork(201),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: '/api/follow-ups/plan',
      body: { caseId: await make.caseFile(officeOf(fx, scope), caseworkerOf(fx, scope).id, 'tb'), plan: 'tb_intensive' },
    }),
  },

  // referrals: one access rule (libs/referrals/src/referral-access.ts)
  {
    route: 'GET /api/referrals',
    expect: { ...signedIn(200), donor: 403 },
    request: ({ fx }, _r, scope) => get('/api/referrals', scope === 'foreign' ? { filter: json({ organizationId: fx.org2.id }) } : { range: '[0,499]' }),
    list: { ownId: (fx) => fx.referral.own, foreignId: (fx) => fx.referral.foreign, foreignQuery: (fx) => ({ filter: json({ organizationId: fx.org2.id }) }) },
  },
  {
    route: 'GET /api/referrals/matches',
    expect: officeWork(200),
    request: ({ fx }, _r, scope) => get('/api/referrals/matches', { caseId: pick(fx.caseFile, scope) }),
  },
  {
    route: 'GET /api/referrals/:id',
    expect: { admin: 200, supervisor: [200, 404], caseworker: [200, 404], ngo_staff: [200, 404], ...anon401 },
    request: ({ fx }, _r, scope) => get(`/api/referrals/${pick(fx.referral, scope)}`),
  },
  {
    route: 'POST /api/referrals',
    expect: officeWork(201),
    request: async ({ fx, make }, _r, scope) => {
      const returneeId = await make.returnee(officeOf(fx, scope));
      await make.consent(returneeId);
      const caseId = await make.caseFile(officeOf(fx, scope), caseworkerOf(fx, scope).id, 'legal', returneeId);
      return {
        method: 'POST',
        path: '/api/referrals',
        body: { caseId, organizationId: scope === 'own' ? fx.org1.id : fx.org2.id, reason: 'Юридическая помощь' },
      };
    },
  },
  {
    route: 'POST /api/referrals/:id/notes',
    expect: { admin: 403, supervisor: [201, 404], caseworker: [201, 404], ngo_staff: [201, 404], ...anon401 },
    request: ({ fx }, _r, scope) => ({
      method: 'POST',
      path: `/api/referrals/${pick(fx.referral, scope)}/notes`,
      body: { text: 'Клиент придёт в понедельник' },
    }),
  },
  {
    route: 'PUT /api/referrals/:id',
    expect: { admin: 403, supervisor: [200, 404], caseworker: [200, 404], ngo_staff: [200, 404], ...anon401 },
    request: async ({ make }, role, scope) => ({
      method: 'PUT',
      path: `/api/referrals/${await make.referral(scope)}`,
      body: role === 'ngo_staff' ? { version: 1, status: 'accepted' } : { version: 1, status: 'cancelled', cancelReason: 'Передумали' },
    }),
  },

  // notifications: each user's own only, admins included
  {
    route: 'GET /api/notifications',
    expect: signedIn(200),
    request: () => get('/api/notifications'),
    list: { adminOwnOnly: true, ownId: (fx, role) => fx.notificationOf[staffOf(fx, role).id], foreignId: (fx) => fx.notificationOf[fx.others.caseworker.id] },
  },
  { route: 'GET /api/notifications/unread-count', expect: signedIn(200), request: () => get('/api/notifications/unread-count') },
  { route: 'POST /api/notifications/read-all', expect: signedIn(200), request: () => ({ method: 'POST', path: '/api/notifications/read-all' }) },
  {
    route: 'GET /api/notifications/:id',
    expect: { admin: [200, 404], supervisor: [200, 404], caseworker: [200, 404], ngo_staff: [200, 404], donor: [200, 404], ...anon401 },
    request: ({ fx }, role, scope) => get(`/api/notifications/${fx.notificationOf[scope === 'own' ? staffOf(fx, role).id : fx.others.caseworker.id]}`),
  },
  {
    route: 'PUT /api/notifications/:id',
    expect: { admin: [200, 404], supervisor: [200, 404], caseworker: [200, 404], ngo_staff: [200, 404], donor: [200, 404], ...anon401 },
    request: ({ fx }, role, scope) => ({
      method: 'PUT',
      path: `/api/notifications/${fx.notificationOf[scope === 'own' ? staffOf(fx, role).id : fx.others.caseworker.id]}`,
      body: { read: true },
    }),
  },

  // reintegration scores
  // a returnee's history: filter.returneeId is required, and a foreign returnee is not found
  {
    route: 'GET /api/reintegration-scores',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get('/api/reintegration-scores', { filter: json({ returneeId: pick(fx.returnee, scope) }) }),
    list: { ownId: (fx) => fx.score.own, foreignId: (fx) => fx.score.foreign },
  },
  { route: 'GET /api/reintegration-scores/survey', expect: officeList, request: () => get('/api/reintegration-scores/survey') },
  {
    route: 'GET /api/reintegration-scores/:id',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get(`/api/reintegration-scores/${pick(fx.score, scope)}`),
  },
  {
    route: 'POST /api/reintegration-scores',
    expect: officeWork(201),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: '/api/reintegration-scores',
      body: { returneeId: await make.returnee(officeOf(fx, scope)), occasion: 'intake', answers: SURVEY_ANSWERS },
    }),
  },

  // needs assessments: like reintegration scores (office staff take and read, admins read, NGO staff never)
  {
    route: 'GET /api/assessments',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get('/api/assessments', { filter: json({ returneeId: pick(fx.returnee, scope) }) }),
    list: { ownId: (fx) => fx.assessment.own, foreignId: (fx) => fx.assessment.foreign },
  },
  { route: 'GET /api/assessments/form', expect: officeList, request: () => get('/api/assessments/form') },
  { route: 'GET /api/assessments/form/:version', expect: officeList, request: () => get('/api/assessments/form/na-kg-1') },
  {
    route: 'GET /api/assessments/:id',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get(`/api/assessments/${pick(fx.assessment, scope)}`),
  },
  {
    route: 'POST /api/assessments',
    expect: officeWork(201),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: '/api/assessments',
      body: { returneeId: await make.returnee(officeOf(fx, scope)), formVersion: 'na-kg-2', occasion: 'intake', answers: NEEDS_ANSWERS },
    }),
  },

  // counselling and visit notes: office staff of the returnee's office; admins do not read counselling (403), NGO staff
  // never; a foreign returnee or note is not found. A note is edited by its author only (here: the caller's own note).
  {
    route: 'GET /api/returnees/:id/notes',
    expect: officeWork(200),
    request: async ({ t, fx }, _r, scope) => {
      await noteBy(t, caseworkerOf(fx, scope), pick(fx.returnee, scope));
      return get(`/api/returnees/${pick(fx.returnee, scope)}/notes`);
    },
  },
  {
    route: 'POST /api/returnees/:id/notes',
    expect: officeWork(201),
    request: ({ fx }, _r, scope) => ({ method: 'POST', path: `/api/returnees/${pick(fx.returnee, scope)}/notes`, body: noteBody() }),
  },
  {
    route: 'GET /api/notes/:id',
    expect: officeWork(200),
    request: async ({ t, fx }, _r, scope) => get(`/api/notes/${await noteBy(t, caseworkerOf(fx, scope), pick(fx.returnee, scope))}`),
  },
  {
    route: 'PUT /api/notes/:id',
    expect: officeWork(200),
    request: async ({ t, fx }, role, scope) => {
      const author = scope === 'foreign' ? fx.others.caseworker : role === 'supervisor' || role === 'caseworker' ? fx.users[role] : fx.users.caseworker;
      return { method: 'PUT', path: `/api/notes/${await noteBy(t, author, pick(fx.returnee, scope))}`, body: { durationMinutes: 30, text: 'Уточнено' } };
    },
  },

  // individual reintegration plans: office staff of the returnee's office write; admins read; NGO staff read the list
  // and one version (what involves their organisation, with consent); a foreign plan is not found. Approve and return
  // are the office supervisor's (a caseworker 403).
  {
    route: 'GET /api/plans',
    expect: { admin: 200, supervisor: 200, caseworker: 200, ngo_staff: 200, ...anon401 },
    request: ({ fx }) => get('/api/plans', { filter: json({ id: [fx.plan.own, fx.plan.foreign] }) }),
    list: { ownId: (fx) => fx.plan.own, foreignId: (fx) => fx.plan.foreign },
  },
  {
    route: 'GET /api/plans/:id',
    expect: { admin: 200, supervisor: [200, 404], caseworker: [200, 404], ngo_staff: [200, 404], ...anon401 },
    request: ({ fx }, _r, scope) => get(`/api/plans/${pick(fx.plan, scope)}`),
  },
  { route: 'GET /api/plans/:id/versions', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/plans/${pick(fx.plan, scope)}/versions`) },
  { route: 'GET /api/plans/:id/reviews', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/plans/${pick(fx.plan, scope)}/reviews`) },
  {
    route: 'GET /api/plans/:id/pdf',
    produces: 'pdf',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get(`/api/plans/${pick(fx.plan, scope)}/pdf`, { lang: 'ky' }),
  },
  // documents (issue 17): office staff of the returnee's office work with them; admins read the metadata and purge;
  // NGO staff read only what a referral shares under consent (none of these records: 404); the signed link is the
  // authority on GET /api/files/:token (no bearer needed, every caller gets the file)
  {
    route: 'GET /api/documents',
    expect: { ...signedIn(200), donor: 403 },
    request: async ({ t, fx }, _r, scope) => {
      const docs = await documentPair(t, fx);
      return get('/api/documents', scope === 'foreign' ? { filter: json({ returneeId: docs.foreignReturnee }) } : undefined);
    },
    list: {
      foreignId: (fx) => documentPairNow.get(fx)!.foreign,
      foreignQuery: (fx) => ({ filter: json({ returneeId: documentPairNow.get(fx)!.foreignReturnee }) }),
    },
  },
  {
    route: 'POST /api/documents',
    expect: officeWork(201),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: '/api/documents',
      multipart: { fields: { returneeId: await make.returnee(officeOf(fx, scope)), type: 'passport', title: 'Паспорт' }, file: pdfFile() },
    }),
  },
  { route: 'GET /api/documents/:id', expect: documentRead, request: async ({ t, fx }, _r, scope) => get(`/api/documents/${await documentIn(t, fx, scope)}`) },
  {
    route: 'GET /api/documents/:id/versions',
    expect: documentRead,
    request: async ({ t, fx }, _r, scope) => get(`/api/documents/${await documentIn(t, fx, scope)}/versions`),
  },
  {
    route: 'PUT /api/documents/:id',
    expect: officeWork(200),
    request: async ({ t, fx }, _r, scope) => ({ method: 'PUT', path: `/api/documents/${await documentIn(t, fx, scope)}`, body: { title: 'Паспорт (копия)' } }),
  },
  {
    route: 'DELETE /api/documents/:id',
    expect: officeWork(200),
    request: async ({ t, fx }, _r, scope) => ({ method: 'DELETE', path: `/api/documents/${await documentIn(t, fx, scope)}` }),
  },
  {
    route: 'POST /api/documents/:id/versions',
    expect: officeWork(201),
    request: async ({ t, fx }, _r, scope) => ({
      method: 'POST',
      path: `/api/documents/${await documentIn(t, fx, scope)}/versions`,
      multipart: { fields: {}, file: pdfFile() },
    }),
  },
  {
    route: 'POST /api/documents/:id/purge',
    expect: adminOnly(200),
    request: async ({ t, fx }, _r, scope) => {
      const id = await documentIn(t, fx, scope);
      await t.db.query(`UPDATE document SET deleted_at = now() - interval '400 days', deleted_by = created_by WHERE id = $1`, [id]);
      return { method: 'POST', path: `/api/documents/${id}/purge` };
    },
  },
  {
    route: 'POST /api/documents/:id/links',
    expect: { admin: 403, supervisor: [201, 404], caseworker: [201, 404], ngo_staff: 404, ...anon401 },
    request: async ({ t, fx }, _r, scope) => ({
      method: 'POST',
      path: `/api/documents/${await documentIn(t, fx, scope)}/links`,
      body: { disposition: 'attachment' },
    }),
  },
  {
    route: 'GET /api/files/:token',
    produces: 'pdf',
    expect: publicRoute(200),
    request: async ({ t, fx }, _r, scope) => {
      const id = await documentIn(t, fx, scope);
      const res = await t.http
        .post(`/api/documents/${id}/links`)
        .set(bearer(caseworkerOf(fx, scope)))
        .send({});
      if (res.status !== 201) throw new Error(`link not created: ${res.status} ${JSON.stringify(res.body)}`);
      return get(res.body.url as string);
    },
  },
  {
    route: 'POST /api/plans',
    expect: officeWork(201),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: '/api/plans',
      body: { returneeId: await make.returnee(officeOf(fx, scope)), goals: [planGoal()] },
    }),
  },
  {
    route: 'PUT /api/plans/:id',
    expect: officeWork(200),
    request: async ({ make }, _r, scope) => ({ method: 'PUT', path: `/api/plans/${await make.plan(scope)}`, body: { goals: [planGoal()] } }),
  },
  {
    route: 'POST /api/plans/:id/submit',
    expect: officeWork(200),
    request: async ({ make }, _r, scope) => ({ method: 'POST', path: `/api/plans/${await make.plan(scope)}/submit` }),
  },
  {
    route: 'POST /api/plans/:id/approve',
    expect: { admin: 403, supervisor: [200, 404], caseworker: 403, ngo_staff: 403, ...anon401 },
    request: async ({ make }, _r, scope) => ({ method: 'POST', path: `/api/plans/${await make.plan(scope, 'submitted')}/approve` }),
  },
  {
    route: 'POST /api/plans/:id/return',
    expect: { admin: 403, supervisor: [200, 404], caseworker: 403, ngo_staff: 403, ...anon401 },
    request: async ({ make }, _r, scope) => ({
      method: 'POST',
      path: `/api/plans/${await make.plan(scope, 'submitted')}/return`,
      body: { comment: 'Уточните сроки' },
    }),
  },
  {
    route: 'POST /api/plans/:id/revise',
    expect: officeWork(201),
    request: async ({ make }, _r, scope) => ({ method: 'POST', path: `/api/plans/${await make.plan(scope, 'approved')}/revise` }),
  },
  {
    route: 'POST /api/plans/:id/signature',
    expect: officeWork(200),
    request: async ({ make }, _r, scope) => ({ method: 'POST', path: `/api/plans/${await make.plan(scope)}/signature`, body: { signedOn: planDay(0) } }),
  },
  {
    route: 'POST /api/plans/:id/reviews',
    expect: officeWork(201),
    request: async ({ make }, _r, scope) => ({
      method: 'POST',
      path: `/api/plans/${await make.plan(scope, 'approved')}/reviews`,
      body: { reviewedOn: planDay(0), goals: [] },
    }),
  },
  {
    route: 'POST /api/plans/:id/complete',
    expect: officeWork(200),
    request: async ({ make }, _r, scope) => ({ method: 'POST', path: `/api/plans/${await make.plan(scope, 'approved')}/complete` }),
  },
  {
    route: 'POST /api/plans/:id/close',
    expect: officeWork(200),
    request: async ({ make }, _r, scope) => ({ method: 'POST', path: `/api/plans/${await make.plan(scope)}/close`, body: { reason: 'Уехал снова' } }),
  },

  // supervision, dashboards and reports (office-wide numbers: supervisors their office, admins any)
  {
    route: 'GET /api/caseload',
    expect: { admin: 200, supervisor: 200, caseworker: 403, ngo_staff: 403, ...anon401 },
    request: ({ fx }, _r, scope) => get('/api/caseload', scope === 'foreign' ? { filter: json({ officeId: fx.officeB.id }) } : undefined),
    list: {
      ownId: (fx) => fx.users.caseworker.id,
      foreignId: (fx) => fx.others.caseworker.id,
      foreignQuery: (fx) => ({ filter: json({ officeId: fx.officeB.id }) }),
    },
  },
  {
    route: 'GET /api/dashboard',
    expect: { admin: 200, supervisor: [200, 404], caseworker: 403, ngo_staff: 403, ...anon401 },
    request: ({ fx }, _r, scope) => get('/api/dashboard', { officeId: officeOf(fx, scope) }),
  },
  { route: 'GET /api/dashboard/mine', expect: officeList, request: () => get('/api/dashboard/mine') },
  {
    route: 'GET /api/reports/:report',
    variant: 'json',
    expect: { admin: 200, supervisor: [200, 403], caseworker: 403, ngo_staff: 403, ...anon401 },
    request: ({ fx }, _r, scope) => get('/api/reports/cases', { by: 'status', officeId: officeOf(fx, scope) }),
  },
  {
    route: 'GET /api/reports/:report',
    variant: 'csv export',
    produces: 'csv',
    expect: { admin: 200, supervisor: [200, 403], caseworker: 403, ngo_staff: 403, ...anon401 },
    request: ({ fx }, _r, scope) => get('/api/reports/returnees', { by: 'sex', officeId: officeOf(fx, scope), format: 'csv' }),
  },
  {
    route: 'GET /api/reports/:report',
    variant: 'xlsx export',
    produces: 'xlsx',
    expect: { admin: 200, supervisor: [200, 403], caseworker: 403, ngo_staff: 403, ...anon401 },
    request: ({ fx }, _r, scope) => get('/api/reports/follow-ups', { by: 'caseType', officeId: officeOf(fx, scope), format: 'xlsx' }),
  },

  // bulk imports (returnee registration in bulk)
  {
    route: 'GET /api/imports',
    expect: officeList,
    request: ({ fx }, _r, scope) => get('/api/imports', scope === 'foreign' ? { filter: json({ officeId: fx.officeB.id }) } : undefined),
    list: { ownId: (fx) => fx.importJob.own, foreignId: (fx) => fx.importJob.foreign, foreignQuery: (fx) => ({ filter: json({ officeId: fx.officeB.id }) }) },
  },
  {
    route: 'POST /api/imports',
    expect: { admin: 202, supervisor: [202, 403], caseworker: [202, 403], ngo_staff: 403, ...anon401 },
    request: ({ fx }, _r, scope) => ({ method: 'POST', path: '/api/imports', multipart: { fields: { officeId: officeOf(fx, scope) }, file: csvFile() } }),
  },
  { route: 'GET /api/imports/:id', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/imports/${pick(fx.importJob, scope)}`) },
  { route: 'GET /api/imports/:id/rows', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/imports/${pick(fx.importJob, scope)}/rows`) },
  // the error report carries personal data from the file: like the other personal-data exports
  {
    route: 'GET /api/imports/:id/errors.csv',
    produces: 'csv',
    expect: officeRead(),
    request: ({ fx }, _r, scope) => get(`/api/imports/${pick(fx.importJob, scope)}/errors.csv`),
  },
  {
    route: 'POST /api/imports/:id/confirm',
    expect: officeWorkWithAdmin(202),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: `/api/imports/${await make.importJob(scope === 'own' ? fx.officeA.id : fx.officeB.id)}/confirm`,
      body: { mode: 'valid_rows' },
    }),
  },
  {
    route: 'POST /api/imports/:id/cancel',
    expect: officeWorkWithAdmin(200),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: `/api/imports/${await make.importJob(scope === 'own' ? fx.officeA.id : fx.officeB.id)}/cancel`,
    }),
  },
  // checklists and document recovery (issue 17): a case's checklist is read like the case; recovery items are office
  // case work (admins 403, NGO staff never), a foreign returnee or item is not found
  { route: 'GET /api/cases/:id/checklist', expect: officeRead(), request: ({ fx }, _r, scope) => get(`/api/cases/${pick(fx.caseFile, scope)}/checklist`) },
  {
    route: 'GET /api/recovery-items',
    expect: officeWork(200),
    request: async ({ t, fx }, _r, scope) => {
      const { returneeId } = await recoveryItemIn(t, fx, scope);
      return get('/api/recovery-items', { filter: json({ returneeId }) });
    },
  },
  {
    route: 'GET /api/recovery-items/:id',
    expect: officeWork(200),
    request: async ({ t, fx }, _r, scope) => get(`/api/recovery-items/${(await recoveryItemIn(t, fx, scope)).id}`),
  },
  {
    route: 'POST /api/recovery-items',
    expect: officeWork(201),
    request: async ({ fx, make }, _r, scope) => ({
      method: 'POST',
      path: '/api/recovery-items',
      body: { returneeId: await make.returnee(officeOf(fx, scope)), documentType: 'passport', country: 'KG', authority: 'passport_office' },
    }),
  },
  {
    route: 'PUT /api/recovery-items/:id',
    expect: officeWork(200),
    request: async ({ t, fx }, _r, scope) => ({
      method: 'PUT',
      path: `/api/recovery-items/${(await recoveryItemIn(t, fx, scope)).id}`,
      body: { authorityName: 'ГРС Ленинского района' },
    }),
  },
  {
    route: 'POST /api/recovery-items/:id/receive',
    expect: officeWork(200),
    request: async ({ t, fx }, _r, scope) => {
      const item = await recoveryItemIn(t, fx, scope);
      return { method: 'POST', path: `/api/recovery-items/${item.id}/receive`, body: { documentId: await passportOf(t, fx, scope, item.returneeId) } };
    },
  },
  {
    route: 'POST /api/returnees/:id/recovery-items/propose',
    expect: officeWork(201),
    request: async ({ t, fx, make }, _r, scope) => {
      const returneeId = await make.returnee(officeOf(fx, scope));
      await t.db.query(`UPDATE returnee SET vulnerabilities = ARRAY['no_documents'] WHERE id = $1`, [returneeId]);
      return { method: 'POST', path: `/api/returnees/${returneeId}/recovery-items/propose` };
    },
  },
  // messaging contact and the Telegram bot (issue 18)
  ...TELEGRAM_ROWS,
  // programmes, budgets and assistance items (issue 19)
  ...ASSISTANCE_ROWS,
  ...ASSISTANCE_REPORT_ROWS,
  // TB treatment check-ins (issue 18)
  ...OUTREACH_ROWS,
  // messages to and from returnees, delivery figures (issue 18)
  ...MESSAGES_ROWS,
];

// a passport to recover (to_request) for a fresh returnee of the scope's office, straight in SQL
async function recoveryItemIn(t: TestApp, fx: Fixtures, scope: Scope): Promise<{ id: string; returneeId: string }> {
  const returneeId = (await t.given.returnee({ officeId: officeOf(fx, scope) })).id;
  const { rows } = await t.db.query(
    `INSERT INTO recovery_item (returnee_id, office_id, document_type, country, authority, created_by)
     VALUES ($1, $2, 'passport', 'KG', 'passport_office', $3) RETURNING id`,
    [returneeId, officeOf(fx, scope), caseworkerOf(fx, scope).id],
  );
  return { id: rows[0].id, returneeId };
}

// an uploaded passport's document row (metadata only) of that returnee
async function passportOf(t: TestApp, fx: Fixtures, scope: Scope, returneeId: string): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO document (returnee_id, office_id, type, title, issuer_country, created_by) VALUES ($1, $2, 'passport', 'Паспорт', 'KG', $3) RETURNING id`,
    [returneeId, officeOf(fx, scope), caseworkerOf(fx, scope).id],
  );
  return rows[0].id;
}

// ---------- fixtures and factories (SQL for setup; tokens through the real login) ----------
export class Factories {
  constructor(
    private readonly t: TestApp,
    private readonly fxRef: () => Fixtures,
  ) {}
  private get given(): Given {
    return this.t.given;
  }
  private get db() {
    return this.t.db;
  }

  async office(): Promise<string> {
    return (await this.given.office()).id;
  }

  async organization(): Promise<string> {
    return (await this.given.organization()).id;
  }

  // a caseworker of the office, straight in SQL (no session)
  async user(officeId: string): Promise<string> {
    const hash = (await this.db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [this.fxRef().users.admin.id])).rows[0].password_hash;
    const { rows } = await this.db.query(
      `INSERT INTO app_user (email, full_name, role, office_id, password_hash) VALUES ($1, 'Цель Матрицы', 'caseworker', $2, $3) RETURNING id`,
      [`target.${tag()}@kaytuu.test`, officeId, hash],
    );
    return rows[0].id;
  }

  // a user to sign in as (login, refresh and logout cells), so no cell touches the matrix users' sessions
  async credentials(): Promise<{ email: string; password: string }> {
    const u = await this.given.user('caseworker', { officeId: this.fxRef().officeA.id });
    return { email: u.email, password: u.password };
  }

  async refreshToken(): Promise<string> {
    const res = await this.t.http.post('/api/auth/login').send(await this.credentials());
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    return res.body.refreshToken;
  }

  async returnee(officeId: string): Promise<string> {
    return (await this.given.returnee({ officeId })).id;
  }

  // kind: legal (in progress, legal aid), tb (open, TB health referral: the TB plans fit)
  async caseFile(officeId: string, assigneeId: string | null, kind: 'legal' | 'tb' = 'legal', returneeId?: string): Promise<string> {
    const r = returneeId ?? (await this.returnee(officeId));
    const c =
      kind === 'tb'
        ? await this.given.caseFile({
            returneeId: r,
            officeId,
            type: 'health_referral',
            status: 'in_progress',
            assigneeId,
            details: { condition: 'tb', urgency: 'urgent' },
          })
        : await this.given.caseFile({ returneeId: r, officeId, status: 'in_progress', assigneeId });
    return c.id;
  }

  async followUp(caseId: string): Promise<string> {
    const { rows } = await this.db.query(
      `INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, due_at)
       SELECT id, returnee_id, office_id, assignee_id, 'call', now() + interval '2 days' FROM case_file WHERE id = $1 RETURNING id`,
      [caseId],
    );
    return rows[0].id;
  }

  async consent(returneeId: string): Promise<string> {
    const { rows } = await this.db.query(
      `INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, ARRAY['data_processing','share_with_ngo'], now() - interval '1 day') RETURNING id`,
      [returneeId],
    );
    return rows[0].id;
  }

  // a sent referral of a fresh case: own = office A → organisation 1, foreign = office B → organisation 2
  async referral(scope: Scope): Promise<string> {
    const fx = this.fxRef();
    const officeId = scope === 'own' ? fx.officeA.id : fx.officeB.id;
    const assignee = scope === 'own' ? fx.users.caseworker : fx.others.caseworker;
    const returneeId = await this.returnee(officeId);
    const consentId = await this.consent(returneeId);
    const caseId = await this.caseFile(officeId, assignee.id, 'legal', returneeId);
    const { rows } = await this.db.query(
      `INSERT INTO referral (case_id, returnee_id, office_id, organization_id, consent_id, reason, shared_fields, sent_at, respond_by, created_by)
       VALUES ($1, $2, $3, $4, $5, 'Юридическая помощь', ARRAY['name','phone'], now(), now() + interval '7 days', $6) RETURNING id`,
      [caseId, returneeId, officeId, scope === 'own' ? fx.org1.id : fx.org2.id, consentId, assignee.id],
    );
    return rows[0].id;
  }

  // an import waiting for confirmation (preview), uploaded by the office's caseworker
  async importJob(officeId: string): Promise<string> {
    const fx = this.fxRef();
    const by = officeId === fx.officeA.id ? fx.users.caseworker.id : fx.others.caseworker.id;
    const { rows } = await this.db.query(
      `INSERT INTO returnee_import (id, status, file_name, columns, office_id, created_by, created_by_role)
       VALUES (gen_random_uuid(), 'preview', 'returnees.csv', ARRAY['last_name','first_name'], $1, $2, 'caseworker') RETURNING id`,
      [officeId, by],
    );
    return rows[0].id;
  }

  async score(returneeId: string): Promise<string> {
    const { rows } = await this.db.query(
      `INSERT INTO reintegration_score (returnee_id, occasion, answers, economic, social, psychosocial, overall, survey_version, recorded_at)
       VALUES ($1, 'intake', $2, 0.5, 0.5, 0.5, 0.5, 'rss-kg-1', now()) RETURNING id`,
      [returneeId, JSON.stringify(SURVEY_ANSWERS)],
    );
    return rows[0].id;
  }

  // a needs assessment with sealed answers, straight in SQL, taken by the office's caseworker
  async assessment(returneeId: string, officeId: string, takenBy: string): Promise<string> {
    const answers = this.given.cipher.encryptJson(NEEDS_ANSWERS, 'needs_assessment.answers');
    const { rows } = await this.db.query(
      `INSERT INTO needs_assessment (returnee_id, office_id, form_version, answers_enc, economic, social, psychosocial, composite, priorities, occasion, taken_at, taken_by)
       VALUES ($1, $2, 'na-kg-2', $3, 0.5, 0.6, 0.7, 0.6, ARRAY['economic'], 'intake', now(), $4) RETURNING id`,
      [returneeId, officeId, answers, takenBy],
    );
    return rows[0].id;
  }

  // A plan through the API by the office's caseworker, on a fresh returnee (or the returnee of `referralId`, with that
  // referral as its goal's action), taken to `state` (approved by the office's supervisor).
  async plan(scope: Scope, state: 'draft' | 'submitted' | 'approved' = 'draft', referralId?: string): Promise<string> {
    const fx = this.fxRef();
    const officeId = scope === 'own' ? fx.officeA.id : fx.officeB.id;
    const cw = scope === 'own' ? fx.users.caseworker : fx.others.caseworker;
    const sup = scope === 'own' ? fx.users.supervisor : fx.others.supervisor;
    const returneeId = referralId
      ? (await this.db.query(`SELECT returnee_id FROM referral WHERE id = $1`, [referralId])).rows[0].returnee_id
      : await this.returnee(officeId);
    const call = async (u: GivenUser, path: string, body: unknown, ok: number) => {
      const res = await this.t.http
        .post(path)
        .set(bearer(u))
        .send(body as object);
      if (res.status !== ok) throw new Error(`plan fixture: ${path} ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    const plan = await call(cw, '/api/plans', { returneeId, goals: [planGoal(referralId)] }, 201);
    if (state !== 'draft') await call(cw, `/api/plans/${plan.id}/submit`, {}, 200);
    if (state === 'approved') await call(sup, `/api/plans/${plan.id}/approve`, {}, 200);
    return plan.id;
  }

  // an adult spouse living with the returnee, straight in SQL
  async householdMember(returneeId: string): Promise<string> {
    const { rows } = await this.db.query(
      `INSERT INTO household_member (returnee_id, relation, last_name, first_name, sex, birth_date, lives_where)
       VALUES ($1, 'spouse', 'Жээнбекова', 'Гүлнара', 'female', '1992-08-20', 'with_returnee') RETURNING id`,
      [returneeId],
    );
    return rows[0].id;
  }

  async notification(userId: string): Promise<string> {
    const { rows } = await this.db.query(`INSERT INTO notification (user_id, kind, title, body) VALUES ($1, 'case_assigned', 'Новое дело', '') RETURNING id`, [
      userId,
    ]);
    return rows[0].id;
  }
}

export async function buildFixtures(t: TestApp): Promise<Ctx> {
  const g = t.given;
  const officeA = await g.office({ name: `Офис A ${tag()}` });
  const officeB = await g.office({ name: `Офис B ${tag()}`, oblast: 'naryn', district: 'Кочкорский' });
  const org1 = await g.organization({ services: ['legal_aid', 'health_referral'], oblasts: ['bishkek'] });
  const org2 = await g.organization({ services: ['legal_aid', 'health_referral'], oblasts: ['bishkek'] });
  const users = {
    admin: await g.user('admin'),
    supervisor: await g.user('supervisor', { officeId: officeA.id }),
    caseworker: await g.user('caseworker', { officeId: officeA.id }),
    ngo_staff: await g.user('ngo_staff', { organizationId: org1.id }),
    donor: await g.user('donor'),
  };
  const others = {
    supervisor: await g.user('supervisor', { officeId: officeB.id }),
    caseworker: await g.user('caseworker', { officeId: officeB.id }),
    ngo_staff: await g.user('ngo_staff', { organizationId: org2.id }),
  };
  const fx = { officeA, officeB, org1, org2, users, others } as unknown as Fixtures;
  const make = new Factories(t, () => fx);
  const both = async (f: (scope: Scope) => Promise<string>): Promise<Pair> => ({ own: await f('own'), foreign: await f('foreign') });
  const office = (s: Scope) => (s === 'own' ? officeA.id : officeB.id);
  const cw = (s: Scope) => (s === 'own' ? users.caseworker.id : others.caseworker.id);

  fx.returnee = await both((s) => make.returnee(office(s)));
  fx.caseFile = await both((s) => make.caseFile(office(s), cw(s), 'legal', fx.returnee[s]));
  fx.followUp = await both((s) => make.followUp(fx.caseFile[s]));
  fx.consent = await both((s) => make.consent(fx.returnee[s]));
  fx.referral = await both((s) => make.referral(s));
  fx.importJob = await both((s) => make.importJob(office(s)));
  fx.score = await both((s) => make.score(fx.returnee[s]));
  fx.assessment = await both((s) => make.assessment(fx.returnee[s], office(s), cw(s)));
  fx.householdMember = await both((s) => make.householdMember(fx.returnee[s]));
  fx.plan = await both((s) => make.plan(s, 'approved', fx.referral[s]));
  await buildAssistanceFixtures(t, fx);
  fx.notificationOf = {};
  fx.auditOf = {};
  for (const u of [...Object.values(users), ...Object.values(others)]) {
    fx.notificationOf[u.id] = await make.notification(u.id);
    const { rows } = await t.db.query(`SELECT id::text FROM audit_log WHERE actor_id = $1 ORDER BY id DESC LIMIT 1`, [u.id]);
    fx.auditOf[u.id] = rows[0].id;
  }
  return { t, fx, make };
}

// ---------- routes the app registers ----------
type Layer = { route?: { path: string; methods: Record<string, boolean> }; rawPath?: string; name?: string; handle?: { stack?: Layer[] } };

// Every route of the running app: Nest's controllers and Swagger's routes (route layers), and mounted apps and static
// folders (bull-board, Swagger UI assets) as `USE <path>`. Nest's middleware (registered for every method) and the
// global middleware at `/` are not routes.
export function registeredRoutes(app: { getHttpAdapter(): { getInstance(): unknown } }): string[] {
  const instance = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const out = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
        if (methods.length > 10) continue;
        for (const m of methods) out.add(`${m === '_all' ? 'ALL' : m.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}${layer.rawPath === '/' ? '' : (layer.rawPath ?? '')}`);
      } else if (layer.rawPath && layer.rawPath !== '/') {
        out.add(`USE ${prefix}${layer.rawPath}`);
      }
    }
  };
  walk((instance.router ?? instance._router)!.stack, '');
  return [...out].sort();
}

// ---------- sending a cell's request, and the error envelope ----------
export const MATRIX_ENV = { LOGIN_THROTTLE_PER_MINUTE: '100000', EXPORT_THROTTLE_PER_10_MINUTES: '100000', ...MATRIX_TELEGRAM_ENV };

// the error envelope (README "API conventions"; apps/api/src/http/error.filter.ts)
export function expectErrorShape(res: Response): void {
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const body = Buffer.isBuffer(res.body) ? JSON.parse(res.body.toString('utf8')) : res.body;
  expect(body).toEqual(
    expect.objectContaining({
      statusCode: res.status,
      error: expect.any(String),
      code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/),
      message: expect.any(String),
    }),
  );
  if (body.errors !== undefined) {
    expect(typeof body.errors).toBe('object');
    for (const v of Object.values(body.errors)) expect(typeof v).toBe('string');
    // a stable code per field beside the English text (libs/shared/src/errors/field-codes.ts)
    expect(Object.keys(body.fieldCodes ?? {}).sort()).toEqual(Object.keys(body.errors).sort());
    for (const v of Object.values(body.fieldCodes)) expect(v).toMatch(/^[A-Z][A-Z0-9_]+$/);
  }
}

const binary = (res: NodeJS.ReadableStream & { setEncoding(e: string): void }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

export async function send(
  t: TestApp,
  req: HttpReq,
  user: GivenUser | null,
  opts: { binary?: boolean; rawBody?: string; contentType?: string } = {},
): Promise<Response> {
  let r = t.http[req.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](req.path);
  if (user) r = r.set(bearer(user));
  if (req.headers) r = r.set(req.headers);
  if (req.query) r = r.query(req.query);
  if (opts.binary) r = r.buffer(true).parse(binary as never);
  if (req.multipart) {
    for (const [k, v] of Object.entries(req.multipart.fields)) r = r.field(k, v);
    return r.attach('file', Buffer.from(req.multipart.file.content, 'utf8'), { filename: req.multipart.file.name, contentType: 'text/csv' });
  }
  if (opts.rawBody !== undefined) return r.set('Content-Type', opts.contentType ?? 'application/json').send(opts.rawBody);
  if (req.body !== undefined) return r.send(req.body as object);
  return r;
}
