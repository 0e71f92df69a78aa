// No imports on purpose: the root jest/tsc (NodeNext) check this file directly, while the console bundles it.
// The referral contract as the console sees it, and the pure rules behind the "Refer" dialog and the status actions.
// The API stays authoritative (consent, directory, transitions); these rules only spare the user a failed submit.

export const REFERRAL_STATUSES = ['sent', 'accepted', 'in_service', 'completed', 'declined', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ['sent', 'accepted', 'in_service'];

// 'documents' is the migration history; 'healthDetails' the health case's details (needs consent scope share_health).
export const SHARED_FIELDS = ['name', 'phone', 'pin', 'address', 'birthDate', 'sex', 'documents', 'healthDetails'] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];
export const DEFAULT_SHARED_FIELDS: SharedField[] = ['name', 'phone'];

// A case can be referred while work on it goes on; pending_closure and closed cases cannot (409 CASE_NOT_ACTIVE).
export const REFERABLE_CASE_STATUSES: readonly string[] = ['open', 'in_progress', 'on_hold'];

export type ReferralEpisode = {
  country: string;
  departedOn?: string | null;
  returnedOn?: string | null;
  returnReason?: string | null;
  entryBan?: boolean | { active?: boolean; until?: string | null } | null;
};

// What an organisation sees of the person: only the shared fields, nothing once consent is withdrawn.
export type SharedReturnee = {
  fullName?: string;
  phone?: string | null;
  pin?: string | null;
  address?: string | null;
  birthDate?: string | null;
  sex?: string | null;
  episodes?: ReferralEpisode[];
};

export type ReferralNote = { id: string; at: string; authorId: string; authorName: string | null; side: 'organization' | 'office'; text: string };
export const NOTE_MAX = 4000;

export type Referral = {
  id: string;
  caseId: string;
  // null when the case is out of the caller's sight (the API still names the referral)
  caseCode: string | null;
  caseType: string | null;
  caseTitle: string | null;
  officeId: string;
  organizationId: string;
  organizationName: string | null;
  status: ReferralStatus;
  // null for organisation staff once the consent no longer covers the case side's words (as caseTitle)
  reason: string | null;
  sharedFields: SharedField[];
  respondBy: string;
  overdue: boolean;
  sentAt: string;
  acceptedAt: string | null;
  inServiceAt: string | null;
  completedAt: string | null;
  declinedAt: string | null;
  cancelledAt: string | null;
  declinedReason: string | null;
  outcome: string | null;
  cancelReason: string | null;
  consentActive: boolean;
  createdBy: string;
  createdByName: string | null;
  version: number;
  allowedTransitions: ReferralStatus[];
  canAddNote?: boolean;
  notes?: ReferralNote[];
  returnee?: SharedReturnee | null;
  returneeId?: string;
  returneeName?: string | null;
  caseDetails: Record<string, unknown> | null;
};

