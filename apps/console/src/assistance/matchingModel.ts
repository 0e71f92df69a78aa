import type { AssistanceItem, Disbursement } from './assistanceModel.js';
import type { Currency } from './money.js';
import { parseMoney } from './money.js';

// "1+1" matching applications (libs/assistance: matching.ts, dto/matching.dto.ts; test/console checks the mirror).
export const MATCHING_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type MatchingStatus = (typeof MATCHING_STATUSES)[number];
export type MatchLimit = 'cap' | 'budget';
// the 3-month check comes first: the second tranche of the grant waits for it
export const SURVIVAL_MILESTONES = ['3m', '6m', '12m'] as const;
export const BUSINESS_STATUSES = ['operating', 'paused', 'closed'] as const;
export const INCOME_BANDS = ['none', 'up_to_10k', '10k_30k', '30k_60k', 'over_60k'] as const;

export type MatchingApplication = {
  id: string;
  returneeId: string;
  programmeId: string;
  caseId: string;
  currency: Currency;
  businessPlan: {
    sector: string;
    oblast: string;
    district: string;
    description: string;
    totalCostMinor: number;
    expectedMonthlyIncomeMinor: number;
    jobsForOthers: number;
  };
  ownContributionMinor: number;
  matchRatioPercent: number;
  matchCapMinor: number | null;
  matchedMinor: number;
  matchLimitedBy: MatchLimit | null;
  firstTranchePercent: number;
  plannedTranches: { n: number; amountMinor: number; when: 'at_approval' | 'after_3_month_check' }[];
  status: MatchingStatus;
  supervisorApprovedBy: string | null;
  supervisorApprovedAt: string | null;
  adminApprovedBy: string | null;
  adminApprovedAt: string | null;
  rejectionReason: string | null;
  assistanceItemId: string | null;
  // the grant's payments: tranches paid (disburse), reversals, a release of the unpaid rest
  tranches: Pick<Disbursement, 'id' | 'kind' | 'amountMinor' | 'disbursedOn' | 'reason'>[];
  disbursedMinor: number;
  // the follow-ups scheduled on the case at the first tranche (m3 null on applications approved before the 3-month check)
  followUps: { m3?: string | null; m6: string | null; m12: string | null };
  survivalChecks?: {
    id: string;
    milestone: (typeof SURVIVAL_MILESTONES)[number];
    checkedOn: string;
    businessStatus: string;
    monthlyIncomeBand: string;
    peopleEmployed: number;
  }[];
  proposedBy: string;
  createdAt: string;
  version: number;
};

// own × ratio (rounded down: a fraction of a tyiyn is never promised), then the programme's cap, then what the
// business_grant line has available — as the API computes it when the application is made.
export function computeMatch(ownMinor: number, ratioPercent: number, capMinor: number | null, availableMinor: number) {
  const rawMinor = Number((BigInt(ownMinor) * BigInt(ratioPercent)) / 100n);
  let matchedMinor = rawMinor;
  let limitedBy: MatchLimit | null = null;
  if (capMinor !== null && matchedMinor > capMinor) {
    matchedMinor = capMinor;
    limitedBy = 'cap';
  }
  if (matchedMinor > availableMinor) {
    matchedMinor = Math.max(availableMinor, 0);
    limitedBy = 'budget';
  }
  return { rawMinor, matchedMinor, limitedBy };
}

// The first tranche at approval (its percent, rounded down, at least one minor unit), the rest after the 3-month check.
export function firstTranche(matchedMinor: number, firstPercent: number): number {
  return Math.min(matchedMinor, Math.max(1, Math.floor((matchedMinor * firstPercent) / 100)));
}

// Who still has to decide: the office supervisor and an admin, each once, never the proposer.
export function canDecide(a: Pick<MatchingApplication, 'status' | 'supervisorApprovedBy' | 'adminApprovedBy' | 'proposedBy'>, role: unknown, userId?: string) {
  if (a.status !== 'proposed') return { approve: false, reject: false };
  const mine = (role === 'supervisor' && !a.supervisorApprovedBy) || (role === 'admin' && !a.adminApprovedBy);
  return { approve: mine && a.proposedBy !== userId, reject: mine };
}

// How many tranches of the grant were paid (reversals and a release are rows of their own).
export const paidTranches = (a: Pick<MatchingApplication, 'tranches'>): number => a.tranches.filter((t) => t.kind === 'disburse').length;

// The survival checks still to record: after the grant's first tranche, once per milestone.
export const checksDue = (a: Pick<MatchingApplication, 'tranches' | 'survivalChecks'>) =>
  paidTranches(a) === 0 ? [] : SURVIVAL_MILESTONES.filter((m) => !(a.survivalChecks ?? []).some((c) => c.milestone === m));

