// No imports on purpose: the root jest may check this file directly, while the console bundles it.

// Mirrors libs/returnees/src/household/household.types.ts.
export const RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const LIVES_WHERE = ['with_returnee', 'with_caregiver', 'abroad'] as const;
export type LivesWhere = (typeof LIVES_WHERE)[number];
export const IN_SCHOOL = ['yes', 'no', 'unknown'] as const;
export type InSchool = (typeof IN_SCHOOL)[number];
export const CHILD_CONCERNS = ['no_caregiver', 'not_in_school', 'health', 'disability', 'child_labour_risk', 'other'] as const;
export type ChildConcern = (typeof CHILD_CONCERNS)[number];
export const CHILD_AGE = 18;

export type HouseholdMember = {
  id: string;
  returneeId: string;
  relation: Relation;
  lastName: string;
  firstName: string;
  sex: 'female' | 'male';
  birthDate: string;
  age: number;
  livesWhere: LivesWhere;
  caregiverName: string | null;
  inSchool: InSchool | null;
  concerns: ChildConcern[];
  linkedReturneeId: string | null;
  withoutCaregiver: boolean;
  version: number;
};

// What the member form holds: text inputs hold '' for "not set".
export type MemberValues = {
  relation: Relation | '';
  lastName: string;
  firstName: string;
  sex: 'female' | 'male' | '';
  birthDate: string;
  livesWhere: LivesWhere | '';
  caregiverName: string;
  inSchool: InSchool | '';
  concerns: ChildConcern[];
  linkedReturneeId: string | null;
};

// Bishkek has no daylight saving: its calendar day is UTC+6.
export const bishkekToday = (now: Date = new Date()): string => new Date(now.getTime() + 6 * 3_600_000).toISOString().slice(0, 10);

// Full years between a YYYY-MM-DD birth date and a YYYY-MM-DD day, as the server counts them.
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

// A member is a child (caregiver, school and concerns apply) while under 18; no date yet: not known, so not shown.
export const isChild = (birthDate: string, today: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(birthDate) && ageOn(birthDate, today) < CHILD_AGE;

export const emptyMember = (): MemberValues => ({
  relation: 'child',
  lastName: '',
  firstName: '',
  sex: '',
  birthDate: '',
  livesWhere: 'with_returnee',
  caregiverName: '',
  inSchool: '',
  concerns: [],
  linkedReturneeId: null,
});

export const memberValues = (m: HouseholdMember): MemberValues => ({
  relation: m.relation,
  lastName: m.lastName,
  firstName: m.firstName,
  sex: m.sex,
  birthDate: m.birthDate,
  livesWhere: m.livesWhere,
  caregiverName: m.caregiverName ?? '',
  inSchool: m.inSchool ?? '',
  concerns: m.concerns ?? [],
  linkedReturneeId: m.linkedReturneeId,
});

// The form's own checks (catalog keys); the server checks the rest (a child born before the returnee…).
export function memberProblems(v: MemberValues, today: string): Record<string, string | undefined> {
  const need = (s: string) => (s.trim() ? undefined : 'ra.validation.required');
  return {
    relation: need(v.relation),
    lastName: need(v.lastName),
    firstName: need(v.firstName),
    sex: need(v.sex),
    birthDate: need(v.birthDate) ?? (v.birthDate > today ? 'app.household.validation.birth_future' : undefined),
    livesWhere: need(v.livesWhere),
  };
}

// The body of POST (create) or PUT (update, with the version): the child-only fields are cleared for an adult
// (the server refuses them), and on create left out when empty.
export function toMemberBody(v: MemberValues, today: string, version?: number): Record<string, unknown> {
  const child = isChild(v.birthDate, today);
  const body: Record<string, unknown> = {
    relation: v.relation,
    lastName: v.lastName.trim(),
    firstName: v.firstName.trim(),
    sex: v.sex,
    birthDate: v.birthDate,
    livesWhere: v.livesWhere,
  };
  const caregiverName = child && v.caregiverName.trim() ? v.caregiverName.trim() : null;
  const inSchool = child && v.inSchool ? v.inSchool : null;
  const concerns = child ? v.concerns : [];
  if (version === undefined) {
    if (caregiverName) body.caregiverName = caregiverName;
    if (inSchool) body.inSchool = inSchool;
    if (concerns.length) body.concerns = concerns;
    if (v.linkedReturneeId) body.linkedReturneeId = v.linkedReturneeId;
    return body;
  }
  return { ...body, version, caregiverName, inSchool, concerns, linkedReturneeId: v.linkedReturneeId };
}
