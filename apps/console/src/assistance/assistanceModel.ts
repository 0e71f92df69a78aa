import { parseMoney, type Currency } from './money.js';

// The assistance vocabularies of the API contract (libs/assistance/src/assistance.types.ts; test/console checks them).
export const ASSISTANCE_TYPES = ['business_grant', 'in_kind', 'training_voucher', 'medical_costs', 'legal_fees', 'transport', 'other'] as const;
export type AssistanceType = (typeof ASSISTANCE_TYPES)[number];
export const ASSISTANCE_STATUSES = ['proposed', 'approved', 'rejected', 'disbursed', 'verified', 'cancelled'] as const;
export type AssistanceStatus = (typeof ASSISTANCE_STATUSES)[number];
export const DISBURSEMENT_METHODS = ['bank_transfer', 'mobile_wallet', 'cash', 'in_kind_delivery'] as const;
export type DisbursementMethod = (typeof DISBURSEMENT_METHODS)[number];
export const USED_AS_INTENDED = ['yes', 'partly', 'no'] as const;
export type UsedAsIntended = (typeof USED_AS_INTENDED)[number];
export const LEDGER_KINDS = ['commit', 'release', 'disburse', 'reverse'] as const;
// The rows of an item's payments: a tranche paid, money taken back, the unpaid rest released (with its reason).
export const DISBURSEMENT_KINDS = ['disburse', 'reverse', 'release'] as const;
export type DisbursementKind = (typeof DISBURSEMENT_KINDS)[number];

export type Eligibility = {
  returnedWithinMonths?: number | null;
  ageMin?: number | null;
  ageMax?: number | null;
  vulnerabilitiesAny?: string[] | null;
  hasApprovedPlan?: boolean | null;
};

export type BudgetLine = {
  id: string;
  assistanceType: AssistanceType;
  amountMinor: number;
  committedMinor: number;
  disbursedMinor: number;
  availableMinor: number;
};

export type Programme = {
  id: string;
  name: string;
  funder: string;
  currency: Currency;
  startsOn: string;
  endsOn: string;
  oblasts: string[];
  assistanceTypes: AssistanceType[];
  eligibility: Eligibility;
  approvalThresholdMinor: number | null;
  // 1+1 matching: som matched per 100 som of own money (null: no matching), and the most one application gets
  matchRatioPercent?: number | null;
  matchCapMinor?: number | null;
  active: boolean;
  lines: BudgetLine[];
  version: number;
};

export type LedgerEntry = { id: string; kind: (typeof LEDGER_KINDS)[number]; amountMinor: number; at: string; actorId: string };

export type Disbursement = {
  id: string;
  kind: DisbursementKind;
  amountMinor: number;
  disbursedOn: string | null;
  method: DisbursementMethod | null;
  reference: string | null;
  documentId: string | null;
  reason: string | null;
  at: string;
  actorId: string;
};

export type AssistanceItem = {
  id: string;
  returneeId: string;
  programmeId: string;
  budgetLineId: string;
  caseId: string | null;
  type: AssistanceType;
  amountMinor: number;
  currency: Currency;
  details: { items?: { name: string; quantity: number }[]; supplier?: string; course?: string; provider?: string };
  justification: string;
  status: AssistanceStatus;
  firstApprovedBy: string | null;
  firstApprovedAt: string | null;
  secondApprovedBy: string | null;
  secondApprovedAt: string | null;
  needsSecondApproval: boolean;
  rejectionReason: string | null;
  disbursedOn: string | null;
  disbursementMethod: DisbursementMethod | null;
  disbursementReference: string | null;
  disbursedMinor: number | null;
  // what is still committed (tranches of a 1+1 grant), and the application the grant came from
  committedMinor?: number;
  reversedMinor?: number;
  // the tranches paid, reversals and a release of the rest, in order
  disbursements?: Disbursement[];
  matchingApplicationId?: string | null;
  usedAsIntended: UsedAsIntended | null;
  verificationNote: string | null;
  verifiedAt: string | null;
  cancelReason: string | null;
  proposedBy: string;
  ledger: LedgerEntry[];
  createdAt: string;
  version: number;
};

// ── Programmes ──────────────────────────────────────────────────────────────────────────────────────────────────────

// The programme form's values: amounts already in minor units (MoneyInput), or the typed text while it is not one.
export type ProgrammeFormValues = Partial<Omit<Programme, 'lines' | 'approvalThresholdMinor' | 'matchCapMinor'>> & {
  lines?: Array<{ assistanceType?: AssistanceType; amountMinor?: number | string | null }>;
  approvalThresholdMinor?: number | string | null;
  matchCapMinor?: number | string | null;
};

