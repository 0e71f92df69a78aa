import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CommonError, FieldErrors, validationFailed } from '@kaytuu/shared';
import { CaseType } from './case-file.entity';
import { CasesError } from './cases.errors';
import { HealthReferralDetails, JobPlacementDetails, LegalAidDetails, PensionClaimDetails } from './dto/case-details.dto';
import { computePensionDerived, findPeriodProblems, PensionPeriod } from './pension';

type DetailsClass = new () => object;
const DETAILS_CLASS: Record<CaseType, DetailsClass> = {
  health_referral: HealthReferralDetails,
  legal_aid: LegalAidDetails,
  job_placement: JobPlacementDetails,
  pension_claim: PensionClaimDetails,
};

export type CaseDetails = Record<string, unknown>;

// Validates `details` against its type's class (unknown keys → 400, keys prefixed "details."), then the semantic
// rules (pension periods → 422). Returns the plain object to store: only client-owned fields, never derived ones.
export function parseDetails(type: CaseType, raw: unknown): CaseDetails {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw CommonError.validation({ details: 'must be an object' });
  const instance = plainToInstance(DETAILS_CLASS[type], raw);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length) throw validationFailed(errors, 'details', `The details do not fit a ${type} case`);
  const details = JSON.parse(JSON.stringify(instance)) as CaseDetails;
  if (type === 'pension_claim') checkPensionPeriods(details.periods as PensionPeriod[]);
  return details;
}

function checkPensionPeriods(periods: PensionPeriod[]): void {
  const problems = findPeriodProblems(periods);
  if (!problems.length) return;
  const errors: FieldErrors = {};
  for (const p of problems) errors[`details.periods[${p.index}].${p.field}`] ??= p.message;
  throw CasesError.invalid(errors, 'Work periods must not overlap and must not end before they start');
}

// What a client sees: stored details plus, for pension claims, the read-only derived figures. A pension claim's
// `missingDocuments` is not derived here: the recovery context adds it from the claim's checklist (CaseHooks.onPresent).
export function presentDetails(type: CaseType, stored: CaseDetails): CaseDetails {
  if (type !== 'pension_claim' || !Array.isArray(stored.periods) || typeof stored.country !== 'string') return { ...stored };
  const periods = stored.periods as PensionPeriod[];
  const derived = computePensionDerived(stored.country, periods);
  return {
    ...stored,
    periods: periods.map((p, i) => ({ ...p, underEaeuAgreement: derived.underEaeuAgreement[i] })),
    insuredMonths: derived.insuredMonths,
    eaeuMonths: derived.eaeuMonths,
  };
}

// Only the names of changed keys go into the timeline: details may hold health data, which events never copy.
export function changedDetailKeys(before: CaseDetails, after: CaseDetails): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => stableJson(before[k] ?? null) !== stableJson(after[k] ?? null)).sort();
}

// jsonb hands keys back in its own order, so compare with sorted keys at every level
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
