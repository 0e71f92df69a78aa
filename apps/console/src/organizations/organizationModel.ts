// Payload shaping for partner organisations; the API rejects unknown properties.
export type OrganizationRecord = {
  id: string;
  name: string;
  kind: 'ngo' | 'state' | 'international';
  services: string[];
  oblasts: string[];
  // job sectors a job-placement partner places people in; capacity: places a month (null: not stated)
  sectors: string[];
  capacity: number | null;
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

// The form's number input gives a number, an empty string or null; the API wants a whole number ≥ 0 or null.
export const capacityValue = (v: unknown): number | null => {
  if (v == null || (typeof v === 'string' && v.trim() === '')) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

export const toOrganizationPayload = (v: Partial<OrganizationRecord>) => ({
  name: text(v.name) ?? '',
  kind: v.kind,
  services: v.services ?? [],
  oblasts: v.oblasts ?? [],
  sectors: v.sectors ?? [],
  capacity: capacityValue(v.capacity),
  contactEmail: text(v.contactEmail) ?? '',
  webhookUrl: text(v.webhookUrl),
  notes: text(v.notes),
  active: v.active ?? true,
});