const text = (v: unknown): string => String(v ?? '').trim();
const wholeOrNull = (v: unknown): number | null => (v === '' || v == null || !Number.isFinite(Number(v)) ? null : Math.trunc(Number(v)));

// Only the rules set: an absent rule is not checked by the API.
export function eligibilityPayload(e: Eligibility | undefined): Eligibility {
  const out: Eligibility = {};
  const months = wholeOrNull(e?.returnedWithinMonths);
  const ageMin = wholeOrNull(e?.ageMin);
  const ageMax = wholeOrNull(e?.ageMax);
  if (months !== null) out.returnedWithinMonths = months;
  if (ageMin !== null) out.ageMin = ageMin;
  if (ageMax !== null) out.ageMax = ageMax;
  if (e?.vulnerabilitiesAny?.length) out.vulnerabilitiesAny = [...e.vulnerabilitiesAny];
  if (e?.hasApprovedPlan) out.hasApprovedPlan = true;
  return out;
}

// The API body of a programme: the types it funds are those it has a budget line for.
export function toProgrammePayload(v: ProgrammeFormValues) {
  const lines = (v.lines ?? [])
    .filter((l) => l?.assistanceType)
    .map((l) => ({ assistanceType: l.assistanceType as AssistanceType, amountMinor: l.amountMinor as number }));
  return {
    name: text(v.name),
    funder: text(v.funder),
    currency: v.currency,
    startsOn: text(v.startsOn).slice(0, 10),
    endsOn: text(v.endsOn).slice(0, 10),
    oblasts: [...(v.oblasts ?? [])],
    assistanceTypes: [...new Set(lines.map((l) => l.assistanceType))],
    lines,
    approvalThresholdMinor: typeof v.approvalThresholdMinor === 'number' ? v.approvalThresholdMinor : null,
    matchRatioPercent: wholeOrNull(v.matchRatioPercent),
    matchCapMinor: typeof v.matchCapMinor === 'number' ? v.matchCapMinor : null,
    eligibility: eligibilityPayload(v.eligibility),
    active: v.active ?? true,
  };
}

export const toProgrammeUpdate = (v: ProgrammeFormValues) => ({ ...toProgrammePayload(v), ...(v.version ? { version: v.version } : {}) });

// The programme form's own checks (catalog keys by field); the API stays authoritative.
export function programmeProblems(v: ProgrammeFormValues): Record<string, string> {
  const problems: Record<string, string> = {};
  if (v.startsOn && v.endsOn && text(v.endsOn) < text(v.startsOn)) problems.endsOn = 'app.programmes.validation.ends_before_start';
  const types = (v.lines ?? []).map((l) => l?.assistanceType).filter(Boolean);
  if (types.length === 0) problems.lines = 'app.programmes.validation.lines_required';
  else if (new Set(types).size !== types.length) problems.lines = 'app.programmes.validation.line_twice';
  const e = v.eligibility;
  const ageMin = wholeOrNull(e?.ageMin);
  const ageMax = wholeOrNull(e?.ageMax);
  if (ageMin !== null && ageMax !== null && ageMax < ageMin) problems['eligibility.ageMax'] = 'app.programmes.validation.age_band';
  return problems;
}

// The bar of a budget line: disbursed, then committed, then what is left, in percent of the budget.
export function budgetShares(line: Pick<BudgetLine, 'amountMinor' | 'committedMinor' | 'disbursedMinor' | 'availableMinor'>) {
  const whole = line.amountMinor > 0 ? line.amountMinor : 0;
  const pct = (n: number) => (whole > 0 ? Math.max(0, Math.min(100, (n / whole) * 100)) : 0);
  const disbursed = pct(line.disbursedMinor);
  const committed = Math.min(100 - disbursed, pct(line.committedMinor));
  return { disbursed, committed, available: Math.max(0, 100 - disbursed - committed) };
}

// A programme's totals over its lines (same currency): for the dashboard's "budget left".
export function programmeTotals(p: Pick<Programme, 'lines'>) {
  const sum = (k: 'amountMinor' | 'committedMinor' | 'disbursedMinor' | 'availableMinor') => p.lines.reduce((n, l) => n + l[k], 0);
  return {
    amountMinor: sum('amountMinor'),
    committedMinor: sum('committedMinor'),
    disbursedMinor: sum('disbursedMinor'),
    availableMinor: sum('availableMinor'),
  };
}

// ── Assistance items ───────────────────────────────────────────────────────────────────────────────────────────────

export const STATUS_COLORS: Record<AssistanceStatus, 'default' | 'info' | 'primary' | 'success' | 'error' | 'warning'> = {
  proposed: 'warning',
  approved: 'info',
  rejected: 'error',
  disbursed: 'primary',
  verified: 'success',
  cancelled: 'default',
};

