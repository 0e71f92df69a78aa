export const RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const LIVES_WHERE = ['with_returnee', 'with_caregiver', 'abroad'] as const;
export type LivesWhere = (typeof LIVES_WHERE)[number];
export const IN_SCHOOL = ['yes', 'no', 'unknown'] as const;
export type InSchool = (typeof IN_SCHOOL)[number];
export const CHILD_CONCERNS = ['no_caregiver', 'not_in_school', 'health', 'disability', 'child_labour_risk', 'other'] as const;
export type ChildConcern = (typeof CHILD_CONCERNS)[number];

// A household of more members than this is refused (a typo or a paste, not a household).
export const MAX_HOUSEHOLD_MEMBERS = 30;
// Under this age a member is a child: caregiver, school and concerns apply only to them.
export const CHILD_AGE = 18;
