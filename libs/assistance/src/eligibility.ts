import type { EligibilityFacts } from '@kaytuu/returnees';
import { Eligibility, EligibilityRow, EligibilityRule } from './assistance.types';

export type EligibilityInput = { oblasts: string[]; rules: Eligibility; facts: EligibilityFacts; hasApprovedPlan: boolean; today: string };
export type EligibilityFailure = { rule: EligibilityRule; why: string };

// Full years between a birth date and a day (both YYYY-MM-DD).
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

// The day N months before `day` (clamped to the month's last day).
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// The first rule the returnee fails, in a fixed order, or null: eligible.
export function firstFailedRule(input: EligibilityInput): EligibilityFailure | null {
  const { oblasts, rules, facts, today } = input;
  if (oblasts.length && !oblasts.includes(facts.oblast)) return { rule: 'oblast', why: `lives in ${facts.oblast}, the programme serves ${oblasts.join(', ')}` };
  if (rules.returnedWithinMonths !== undefined) {
    const since = monthsBefore(today, rules.returnedWithinMonths);
    if (!facts.lastReturnedOn) return { rule: 'returnedWithinMonths', why: 'no return date is recorded' };
    if (facts.lastReturnedOn < since) {
      return { rule: 'returnedWithinMonths', why: `returned on ${facts.lastReturnedOn}, more than ${rules.returnedWithinMonths} months ago` };
    }
  }
  const age = ageOn(facts.birthDate, today);
  if (rules.ageMin !== undefined && age < rules.ageMin) return { rule: 'ageMin', why: `aged ${age}, the minimum is ${rules.ageMin}` };
  if (rules.ageMax !== undefined && age > rules.ageMax) return { rule: 'ageMax', why: `aged ${age}, the maximum is ${rules.ageMax}` };
  if (rules.vulnerabilitiesAny?.length && !rules.vulnerabilitiesAny.some((v) => facts.vulnerabilities.includes(v))) {
    return { rule: 'vulnerabilitiesAny', why: `none of ${rules.vulnerabilitiesAny.join(', ')}` };
  }
  if (rules.hasApprovedPlan && !input.hasApprovedPlan) return { rule: 'hasApprovedPlan', why: 'no approved reintegration plan is in force' };
  return null;
}

// The stored form (jsonb, the vocabulary's snake_case keys) and back.
export function eligibilityToRow(e: Eligibility): EligibilityRow {
  const row: EligibilityRow = {};
  if (e.returnedWithinMonths !== undefined) row.returned_within_months = e.returnedWithinMonths;
  if (e.ageMin !== undefined) row.age_min = e.ageMin;
  if (e.ageMax !== undefined) row.age_max = e.ageMax;
  if (e.vulnerabilitiesAny !== undefined) row.vulnerabilities_any = e.vulnerabilitiesAny;
  if (e.hasApprovedPlan !== undefined) row.has_approved_plan = e.hasApprovedPlan;
  return row;
}

export function eligibilityFromRow(row: EligibilityRow): Eligibility {
  const e: Eligibility = {};
  if (typeof row.returned_within_months === 'number') e.returnedWithinMonths = row.returned_within_months;
  if (typeof row.age_min === 'number') e.ageMin = row.age_min;
  if (typeof row.age_max === 'number') e.ageMax = row.age_max;
  if (Array.isArray(row.vulnerabilities_any)) e.vulnerabilitiesAny = row.vulnerabilities_any;
  if (typeof row.has_approved_plan === 'boolean') e.hasApprovedPlan = row.has_approved_plan;
  return e;
}