// Whose approval an item waits for: the office supervisor's first, then (above the threshold) an admin's second.
export function awaitsApprovalBy(item: Pick<AssistanceItem, 'status' | 'firstApprovedBy' | 'needsSecondApproval'>): 'supervisor' | 'admin' | null {
  if (item.status !== 'proposed') return null;
  if (!item.firstApprovedBy) return 'supervisor';
  return item.needsSecondApproval ? 'admin' : null;
}

// What a role may do with an item now (the API checks it again, the proposer's own approval included).
export function itemActions(
  item: Pick<AssistanceItem, 'status' | 'firstApprovedBy' | 'needsSecondApproval' | 'proposedBy' | 'committedMinor'>,
  role: unknown,
  userId?: string,
) {
  const staff = role === 'supervisor' || role === 'caseworker';
  const waits = awaitsApprovalBy(item);
  const approver = (waits === 'supervisor' && role === 'supervisor') || (waits === 'admin' && role === 'admin');
  return {
    approve: approver && item.proposedBy !== userId,
    reject: approver,
    // a 1+1 grant is paid in tranches: more while some of it is still committed
    disburse: staff && (item.status === 'approved' || (item.status === 'disbursed' && (item.committedMinor ?? 0) > 0)),
    verify: staff && item.status === 'disbursed',
    cancel: staff && (item.status === 'proposed' || item.status === 'approved'),
  };
}

export type ProposeValues = {
  programmeId: string;
  type: AssistanceType | '';
  amount: string;
  justification: string;
  caseId: string;
  planGoalId: string;
  details: { items: { name: string; quantity: string }[]; supplier: string; course: string; provider: string };
};

export const emptyProposal = (): ProposeValues => ({
  programmeId: '',
  type: '',
  amount: '',
  justification: '',
  caseId: '',
  planGoalId: '',
  details: { items: [{ name: '', quantity: '1' }], supplier: '', course: '', provider: '' },
});

// The form's own checks before the API's: what is required, the amount in the programme's currency, the type's details.
export function proposeProblems(v: ProposeValues, programme: Pick<Programme, 'currency' | 'lines'> | undefined): Record<string, string> {
  const problems: Record<string, string> = {};
  const required = 'ra.validation.required';
  if (!v.programmeId) problems.programmeId = required;
  if (!v.type) problems.type = required;
  else if (programme && !programme.lines.some((l) => l.assistanceType === v.type)) problems.type = 'app.assistance.validation.type_not_funded';
  const money = parseMoney(v.amount, programme?.currency ?? 'KGS');
  if (!money) problems.amount = required;
  else if (money.problem !== undefined) problems.amount = money.problem;
  else {
    const line = programme?.lines.find((l) => l.assistanceType === v.type);
    if (line && money.minor > line.availableMinor) problems.amount = 'app.assistance.validation.over_available';
  }
  if (!v.justification.trim()) problems.justification = required;
  if (v.type === 'in_kind') {
    v.details.items.forEach((it, i) => {
      if (!it.name.trim()) problems[`details.items.${i}.name`] = required;
      const q = Number(it.quantity);
      if (!/^\d+$/.test(String(it.quantity).trim()) || q < 1 || q > 100000) problems[`details.items.${i}.quantity`] = 'app.assistance.validation.quantity';
    });
    if (!v.details.supplier.trim()) problems['details.supplier'] = required;
  }
  if (v.type === 'training_voucher') {
    if (!v.details.course.trim()) problems['details.course'] = required;
    if (!v.details.provider.trim()) problems['details.provider'] = required;
  }
  return problems;
}

// The API body of a proposal (call proposeProblems first): only the details of the chosen type.
export function toProposal(v: ProposeValues, returneeId: string, programme: Pick<Programme, 'currency'>) {
  const details =
    v.type === 'in_kind'
      ? { items: v.details.items.map((i) => ({ name: i.name.trim(), quantity: Number(i.quantity) })), supplier: v.details.supplier.trim() }
      : v.type === 'training_voucher'
        ? { course: v.details.course.trim(), provider: v.details.provider.trim() }
        : undefined;
  return {
    returneeId,
    programmeId: v.programmeId,
    type: v.type as AssistanceType,
    amountMinor: (parseMoney(v.amount, programme.currency) as { minor: number }).minor,
    currency: programme.currency,
    justification: v.justification.trim(),
    ...(details ? { details } : {}),
    ...(v.caseId ? { caseId: v.caseId } : {}),
    ...(v.planGoalId ? { planGoalId: v.planGoalId } : {}),
  };
}
