// Pure payload shaping for the case forms and status actions (passed to react-admin as `transform`).
// The API rejects unknown properties and computes some details itself, so only writable fields are sent.

export type CaseType = 'health_referral' | 'legal_aid' | 'job_placement' | 'pension_claim';
export type CaseStatus = 'open' | 'in_progress' | 'on_hold' | 'pending_closure' | 'closed';

export type PensionPeriod = { from: string; to: string; employer?: string | null; documented: boolean };
export type CaseDetails = Record<string, unknown> & {
  hasPlacement?: boolean;
  placement?: { employer?: string; startedOn?: string; formal?: boolean; monthlyWageKgs?: number | string } | null;
  periods?: Partial<PensionPeriod>[];
  insuredMonths?: number;
  eaeuMonths?: number;
  missingDocuments?: unknown[];
  // legal aid about an entry ban: derived by the API, read-only (absent in lists)
  entryBan?: { until: string | null; authority: string | null } | null;
};

export type CaseRecord = {
  id: string;
  code: string;
  returneeId: string;
  returneeName: string | null;
  type: CaseType;
  status: CaseStatus;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  assigneeId: string | null;
  officeId: string;
  title: string;
  summary: string | null;
  details: CaseDetails | null;
  openedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  closureReason: string | null;
  outcome: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  allowedTransitions: CaseStatus[];
};

export type CaseFormValues = Partial<Omit<CaseRecord, 'details'>> & { details?: CaseDetails | null; reassignReason?: string | null };

export type CaseEvent = {
  id: string;
  caseId: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  kind: 'created' | 'status_changed' | 'assigned' | 'note' | 'field_changed' | string;
  data: Record<string, unknown> | string | null;
};

const text = (v: unknown): string | null => {
  if (v == null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};
const day = (v: unknown): string | null => (text(v) ? String(v).slice(0, 10) : null);
const upper = (v: unknown): string =>
  String(v ?? '')
    .trim()
    .toUpperCase();

// A due date is a calendar day; the case is due by the end of that day in Bishkek (UTC+6, no DST).
export function dueAtFromDay(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  if (s.length > 10) return new Date(s).toISOString();
  return new Date(`${s}T23:59:59+06:00`).toISOString();
}

// Same rule as the API's `overdue` filter: the due moment has passed and the case is not closed.
export function isOverdue(c: Pick<CaseRecord, 'dueAt' | 'status'> | null | undefined, now: Date = new Date()): boolean {
  if (!c?.dueAt || c.status === 'closed') return false;
  const due = Date.parse(c.dueAt);
  return !Number.isNaN(due) && due < now.getTime();
}

export function toDetailsPayload(type: CaseType | undefined, d: CaseDetails | null | undefined): Record<string, unknown> {
  const v = d ?? {};
  switch (type) {
    case 'health_referral':
      return {
        condition: v.condition,
        urgency: v.urgency,
        facility: text(v.facility),
        tbTreatmentStage: v.condition === 'tb' ? (v.tbTreatmentStage ?? null) : null,
      };
    case 'legal_aid':
      return { issue: v.issue, country: upper(v.country), counterpart: text(v.counterpart), deadline: day(v.deadline) };
    case 'job_placement': {
      const p = v.placement;
      const placed = Boolean(v.hasPlacement ?? (p && p.employer));
      return {
        targetSectors: (v.targetSectors as string[] | undefined) ?? [],
        desiredOblast: v.desiredOblast,
        training: Boolean(v.training),
        placement:
          placed && p
            ? {
                employer: text(p.employer) ?? '',
                startedOn: day(p.startedOn) ?? '',
                formal: Boolean(p.formal),
                monthlyWageKgs: Math.round(Number(p.monthlyWageKgs ?? 0)),
              }
            : null,
      };
    }
    case 'pension_claim':
      // insuredMonths, eaeuMonths and missingDocuments are computed by the API and must not be sent back
      return {
        country: upper(v.country),
        periods: (v.periods ?? []).map((p) => ({
          from: day(p.from) ?? '',
          to: day(p.to) ?? '',
          employer: text(p.employer),
          documented: Boolean(p.documented),
        })),
        claimStatus: v.claimStatus,
      };
    default:
      return {};
  }
}

export function toCaseCreate(v: CaseFormValues) {
  return {
    returneeId: v.returneeId,
    type: v.type,
    title: text(v.title) ?? '',
    summary: text(v.summary),
    priority: v.priority ?? 'normal',
    ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}),
    dueAt: dueAtFromDay(v.dueAt),
    details: toDetailsPayload(v.type, v.details),
  };
}

