// The root jest checks this file directly, while the console bundles it: neighbours are imported as './x.js'.
import { formatMoney } from '../assistance/money.js';

// Mirrors libs/reports report-definitions: which breakdowns each report accepts (the API rejects others with 400).
export const REPORT_NAMES = [
  'returnees',
  'cases',
  'time-to-close',
  'referrals',
  'follow-ups',
  'score-change',
  'assessment-change',
  'children-left-behind',
  'plans',
  'time-to-plan',
  'plan-goals',
  'documents-recovered',
  'tb-adherence',
  'assistance',
  'matching',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
// What a donor reads: the aggregates of its programmes' assistance and 1+1 matching, no person (libs/reports
// ASSISTANCE_REPORTS; the API scopes both to the donor's programmes and refuses it every other report).
export const DONOR_REPORTS: readonly ReportName[] = ['assistance', 'matching'];
export const BREAKDOWNS = ['sex', 'ageBand', 'oblast', 'country', 'returnReason', 'caseType', 'status', 'period', 'assistanceType'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
export type PeriodUnit = 'month' | 'quarter';
export type ExportFormat = 'csv' | 'xlsx';

const PERSON = ['sex', 'ageBand', 'oblast', 'country', 'returnReason', 'period'] as const;
export const REPORT_BREAKDOWNS: Record<ReportName, readonly Breakdown[]> = {
  'children-left-behind': ['sex', 'ageBand', 'oblast', 'country', 'returnReason'],
  plans: [...PERSON, 'status'],
  'time-to-plan': PERSON,
  'plan-goals': [...PERSON, 'status'],
  returnees: PERSON,
  cases: [...PERSON, 'caseType', 'status'],
  'time-to-close': [...PERSON, 'caseType'],
  referrals: [...PERSON, 'caseType', 'status'],
  'follow-ups': [...PERSON, 'caseType'],
  'score-change': [...PERSON, 'caseType'],
  'assessment-change': PERSON,
  'documents-recovered': PERSON,
  'tb-adherence': PERSON,
  assistance: ['sex', 'ageBand', 'oblast', 'assistanceType', 'period'],
  matching: ['sex', 'ageBand', 'oblast', 'period'],
};

export type ReportCell = string | number | null;
export type ReportColumn = { key: string; kind: 'dimension' | 'measure'; people?: boolean };
// How the page shows a column: a measure in minor units (key …Minor) of a report whose rows name their currency
// (assistance, matching) is money, formatted per the row's currency and the UI locale.
export type ShownColumn = { key: string; kind: 'dimension' | 'measure' | 'money'; people?: boolean };
export type ReportResult = {
  report: ReportName;
  filters: { from: string; to: string; by: string[]; period: PeriodUnit | null; officeId: string | null; share: 'internal' | 'external' };
  generatedAt: string;
  columns: ReportColumn[];
  rows: Record<string, ReportCell>[];
};

export type ReportSelection = {
  report: ReportName;
  by: Breakdown[];
  period: PeriodUnit;
  from: string;
  to: string;
  officeId: string | null;
  external: boolean;
};

// The picked breakdowns that the report accepts, at most two, in the order picked.
export const validBreakdowns = (report: ReportName, by: readonly string[]): Breakdown[] =>
  [...new Set(by)].filter((b): b is Breakdown => (REPORT_BREAKDOWNS[report] as readonly string[]).includes(b)).slice(0, 2);

// The query string of GET /api/reports/:report for a selection and an output format.
export function reportQuery(s: ReportSelection, format: 'json' | ExportFormat = 'json'): string {
  const params = new URLSearchParams();
  if (s.from) params.set('from', s.from);
  if (s.to) params.set('to', s.to);
  const by = validBreakdowns(s.report, s.by);
  if (by.length) params.set('by', by.join(','));
  if (by.includes('period')) params.set('period', s.period);
  if (s.officeId) params.set('officeId', s.officeId);
  if (s.external) params.set('share', 'external');
  if (format !== 'json') params.set('format', format);
  const q = params.toString();
  return q ? `${s.report}?${q}` : s.report;
}

// The translation key of a dimension value (enum codes), or null when the value is shown as is (periods, names).
export function dimensionValueKey(report: ReportName, dimension: string, value: ReportCell): string | null {
  if (value === null || value === '') return null;
  if (value === 'unknown') return 'app.reports.unknown';
  if (value === 'none') return 'app.reports.none';
  const group: Record<string, string> = {
    sex: 'sex',
    ageBand: 'age_band',
    oblast: 'oblast',
    country: 'country',
    returnReason: 'return_reason',
    caseType: 'case_type',
    occasion: 'score_occasion',
    goalDimension: 'goal_dimension',
    documentType: 'document_type',
    documentCountry: 'country',
    assistanceType: 'assistance_type',
    status: report === 'referrals' ? 'referral_status' : report === 'plans' ? 'plan_status' : report === 'plan-goals' ? 'goal_status' : 'case_status',
  };
  return group[dimension] ? `enums.${group[dimension]}.${String(value)}` : null;
}

// A measure for the chart: suppressed cells ("<5") have no bar.
export const chartValue = (v: ReportCell): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// Default range: the last 12 calendar months up to today (Bishkek day), as the API does.
export function defaultRange(today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number);
  return { from: new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10), to: today };
}

// The columns the page shows, money told apart from counts (ids left out: they mean nothing to a reader).
export function shownColumns(result: Pick<ReportResult, 'columns'>): ShownColumn[] {
  const hasCurrency = result.columns.some((c) => c.key === 'currency');
  return result.columns
    .filter((c) => c.key !== 'organizationId' && c.key !== 'programmeId')
    .map((c) => (c.kind === 'measure' && hasCurrency && c.key.endsWith('Minor') ? { ...c, kind: 'money' as const } : c));
}

// A money cell in the row's currency and the UI locale ("1 234,56 сом", "USD 1,234.56"); a suppressed cell ("<5") as
// the API wrote it; no amount as a dash.
export function moneyCellText(row: Record<string, ReportCell>, key: string, locale: string): string {
  const v = row[key];
  if (v === null || v === undefined || v === '') return '—';
  const currency = row.currency;
  if (typeof v !== 'number' || typeof currency !== 'string' || !currency) return String(v);
  return formatMoney(v, currency, locale);
}

// Today in Bishkek (UTC+6 all year, no daylight saving), as the API counts days.
export const bishkekToday = (now = Date.now()): string => new Date(now + 6 * 3_600_000).toISOString().slice(0, 10);

// GET /api/reports/programme-statements/:programmeId: a programme's donor statement for a range of days as a file.
export type StatementSelection = { programmeId: string; from: string; to: string; format: ExportFormat };
export function statementQuery(s: StatementSelection): string {
  const params = new URLSearchParams({ from: s.from, to: s.to, format: s.format });
  return `programme-statements/${encodeURIComponent(s.programmeId)}?${params.toString()}`;
}

// What is wrong with a statement's range (a catalog key), or undefined.
export function statementRangeProblem(s: Pick<StatementSelection, 'from' | 'to'>): string | undefined {
  if (!s.from || !s.to) return 'app.reports.statement.range_required';
  return s.from <= s.to ? undefined : 'app.reports.bad_range';
}
