import { FieldErrors } from '@kaytuu/shared';
import { ageOn } from '../identifiers';
import { CHILD_AGE, ChildConcern, InSchool, LivesWhere, MAX_HOUSEHOLD_MEMBERS, Relation } from './household.types';

export type MemberValues = {
  relation: Relation;
  birthDate: string;
  livesWhere: LivesWhere;
  caregiverName: string | null;
  inSchool: InSchool | null;
  concerns: ChildConcern[];
  linkedReturneeId: string | null;
};

export const isChildOn = (birthDate: string, today: string): boolean => ageOn(birthDate, today) < CHILD_AGE;

// The rules a member's values must meet against its returnee (class-validator has checked each field's form already).
// Field errors, empty when the member may be stored.
export function checkMember(v: MemberValues, returnee: { id: string; birthDate: string }, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (v.birthDate > today) errors.birthDate = 'must not be in the future';
  else if (v.relation === 'child' && v.birthDate < returnee.birthDate) errors.birthDate = "must be after the returnee's birth date for a child";
  if (!isChildOn(v.birthDate, today)) {
    if (v.caregiverName !== null) errors.caregiverName = 'must be empty for a member aged 18 or over';
    if (v.inSchool !== null) errors.inSchool = 'must be empty for a member aged 18 or over';
    if (v.concerns.length > 0) errors.concerns = 'must be empty for a member aged 18 or over';
  }
  if (v.linkedReturneeId !== null && v.linkedReturneeId === returnee.id) errors.linkedReturneeId = 'must be another returnee';
  return errors;
}

export function checkHouseholdSize(existing: number): FieldErrors {
  return existing >= MAX_HOUSEHOLD_MEMBERS ? { returneeId: `must list at most ${MAX_HOUSEHOLD_MEMBERS} household members` } : {};
}

// A child is without a caregiver when the no_caregiver concern is set, or when the child does not live with the
// returnee and nobody is named as caregiver.
export function childWithoutCaregiver(v: Pick<MemberValues, 'birthDate' | 'livesWhere' | 'caregiverName' | 'concerns'>, today: string): boolean {
  if (!isChildOn(v.birthDate, today)) return false;
  return v.concerns.includes('no_caregiver') || (v.livesWhere !== 'with_returnee' && !v.caregiverName);
}

export type HouseholdDerived = { householdSize: number; dependents: number; childWithoutCaregiver: boolean };

// What the returnee's columns become once members are recorded: the household is the returnee plus every member
// (wherever they live), the dependents are the members under 18.
export function deriveHousehold(
  members: Array<Pick<MemberValues, 'birthDate' | 'livesWhere' | 'caregiverName' | 'concerns'>>,
  today: string,
): HouseholdDerived {
  return {
    householdSize: members.length + 1,
    dependents: members.filter((mb) => isChildOn(mb.birthDate, today)).length,
    childWithoutCaregiver: members.some((mb) => childWithoutCaregiver(mb, today)),
  };
}
