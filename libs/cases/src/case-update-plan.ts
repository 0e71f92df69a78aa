import { CommonError } from '@kaytuu/shared';
import { changedDetailKeys, parseDetails } from './case-details';
import type { NewCaseEvent } from './case-event.repository';
import type { CaseFile } from './case-file.entity';
import type { CasePatch } from './case-file.repository';
import type { CaseNotificationKind } from './case-notification';
import { allowedTransitions, CaseStatus, closureEffects, WorkflowActor } from './case-workflow';
import { CasesError } from './cases.errors';
import type { UpdateCaseDto } from './dto/update-case.dto';

// What a PUT /api/cases/:id does, decided without the database: the columns to write, the timeline events, the audit
// summary and who hears about it. CaseService reads what the plan needs (the locked row, the new assignee's name and
// whether they may take the case), then writes the plan in the same transaction.

// Who hears about a change once it is saved (never the actor themselves).
export type PlannedNotice = { userId: string; kind: CaseNotificationKind; extra: Record<string, unknown> };
export type StatusChange = { from: CaseStatus; to: CaseStatus };
export type CaseUpdatePlan = { patch: CasePatch; events: NewCaseEvent[]; changed: string[]; statusChange: StatusChange | null; notices: PlannedNotice[] };
export type PlannableCase = Pick<CaseFile, 'status' | 'assigneeId' | 'officeId' | 'type' | 'details' | 'dueAt' | (typeof PLAIN_FIELDS)[number]>;
// Read by the service before planning: `assigneeName` names the new assignee in the old one's notice; `assignable`
// says whether the new assignee is active staff of the case's office (only asked when the assignee changes).
export type CaseUpdateContext = { now: Date; assigneeName: string | null; assignable: boolean };
type FieldDiff = Record<string, { from: unknown; to: unknown } | { changedKeys: string[] }>;

// Plain fields a PUT may change, compared and recorded as field_changed {from, to}.
const PLAIN_FIELDS = ['priority', 'title', 'summary', 'closureReason', 'outcome'] as const;

// Also what opening and bulk reassignment answer for an assignee who is not active staff of the case's office.
export function notAssignable(): CasesError {
  return CasesError.invalid({ assigneeId: 'must be an active caseworker or supervisor of the case’s office' }, 'The assignee cannot take this case');
}