export function toCaseUpdate(v: CaseFormValues) {
  return {
    version: v.version,
    title: text(v.title) ?? '',
    summary: text(v.summary),
    priority: v.priority,
    assigneeId: v.assigneeId ?? null,
    dueAt: dueAtFromDay(v.dueAt),
    outcome: text(v.outcome),
    details: toDetailsPayload(v.type, v.details),
    // only sent when given: the API asks for it when a supervisor takes the case off its assignee
    ...(text(v.reassignReason) ? { reassignReason: text(v.reassignReason) } : {}),
  };
}

// Taking a case off someone (other than yourself) needs a reason from a supervisor; mirrors the API rule.
export function needsReassignReason(role: unknown, userId: unknown, current: string | null | undefined, next: string | null | undefined): boolean {
  return role === 'supervisor' && !!current && current !== userId && (next ?? null) !== current;
}

// A status change is an ordinary partial update carrying the version the user saw.
// missingDocumentsReason: a supervisor closing a pension claim with required documents missing says why.
export type ClosingData = { closureReason: string; outcome?: string | null; scheduleMonitoring?: boolean; missingDocumentsReason?: string };

// `note`: the send-back comment (pending_closure → in_progress) or the reopening reason (closed → in_progress).
export type TransitionNote = { comment?: string; reason?: string };

export function toTransition(record: Pick<CaseRecord, 'version'>, status: CaseStatus, closing?: ClosingData, note?: TransitionNote) {
  const comment = text(note?.comment);
  const reason = text(note?.reason);
  return {
    status,
    version: record.version,
    ...(comment ? { comment } : {}),
    ...(reason ? { reason } : {}),
    ...(status === 'closed' && closing
      ? { closureReason: closing.closureReason.trim(), outcome: text(closing.outcome), scheduleMonitoring: closing.scheduleMonitoring ?? true }
      : {}),
    ...(status === 'closed' && text(closing?.missingDocumentsReason) ? { missingDocumentsReason: text(closing?.missingDocumentsReason) } : {}),
    // a caseworker's closure request carries the reason and summary the supervisor approves without retyping
    ...(status === 'pending_closure' && closing ? { closureReason: closing.closureReason.trim(), outcome: text(closing.outcome) } : {}),
  };
}

// POST /api/cases/reassign body; ids deduplicated (the API answers for each id once).
export function toBulkReassign(ids: ReadonlyArray<string>, assigneeId: string, reason: string) {
  return { caseIds: [...new Set(ids)], assigneeId, reason: reason.trim() };
}

// Whole days since an ISO moment (age of a case in the approval queue); 0 for an unreadable date.
export function daysSince(iso: string | null | undefined, now: Date = new Date()): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : Math.max(0, Math.floor((now.getTime() - t) / 86_400_000));
}

export const caseDefaults = (): CaseFormValues => ({ priority: 'normal' });

export const detailsDefaults = (type: CaseType): CaseDetails => {
  switch (type) {
    case 'health_referral':
      return { urgency: 'routine' };
    case 'legal_aid':
      return { country: 'RU' };
    case 'job_placement':
      return { targetSectors: [], training: false, hasPlacement: false };
    case 'pension_claim':
      return { country: 'RU', claimStatus: 'collecting_documents', periods: [{ documented: true }] };
  }
};

export const caseRepresentation = (c: CaseRecord): string => `${c.code} — ${c.title}`;
