// No imports on purpose: the root jest checks this file directly, while the console bundles it.

// Mirrors libs/audit (audit-log.entity.ts, the verify result of audit-chain.ts): the API is authoritative, these only
// shape the page. test/console/audit-model.spec.ts keeps the lists in step with the backend.
export const AUDIT_ACTIONS = ['read', 'create', 'update', 'delete', 'login', 'login_failed', 'logout', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
// what the services write into audit_log.entity
export const AUDIT_ENTITIES = [
  'returnee',
  'case',
  'consent',
  'household_member',
  'follow_up',
  'referral',
  'referral_note',
  'reintegration_score',
  'returnee_note',
  'needs_assessment',
  'plan',
  'plan_review',
  'document',
  'recovery_item',
  'programme',
  'assistance_item',
  'matching_application',
  'message',
  'message_contact',
  'telegram_link_code',
  'checkin_schedule',
  'checkin',
  'returnee_import',
  'report',
  'user',
  'office',
  'organization',
] as const;
export const VERIFY_REASONS = ['hash_mismatch', 'prev_hash_mismatch', 'seq_gap', 'head_mismatch'] as const;
export type VerifyReason = (typeof VERIFY_REASONS)[number];

export type AuditRecord = {
  id: string;
  // null until the worker (or a verify) seals the row into the hash chain
  seq: string | null;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  action: AuditAction;
  entity: string;
  entityId: string | null;
  ip: string | null;
  diff: Record<string, unknown> | null;
  prevHash: string | null;
  hash: string | null;
};

export type VerifyResult = {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken: null | { id: string; seq: string | null; at: string; reason: VerifyReason };
  verifiedAt: string;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

// Reads GET /api/audit/verify defensively: anything that is not the documented shape is refused (shown as a failed
// request, never as "intact").
export function parseVerifyResult(body: unknown): VerifyResult | null {
  if (!isObject(body) || typeof body.ok !== 'boolean' || !isCount(body.checked) || !isCount(body.unsealed) || typeof body.verifiedAt !== 'string') return null;
  const fb = body.firstBroken;
  if (fb === null || fb === undefined) {
    // a broken chain without the entry to name is not a result the page can show
    return body.ok ? { ok: true, checked: body.checked, unsealed: body.unsealed, firstBroken: null, verifiedAt: body.verifiedAt } : null;
  }
  if (!isObject(fb) || typeof fb.id !== 'string' || typeof fb.at !== 'string' || !VERIFY_REASONS.includes(fb.reason as VerifyReason)) return null;
  const seq = typeof fb.seq === 'string' || typeof fb.seq === 'number' ? String(fb.seq) : null;
  return {
    ok: false,
    checked: body.checked,
    unsealed: body.unsealed,
    firstBroken: { id: fb.id, seq, at: fb.at, reason: fb.reason as VerifyReason },
    verifiedAt: body.verifiedAt,
  };
}

// The alert for a verify result: its severity, the message key and its parameters; for a broken chain also the key of
// the reason and the entry to link to. A chain whose head names rows that are all gone has no entry to name (key null).
export type VerifyMessage = {
  severity: 'success' | 'error';
  key: string | null;
  options: Record<string, unknown>;
  reasonKey: string | null;
  brokenId: string | null;
};
export function verifyMessage(result: VerifyResult, formatDateTime: (iso: string) => string): VerifyMessage {
  if (result.ok || !result.firstBroken) {
    return {
      severity: 'success',
      key: 'app.audit.verify.intact',
      options: { smart_count: result.checked, unsealed: result.unsealed },
      reasonKey: null,
      brokenId: null,
    };
  }
  const b = result.firstBroken;
  const reasonKey = `app.audit.verify.reason.${b.reason}`;
  if (!b.id) return { severity: 'error', key: null, options: {}, reasonKey, brokenId: null };
  return {
    severity: 'error',
    key: 'app.audit.verify.broken',
    reasonKey,
    brokenId: b.id,
    options: { id: b.id, seq: b.seq ?? '—', at: b.at ? formatDateTime(b.at) : '—' },
  };
}

export const REDACTED = '[redacted]';
export type DiffRow = { key: string; value: string | null; redacted: boolean };

const scalar = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

// The stored diff as key/value rows: nested objects flatten to dotted keys ("changed.status"), arrays of plain values
// read as a comma list, null stays null (the page shows "not set"), and "[redacted]" is flagged as stored.
export function diffRows(diff: Record<string, unknown> | null | undefined): DiffRow[] {
  if (!isObject(diff)) return [];
  const rows: DiffRow[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (isObject(v) && Object.keys(v).length > 0) walk(v, key);
      else if (v === null || v === undefined) rows.push({ key, value: null, redacted: false });
      else if (Array.isArray(v)) {
        rows.push({ key, value: v.every((x) => !isObject(x) && !Array.isArray(x)) ? v.map(scalar).join(', ') : JSON.stringify(v), redacted: false });
      } else rows.push({ key, value: scalar(v), redacted: v === REDACTED });
    }
  };
  walk(diff, '');
  return rows;
}

export type SealState = { sealed: true; seq: string } | { sealed: false };
export const sealState = (r: Pick<AuditRecord, 'seq'>): SealState =>
  r.seq === null || r.seq === undefined || r.seq === '' ? { sealed: false } : { sealed: true, seq: String(r.seq) };

// Who did it: name and email when the row has an actor, "system" for rows without one (jobs, failed logins of
// unknown emails).
export function actorText(r: Pick<AuditRecord, 'actorId' | 'actorName' | 'actorEmail'>): { primary: string | null; secondary: string | null } {
  if (!r.actorId) return { primary: null, secondary: null };
  const name = r.actorName?.trim() || null;
  const email = r.actorEmail?.trim() || null;
  return name ? { primary: name, secondary: email } : { primary: email ?? r.actorId, secondary: null };
}

// Kyrgyzstan keeps UTC+6 all year (no DST since 2005): a calendar day chosen in the filter is that day in Bishkek.
const BISHKEK_OFFSET = '+06:00';
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const validDay = (day: string): boolean => {
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};

// "From" day → the first instant of that day, "to" day → the last (inclusive), both as ISO with Bishkek's offset.
export function dayBoundIso(day: string | null | undefined, bound: 'from' | 'to'): string | undefined {
  if (!day) return undefined;
  const d = day.slice(0, 10);
  if (!validDay(d)) return undefined;
  return bound === 'from' ? `${d}T00:00:00.000${BISHKEK_OFFSET}` : `${d}T23:59:59.999${BISHKEK_OFFSET}`;
}

// Back from the stored filter value to the date input's "YYYY-MM-DD".
export const dayOf = (value: string | null | undefined): string => (value && validDay(value.slice(0, 10)) ? value.slice(0, 10) : '');

// The entity as a translation key, the raw name as fallback for anything newer than the console.
export const entityKey = (entity: string): string => `enums.audit_entity.${entity}`;
export const actionKey = (action: string): string => `enums.audit_action.${action}`;

// Colour of the action chip: failures and deletions stand out, reads stay quiet.
export function actionColor(action: string): 'default' | 'primary' | 'success' | 'warning' | 'error' | 'info' {
  switch (action) {
    case 'create':
      return 'success';
    case 'update':
      return 'primary';
    case 'delete':
    case 'login_failed':
      return 'error';
    case 'export':
      return 'warning';
    case 'login':
    case 'logout':
      return 'info';
    default:
      return 'default';
  }
}
