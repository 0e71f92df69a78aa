// Who is calling. Built by the access lib's guard from the access token; every scoped query takes one.
export const ROLES = ['admin', 'supervisor', 'caseworker', 'ngo_staff', 'donor'] as const;
export type Role = (typeof ROLES)[number];

export type Actor = {
  userId: string;
  role: Role;
  officeId: string | null;
  organizationId: string | null;
  ip: string | null;
};

export const SYSTEM_ACTOR: Actor = { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', officeId: null, organizationId: null, ip: null };
