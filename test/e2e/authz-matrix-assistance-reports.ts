import type { Expectation, HttpReq, Row } from './authz-matrix';

// The assistance report and the donor statement rows of the authorisation matrix (issue 19), spread into MATRIX in
// authz-matrix.ts. The fixtures are authz-matrix-assistance.ts's: the own programme is active and granted to the
// donor, the foreign one inactive and granted to no one.
//
// The assistance and 1+1 reports: supervisors (their office's items) and admins, for any programme; a donor for its own only
// (the foreign one is "not found", as one that does not exist). The statement: admins any programme, a donor its own.
// Every other report stays closed to donors (the plain report rows of authz-matrix.ts expect 403).

const anon401 = { anonymous: 401 } as const;
const report: Expectation = { admin: 200, supervisor: 200, caseworker: 403, ngo_staff: 403, donor: [200, 404], ...anon401 };
const statement: Expectation = { admin: 200, supervisor: 403, caseworker: 403, ngo_staff: 403, donor: [200, 404], ...anon401 };
const get = (path: string, query: Record<string, string>): HttpReq => ({ method: 'GET', path, query });

export const ASSISTANCE_REPORT_ROWS: Row[] = [
  {
    route: 'GET /api/reports/:report',
    variant: 'assistance',
    expect: report,
    request: ({ fx }, _r, scope) => get('/api/reports/assistance', { programmeId: fx.programme[scope], by: 'assistanceType' }),
  },
  {
    route: 'GET /api/reports/:report',
    variant: 'assistance csv export',
    produces: 'csv',
    expect: report,
    request: ({ fx }, _r, scope) => get('/api/reports/assistance', { programmeId: fx.programme[scope], by: 'sex', format: 'csv' }),
  },
  {
    route: 'GET /api/reports/:report',
    variant: '1+1 matching',
    expect: report,
    request: ({ fx }, _r, scope) => get('/api/reports/matching', { programmeId: fx.programme[scope], by: 'period' }),
  },
  {
    route: 'GET /api/reports/programme-statements/:programmeId',
    expect: statement,
    request: ({ fx }, _r, scope) => get(`/api/reports/programme-statements/${fx.programme[scope]}`, {}),
  },
  {
    route: 'GET /api/reports/programme-statements/:programmeId',
    variant: 'csv',
    produces: 'csv',
    expect: statement,
    request: ({ fx }, _r, scope) => get(`/api/reports/programme-statements/${fx.programme[scope]}`, { format: 'csv' }),
  },
  {
    route: 'GET /api/reports/programme-statements/:programmeId',
    variant: 'xlsx',
    produces: 'xlsx',
    expect: statement,
    request: ({ fx }, _r, scope) => get(`/api/reports/programme-statements/${fx.programme[scope]}`, { format: 'xlsx' }),
  },
];
