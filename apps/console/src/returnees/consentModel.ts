// No imports on purpose: the root jest/tsc (NodeNext) check this file directly, while the console bundles it.
// Pure rules and payload shaping for the returnee's consents tab; the API stays authoritative.

export const CONSENT_SCOPES = ['data_processing', 'share_with_ngo', 'share_health', 'contact_by_phone', 'contact_by_telegram'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export type ConsentRecord = {
  id: string;
  returneeId: string;
  scope: string[];
  givenAt: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
  recordedBy: string | null;
  createdAt: string;
  // computed by the API at the time of the request
  active: boolean;
};

export type ConsentStatus = 'active' | 'withdrawn' | 'expired' | 'pending';

// The API's `active` decides; the status only says why a consent is not in force.
export function consentStatus(c: Pick<ConsentRecord, 'active' | 'withdrawnAt' | 'expiresAt' | 'givenAt'>, now: Date = new Date()): ConsentStatus {
  if (c.withdrawnAt) return 'withdrawn';
  if (c.active) return 'active';
  if (c.expiresAt && Date.parse(c.expiresAt) <= now.getTime()) return 'expired';
  return Date.parse(c.givenAt) > now.getTime() ? 'pending' : 'expired';
}

// Only a consent that is or will be in force can be withdrawn; withdrawing an expired one would change nothing.
export const canWithdraw = (c: Pick<ConsentRecord, 'active' | 'withdrawnAt' | 'expiresAt' | 'givenAt'>, now: Date = new Date()): boolean => {
  const s = consentStatus(c, now);
  return s === 'active' || s === 'pending';
};

// What the dialog holds once its date inputs are read as instants: ISO strings, null when empty or unreadable.
export type ConsentDraft = { scope: string[]; givenAt: string | null; expiresAt: string | null; expiresAtEntered?: boolean };
export type ConsentField = 'scope' | 'givenAt' | 'expiresAt';
export type ConsentErrors = Partial<Record<ConsentField, string>>;

// the API tolerates the same skew between the device and the server
const SKEW_MS = 5 * 60 * 1000;

// Translation keys of the problems the API would also reject, so the user sees them before sending.
export function consentErrors(d: ConsentDraft, now: Date = new Date()): ConsentErrors {
  const errors: ConsentErrors = {};
  if (d.scope.length === 0) errors.scope = 'resources.consents.validation.scope_required';
  if (!d.givenAt) errors.givenAt = 'resources.consents.validation.given_required';
  else if (Date.parse(d.givenAt) > now.getTime() + SKEW_MS) errors.givenAt = 'resources.consents.validation.given_in_future';
  if (d.expiresAtEntered && !d.expiresAt) errors.expiresAt = 'resources.consents.validation.date_invalid';
  else if (d.expiresAt && d.givenAt && Date.parse(d.expiresAt) <= Date.parse(d.givenAt)) {
    errors.expiresAt = 'resources.consents.validation.expires_before_given';
  }
  return errors;
}

// POST /api/consents body: scopes in the canonical order, no expiresAt key when none was entered.
export function toConsentCreate(returneeId: string, d: ConsentDraft) {
  const scope = CONSENT_SCOPES.filter((s) => d.scope.includes(s));
  return { returneeId, scope, givenAt: d.givenAt ?? '', ...(d.expiresAt ? { expiresAt: d.expiresAt } : {}) };
}

// The API names the field it rejects (422 INVALID_CONSENT, 400 VALIDATION_FAILED) in English: the dialog shows the
// console's own message for that field instead (see apiFieldErrors).
export const CONSENT_FIELD_MESSAGES: Record<ConsentField, string> = {
  scope: 'resources.consents.validation.scope_required',
  givenAt: 'resources.consents.validation.given_in_future',
  expiresAt: 'resources.consents.validation.expires_before_given',
};

// POST /api/consents/:id/withdraw body: the reason only when one was typed.
export function toWithdrawBody(reason: string): { reason?: string } {
  const text = reason.trim().replace(/\s+/g, ' ');
  return text ? { reason: text.slice(0, 500) } : {};
}
