// Payload shaping for the admin user screens; the API rejects unknown properties.
export type UserRecord = {
  id: string;
  email: string;
  fullName: string;
  role: 'admin' | 'supervisor' | 'caseworker' | 'ngo_staff' | 'donor';
  officeId: string | null;
  organizationId: string | null;
  // donors: the programmes whose aggregate figures they see
  programmeIds?: string[];
  locale: 'ky' | 'ru' | 'en';
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  password?: string;
};

const text = (v: unknown): string | null => {
  if (v == null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

// Office staff belong to an office, NGO staff to an organisation, admins to neither; donors are granted programmes.
export const needsOffice = (role: unknown): boolean => role === 'supervisor' || role === 'caseworker';
export const needsOrganization = (role: unknown): boolean => role === 'ngo_staff';
export const needsProgrammes = (role: unknown): boolean => role === 'donor';

function common(v: Partial<UserRecord>) {
  return {
    email: text(v.email)?.toLowerCase() ?? '',
    fullName: text(v.fullName) ?? '',
    role: v.role,
    officeId: needsOffice(v.role) ? (v.officeId ?? null) : null,
    organizationId: needsOrganization(v.role) ? (v.organizationId ?? null) : null,
    // a user who stops being a donor loses the grant (the API refuses programmes for other roles)
    programmeIds: needsProgrammes(v.role) ? [...new Set(v.programmeIds ?? [])] : [],
    locale: v.locale ?? 'ru',
  };
}

export const toUserCreate = (v: Partial<UserRecord>) => ({ ...common(v), password: v.password ?? '' });

// An empty password field means "keep the current one".
export const toUserUpdate = (v: Partial<UserRecord>) => ({
  ...common(v),
  active: Boolean(v.active),
  ...(text(v.password) ? { password: v.password } : {}),
});
