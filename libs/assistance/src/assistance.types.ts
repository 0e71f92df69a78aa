// The vocabularies of assistance (issue 19), as the migration's CHECK constraints list them.
export const CURRENCIES = ['KGS', 'USD', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const ASSISTANCE_TYPES = ['business_grant', 'in_kind', 'training_voucher', 'medical_costs', 'legal_fees', 'transport', 'other'] as const;
export type AssistanceType = (typeof ASSISTANCE_TYPES)[number];
export const ASSISTANCE_STATUSES = ['proposed', 'approved', 'rejected', 'disbursed', 'verified', 'cancelled'] as const;
export type AssistanceStatus = (typeof ASSISTANCE_STATUSES)[number];
export const DISBURSEMENT_METHODS = ['bank_transfer', 'mobile_wallet', 'cash', 'in_kind_delivery'] as const;
export type DisbursementMethod = (typeof DISBURSEMENT_METHODS)[number];
// The rows next to disburse, reverse and release ledger entries (assistance_disbursement.kind).
export type DisbursementKind = 'disburse' | 'reverse' | 'release';
export const USED_AS_INTENDED = ['yes', 'partly', 'no'] as const;
export type UsedAsIntended = (typeof USED_AS_INTENDED)[number];
// commit: an approval reserves the amount; release: a cancel (or the undisbursed rest) frees it; disburse: the
// commitment turns into money paid out; reverse: a disbursement taken back.
export const LEDGER_KINDS = ['commit', 'release', 'disburse', 'reverse'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

// A programme's eligibility rules, from a small fixed vocabulary; an absent rule is not checked.
export type Eligibility = {
  returnedWithinMonths?: number;
  ageMin?: number;
  ageMax?: number;
  vulnerabilitiesAny?: string[];
  hasApprovedPlan?: boolean;
};
// How the rules are stored (programme.eligibility jsonb): the vocabulary's snake_case keys.
export type EligibilityRow = {
  returned_within_months?: number;
  age_min?: number;
  age_max?: number;
  vulnerabilities_any?: string[];
  has_approved_plan?: boolean;
};
export const ELIGIBILITY_RULES = ['oblast', 'returnedWithinMonths', 'ageMin', 'ageMax', 'vulnerabilitiesAny', 'hasApprovedPlan'] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

// In kind: what is bought and from whom; a training voucher: which course and who gives it. Other types carry nothing.
export type AssistanceDetails = {
  items?: Array<{ name: string; quantity: number }>;
  supplier?: string;
  course?: string;
  provider?: string;
};

// The day in Bishkek (UTC+6, no daylight saving): programme dates and ages are calendar days there.
export const bishkekToday = (now: Date): string => new Date(now.getTime() + 6 * 3_600_000).toISOString().slice(0, 10);

// "1+1" matching: an application is proposed, then approved by the committee (office supervisor and admin, either
// order; the second approval makes the business_grant item) or rejected.
export const MATCHING_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type MatchingStatus = (typeof MATCHING_STATUSES)[number];
// What held the matched amount below own × ratio: the programme's cap per application, or the budget line's available.
export type MatchLimit = 'cap' | 'budget';
// Business survival checks at 3, 6 and 12 months after the first tranche (the 3-month one gates the next tranche).
export const SURVIVAL_MILESTONES = ['3m', '6m', '12m'] as const;
export type SurvivalMilestone = (typeof SURVIVAL_MILESTONES)[number];
export const BUSINESS_STATUSES = ['operating', 'paused', 'closed'] as const;
export type BusinessStatus = (typeof BUSINESS_STATUSES)[number];
// Monthly income of the business, in KGS a month (bands, not amounts: reports count people per band).
export const INCOME_BANDS = ['none', 'up_to_10k', '10k_30k', '30k_60k', 'over_60k'] as const;
export type IncomeBand = (typeof INCOME_BANDS)[number];