// The checks run in this order, so a request with several problems is refused for the same one every time: the status
// move, details, the closure and reopening rules, the assignment rules, then a closed case's freeze.
export function planCaseUpdate(actor: WorkflowActor, c: PlannableCase, dto: UpdateCaseDto, ctx: CaseUpdateContext): CaseUpdatePlan {
  const patch: CasePatch = {};
  const events: NewCaseEvent[] = [];
  const notices: PlannedNotice[] = [];
  const fields: FieldDiff = {};
  const statusChange = planStatus(actor, c, dto);

  for (const key of PLAIN_FIELDS) {
    const next = dto[key];
    if (next === undefined || next === c[key]) continue;
    (patch as Record<string, unknown>)[key] = next;
    // when closing or asking to close, the reason is recorded on the status_changed event instead
    if (!(key === 'closureReason' && closing(statusChange))) fields[key] = { from: c[key], to: next };
  }
  if (dto.dueAt !== undefined) {
    const next = dto.dueAt === null ? null : new Date(dto.dueAt);
    if ((next?.getTime() ?? null) !== (c.dueAt?.getTime() ?? null)) {
      patch.dueAt = next;
      fields.dueAt = { from: c.dueAt?.toISOString() ?? null, to: next?.toISOString() ?? null };
    }
  }
  if (dto.details !== undefined) {
    const next = parseDetails(c.type, dto.details);
    const changedKeys = changedDetailKeys(c.details, next);
    if (changedKeys.length) {
      patch.details = next;
      fields.details = { changedKeys };
    }
  }

  if (statusChange) {
    const reason = dto.closureReason !== undefined ? dto.closureReason : c.closureReason;
    if (statusChange.to === 'closed' && !reason) {
      throw CasesError.invalid({ closureReason: 'is required to close a case' }, 'Give a closure reason to close the case');
    }
    // a closure request carries the reason the supervisor decides on, so approving never has to ask for it again
    if (statusChange.to === 'pending_closure' && !reason) {
      throw CasesError.invalid({ closureReason: 'is required to request closure' }, 'Give the closure reason with the request');
    }
    Object.assign(patch, { status: statusChange.to }, closureEffects(statusChange.from, statusChange.to, ctx.now));
    // a closure request names the reason the caseworker gave (the supervisor approves it without retyping)
    const withReason = statusChange.to === 'closed' || (statusChange.to === 'pending_closure' && !!reason);
    const data: Record<string, unknown> = { ...statusChange, ...(withReason ? { reason } : {}) };
    const assignee = dto.assigneeId !== undefined ? dto.assigneeId : c.assigneeId;
    const tell = (kind: CaseNotificationKind, extra: Record<string, unknown>) => {
      if (assignee && assignee !== actor.userId) notices.push({ userId: assignee, kind, extra });
    };
    if (statusChange.from === 'closed') {
      if (!dto.reason) throw CommonError.validation({ reason: 'is required to reopen a closed case' }, 'Give a reason to reopen the case');
      data.reason = dto.reason;
      tell('case_reopened', { reason: dto.reason });
    } else if (statusChange.from === 'pending_closure' && statusChange.to === 'in_progress' && actor.role === 'supervisor') {
      // the caseworker must learn what is missing before the case can close
      if (!dto.comment) {
        throw CommonError.validation({ comment: 'is required to send a closure request back' }, 'Say what is missing before the case can close');
      }
      tell('case_sent_back', { comment: dto.comment });
    }
    if (dto.comment) data.comment = dto.comment;
    events.push({ kind: 'status_changed', data });
  }
  if (dto.assigneeId !== undefined && dto.assigneeId !== c.assigneeId) {
    // caseworkers may take an unassigned case or hand theirs back; moving it to someone else is a supervisor's call
    if (actor.role === 'caseworker' && dto.assigneeId !== null && dto.assigneeId !== actor.userId) throw CasesError.assignmentForbidden();
    // taking a case off someone else is a supervisor's decision the caseworker must be able to understand
    if (actor.role === 'supervisor' && c.assigneeId !== null && c.assigneeId !== actor.userId && !dto.reassignReason) {
      throw CommonError.validation({ reassignReason: 'is required when a case is taken off its assignee' }, 'Give a reason for the reassignment');
    }
    if (dto.assigneeId !== null && !ctx.assignable) throw notAssignable();
    patch.assigneeId = dto.assigneeId;
    const reason = dto.reassignReason ?? null;
    events.push({ kind: 'assigned', data: { from: c.assigneeId, to: dto.assigneeId, ...(reason ? { reason } : {}) } });
    notices.push(...assignmentNotices(actor, c.assigneeId, dto.assigneeId, reason, ctx.assigneeName));
  }
  if (Object.keys(fields).length) events.push({ kind: 'field_changed', data: { fields } });
  // a closed case is frozen until a supervisor reopens it (which may come with edits in the same request)
  if (c.status === 'closed' && events.length && !statusChange) throw CasesError.closed();
  return { patch, events, changed: Object.keys(patch), statusChange, notices };
}

// The new assignee learns the case is theirs; the old one that it was taken off them, by whom it went to and why.
export function assignmentNotices(
  actor: Pick<WorkflowActor, 'userId'>,
  from: string | null,
  to: string | null,
  reason: string | null,
  toName: string | null,
): PlannedNotice[] {
  const out: PlannedNotice[] = [];
  const why = reason ? { reason } : {};
  if (to && to !== actor.userId) out.push({ userId: to, kind: 'case_assigned', extra: why });
  if (from && from !== actor.userId && from !== to) {
    out.push({ userId: from, kind: 'case_reassigned', extra: { ...why, assigneeId: to, assigneeName: toName } });
  }
  return out;
}

const closing = (change: StatusChange | null): boolean => change?.to === 'closed' || change?.to === 'pending_closure';

function planStatus(actor: WorkflowActor, c: PlannableCase, dto: UpdateCaseDto): StatusChange | null {
  if (dto.status === undefined || dto.status === c.status) return null;
  const allowed = allowedTransitions(c, actor);
  if (!allowed.includes(dto.status)) throw CasesError.invalidTransition(c.status, dto.status, allowed);
  return { from: c.status, to: dto.status };
}