// Why the next tranche of a 1+1 grant cannot be paid yet, as the API decides it: any tranche after the first (the item
// has a disburse entry) needs the business's 3-month check recorded ('check_3m'), and a business closed at that check
// gets no more money ('closed': the rest is to be released). null: nothing holds it (not a 1+1 grant, the first
// tranche, or the business operating or paused at 3 months).
export type TrancheHold = 'check_3m' | 'closed';
const holdOf = (checks: MatchingApplication['survivalChecks']): TrancheHold | null => {
  const check = (checks ?? []).find((c) => c.milestone === '3m');
  if (!check) return 'check_3m';
  return check.businessStatus === 'closed' ? 'closed' : null;
};
export const trancheHold = (
  item: Pick<AssistanceItem, 'ledger' | 'matchingApplicationId'>,
  a: Pick<MatchingApplication, 'survivalChecks'> | undefined,
): TrancheHold | null => (item.matchingApplicationId && item.ledger.some((e) => e.kind === 'disburse') ? holdOf(a?.survivalChecks) : null);

// The same on the application's card: a grant with its first tranche paid and the rest still to pay (not paid in
// full, not released).
export const applicationHold = (
  a: Pick<MatchingApplication, 'status' | 'tranches' | 'disbursedMinor' | 'matchedMinor' | 'survivalChecks'>,
): TrancheHold | null =>
  a.status === 'approved' && paidTranches(a) > 0 && a.disbursedMinor < a.matchedMinor && !a.tranches.some((t) => t.kind === 'release')
    ? holdOf(a.survivalChecks)
    : null;

export type MatchingValues = {
  programmeId: string;
  caseId: string;
  sector: string;
  oblast: string;
  district: string;
  description: string;
  totalCost: string;
  expectedMonthlyIncome: string;
  jobsForOthers: string;
  ownContribution: string;
  firstTranchePercent: string;
  ownEvidenceDocumentId: string;
  planGoalId: string;
};

export const emptyMatching = (): MatchingValues => ({
  programmeId: '',
  caseId: '',
  sector: '',
  oblast: '',
  district: '',
  description: '',
  totalCost: '',
  expectedMonthlyIncome: '0',
  jobsForOthers: '0',
  ownContribution: '',
  firstTranchePercent: '50',
  ownEvidenceDocumentId: '',
  planGoalId: '',
});

const whole = (s: string, min: number, max: number): number | null => (/^\d+$/.test(s.trim()) && +s >= min && +s <= max ? Number(s) : null);

// The form's own checks (catalog keys by field); the API checks again.
export function matchingProblems(v: MatchingValues, currency: string | undefined): Record<string, string> {
  const req = 'ra.validation.required';
  const p: Record<string, string> = {};
  for (const k of ['programmeId', 'caseId', 'sector', 'oblast'] as const) if (!v[k]) p[k] = req;
  if (!v.district.trim()) p.district = req;
  if (!v.description.trim()) p.description = req;
  const cur = currency ?? 'KGS';
  const total = parseMoney(v.totalCost, cur);
  if (!total) p.totalCost = req;
  else if (total.problem !== undefined) p.totalCost = total.problem;
  const own = parseMoney(v.ownContribution, cur);
  if (!own) p.ownContribution = req;
  else if (own.problem !== undefined) p.ownContribution = own.problem;
  if (v.expectedMonthlyIncome.trim() !== '' && v.expectedMonthlyIncome.trim() !== '0') {
    const income = parseMoney(v.expectedMonthlyIncome, cur);
    if (income?.problem !== undefined) p.expectedMonthlyIncome = income.problem;
  }
  if (whole(v.jobsForOthers, 0, 1000) === null) p.jobsForOthers = 'app.matching.validation.jobs';
  if (whole(v.firstTranchePercent, 1, 100) === null) p.firstTranchePercent = 'app.matching.validation.percent';
  return p;
}

const minorOf = (s: string, currency: string): number => {
  const parsed = parseMoney(s, currency);
  return parsed?.minor ?? 0;
};

// The API body (call matchingProblems first).
export function toMatchingBody(v: MatchingValues, returneeId: string, currency: Currency) {
  return {
    returneeId,
    programmeId: v.programmeId,
    caseId: v.caseId,
    currency,
    businessPlan: {
      sector: v.sector,
      oblast: v.oblast,
      district: v.district.trim(),
      description: v.description.trim(),
      totalCostMinor: minorOf(v.totalCost, currency),
      expectedMonthlyIncomeMinor: minorOf(v.expectedMonthlyIncome, currency),
      jobsForOthers: Number(v.jobsForOthers),
    },
    ownContributionMinor: minorOf(v.ownContribution, currency),
    firstTranchePercent: Number(v.firstTranchePercent),
    ...(v.ownEvidenceDocumentId ? { ownEvidenceDocumentId: v.ownEvidenceDocumentId } : {}),
    ...(v.planGoalId ? { planGoalId: v.planGoalId } : {}),
  };
}
