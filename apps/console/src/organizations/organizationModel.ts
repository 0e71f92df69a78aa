// Payload shaping for partner organisations; the API rejects unknown properties.
export type OrganizationRecord = {
  id: string;
  name: string;
  kind: 'ngo' | 'state' | 'international';
  services: string[];
  oblasts: string[];
  contactEmail: string;
  webhookUrl: string | null;
  notes: string | null;
  active: boolean;
};

const text = (v: unknown): string | null => {
  if (v == null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

export const toOrganizationPayload = (v: Partial<OrganizationRecord>) => ({
  name: text(v.name) ?? '',
  kind: v.kind,
  services: v.services ?? [],
  oblasts: v.oblasts ?? [],
  contactEmail: text(v.contactEmail) ?? '',
  webhookUrl: text(v.webhookUrl),
  notes: text(v.notes),
  active: v.active ?? true,
});
