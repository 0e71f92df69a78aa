// no imports: the jest model tests load this file outside the console's bundler
export const OPEN_STATUSES = ['open', 'in_progress', 'on_hold', 'pending_closure'];

// A link to the case list with a filter (react-admin reads filter/sort/order from the URL).
export function casesLink(filter: Record<string, unknown>, sort?: { field: string; order: 'ASC' | 'DESC' }): string {
  const params = new URLSearchParams({ filter: JSON.stringify(filter) });
  if (sort) {
    params.set('sort', sort.field);
    params.set('order', sort.order);
  }
  return `/cases?${params.toString()}`;
}

// One row of GET /api/caseload (one caseworker, or a supervisor carrying cases).
export type CaseloadRow = {
  id: string;
  fullName: string;
  role: string;
  officeId: string;
  openCases: number;
  openHealthReferral: number;
  openLegalAid: number;
  openJobPlacement: number;
  openPensionClaim: number;
  openLow: number;
  openNormal: number;
  openHigh: number;
  openUrgent: number;
  overdueCases: number;
  missedFollowUps: number;
  referralsAwaiting: number;
  oldestOpenDays: number | null;
};

type CountKey = Exclude<keyof CaseloadRow, 'id' | 'fullName' | 'role' | 'officeId' | 'oldestOpenDays'>;

// Each count column with the case-list filter (GET /api/cases: assigneeId, status, type, priority, overdue) that
// lists exactly the cases it counts; null where the case list has no such filter (follow-ups, referrals).
// `hideBelow`: the MUI breakpoint from which the column shows (the per-service and per-priority breakdowns need a wide
// screen; open, overdue, missed and unanswered show on a laptop). `phone`: also on a phone's card.
export const CASELOAD_COLUMNS: Array<{
  source: CountKey;
  label: string;
  filter: Record<string, unknown> | null;
  hideBelow?: 'md' | 'lg' | 'xl';
  phone?: boolean;
}> = [
  { source: 'openCases', label: 'app.supervision.caseload.open_cases', filter: {}, phone: true },
  { source: 'openHealthReferral', label: 'enums.case_type.health_referral', filter: { type: ['health_referral'] }, hideBelow: 'xl' },
  { source: 'openLegalAid', label: 'enums.case_type.legal_aid', filter: { type: ['legal_aid'] }, hideBelow: 'xl' },
  { source: 'openJobPlacement', label: 'enums.case_type.job_placement', filter: { type: ['job_placement'] }, hideBelow: 'xl' },
  { source: 'openPensionClaim', label: 'enums.case_type.pension_claim', filter: { type: ['pension_claim'] }, hideBelow: 'xl' },
  { source: 'openLow', label: 'enums.case_priority.low', filter: { priority: ['low'] }, hideBelow: 'xl' },
  { source: 'openNormal', label: 'enums.case_priority.normal', filter: { priority: ['normal'] }, hideBelow: 'xl' },
  { source: 'openHigh', label: 'enums.case_priority.high', filter: { priority: ['high'] }, hideBelow: 'lg' },
  { source: 'openUrgent', label: 'enums.case_priority.urgent', filter: { priority: ['urgent'] }, hideBelow: 'lg' },
  { source: 'overdueCases', label: 'app.supervision.caseload.overdue_cases', filter: { overdue: true }, phone: true },
  { source: 'missedFollowUps', label: 'app.supervision.caseload.missed_follow_ups', filter: null, phone: true },
  { source: 'referralsAwaiting', label: 'app.supervision.caseload.referrals_awaiting', filter: null, phone: true },
];

// The person's open cases narrowed by a column's filter ("overdue" already implies not closed).
export function caseloadLink(assigneeId: string, filter: Record<string, unknown>): string {
  const base = filter.overdue ? { assigneeId } : { assigneeId, status: OPEN_STATUSES };
  return casesLink({ ...base, ...filter });
}

// The oldest open case first.
export const oldestCaseLink = (assigneeId: string): string => casesLink({ assigneeId, status: OPEN_STATUSES }, { field: 'openedAt', order: 'ASC' });