const text = (v: unknown): string | null => {
  if (v == null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

// Bishkek is UTC+6 all year (no DST).
const bishkekDay = (now: Date): string => new Date(now.getTime() + 6 * 3600_000).toISOString().slice(0, 10);

export const isOpenReferral = (r: Pick<Referral, 'status'> | null | undefined): boolean => !!r && OPEN_REFERRAL_STATUSES.includes(r.status);

// Same rule as the API's `overdue`: still waiting for an answer after respondBy.
export function isReferralOverdue(r: Pick<Referral, 'status' | 'respondBy'> & { overdue?: boolean }, now: Date = new Date()): boolean {
  if (typeof r.overdue === 'boolean') return r.overdue;
  const due = Date.parse(r.respondBy);
  return r.status === 'sent' && !Number.isNaN(due) && due < now.getTime();
}

// healthDetails is offered for health cases only: other cases have no health details to share.
export const sharedFieldsFor = (caseType: string | undefined): SharedField[] =>
  SHARED_FIELDS.filter((f) => f !== 'healthDetails' || caseType === 'health_referral');

export type ConsentLike = { scope: string[]; active?: boolean; givenAt?: string | null; expiresAt?: string | null; withdrawnAt?: string | null };

// The API's `active` when present; otherwise given, not withdrawn and not expired at `now`.
export function isConsentInForce(c: ConsentLike, now: Date = new Date()): boolean {
  if (typeof c.active === 'boolean') return c.active;
  const t = now.getTime();
  const at = (v: string | null | undefined) => (v ? Date.parse(v) : Number.NaN);
  const given = at(c.givenAt);
  if (!Number.isNaN(given) && given > t) return false;
  if (c.withdrawnAt && at(c.withdrawnAt) <= t) return false;
  return !(c.expiresAt && at(c.expiresAt) <= t);
}

export type ConsentProblem = 'no_ngo_consent' | 'no_health_consent' | null;

// A referral is sent under one consent, so one consent in force must cover everything the referral shares.
export function consentProblem(consents: ConsentLike[], shared: readonly SharedField[], now: Date = new Date()): ConsentProblem {
  const inForce = consents.filter((c) => isConsentInForce(c, now) && c.scope.includes('share_with_ngo'));
  if (inForce.length === 0) return 'no_ngo_consent';
  if (shared.includes('healthDetails') && !inForce.some((c) => c.scope.includes('share_health'))) return 'no_health_consent';
  return null;
}

export type ReferralFormValues = { organizationId: string; reason: string; respondBy: string; sharedFields: SharedField[] };
export type ReferralFormErrors = Partial<Record<'organizationId' | 'reason' | 'respondBy' | 'sharedFields', string>>;

export const REASON_MAX = 2000;

// A "respond by" day means the end of that day in Bishkek.
export function respondByFromDay(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  if (s.length > 10) return new Date(s).toISOString();
  return new Date(`${s}T23:59:59+06:00`).toISOString();
}

// Error keys per field (empty when the form may be sent).
export function validateReferralForm(v: ReferralFormValues, now: Date = new Date()): ReferralFormErrors {
  const errors: ReferralFormErrors = {};
  if (!text(v.organizationId)) errors.organizationId = 'app.referrals.validation.organization_required';
  const reason = text(v.reason);
  if (!reason) errors.reason = 'app.referrals.validation.reason_required';
  else if (reason.length > REASON_MAX) errors.reason = 'app.referrals.validation.reason_too_long';
  const day = text(v.respondBy);
  if (day && day.slice(0, 10) < bishkekDay(now)) errors.respondBy = 'app.referrals.validation.respond_by_past';
  // the API wants at least one field: an organisation cannot serve a person it cannot identify
  if (v.sharedFields.length === 0) errors.sharedFields = 'app.referrals.validation.shared_required';
  return errors;
}

// POST /api/referrals: fields in the contract's order, only those the case type allows; no respondBy means the API's default.
export function toReferralCreate(caseId: string, caseType: string | undefined, v: ReferralFormValues) {
  const allowed = sharedFieldsFor(caseType);
  const respondBy = respondByFromDay(v.respondBy);
  return {
    caseId,
    organizationId: v.organizationId,
    reason: text(v.reason) ?? '',
    ...(respondBy ? { respondBy } : {}),
    sharedFields: allowed.filter((f) => v.sharedFields.includes(f)),
  };
}

// PUT /api/referrals/:id: a status change carrying the version the user saw, with the text that status needs.
export function toReferralTransition(record: Pick<Referral, 'version'>, status: ReferralStatus, note?: string | null) {
  const t = text(note);
  const extra =
    status === 'declined'
      ? { declinedReason: t ?? '' }
      : status === 'completed'
        ? { outcome: t ?? '' }
        : status === 'cancelled' && t
          ? { cancelReason: t }
          : {};
  return { version: record.version, status, ...extra };
}

// Declining and completing need a text; cancelling takes an optional reason; the rest is one click.
export const transitionNeedsText = (status: ReferralStatus): 'required' | 'optional' | 'none' =>
  status === 'declined' || status === 'completed' ? 'required' : status === 'cancelled' ? 'optional' : 'none';

// The service directory: the organisations of the case's service in the returnee's oblast, or all of them.
export const directoryFilter = (service: string, oblast: string | null | undefined) => ({
  service,
  active: true,
  ...(oblast ? { oblast } : {}),
});

export const referralRepresentation = (r: Pick<Referral, 'caseCode' | 'organizationName'>): string => `${r.caseCode ?? '—'} → ${r.organizationName ?? '—'}`;
