import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, CommonError, CommonErrorCode, DomainError, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { NotificationService } from '@kaytuu/notifications';
import { UserService } from '@kaytuu/access';
import { ReturneeService } from '@kaytuu/returnees';
import { changedDetailKeys, parseDetails, presentDetails } from './case-details';
import { CaseEventKind } from './case-event.entity';
import { NewCaseEvent, CaseEventRepository } from './case-event.repository';
import { CaseHooks } from './case-hooks';
import { bishkekDay, entryBanInForce } from './entry-ban';
import { CaseFile, CaseType } from './case-file.entity';
import { ReassignCasesDto } from './dto/reassign-cases.dto';
import { CaseFilter, CasePatch, CaseRepository } from './case-file.repository';
import { allowedTransitions, canEditCase, CaseStatus, closureEffects } from './case-workflow';
import { CasesError } from './cases.errors';
import { caseNotification, CaseNotificationKind } from './case-notification';
import { canSeeDetails, CaseDto, toCaseDto } from './dto/case.dto';
import { CaseEventDto, toCaseEventDto } from './dto/case-event.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';

// What the follow-ups context needs of a case it schedules on (SPEC: follow-ups carry the case's office and returnee).
// How a notification names a case: its code and the returnee's name (null when the returnee is gone).
export type CaseLabel = { code: string; returneeName: string | null };
// `details` as stored, or null when the actor may not see them (health details of a colleague's case).
export type CaseForFollowUp = {
  id: string; code: string; type: CaseType; title: string; officeId: string; returneeId: string; assigneeId: string | null; status: CaseStatus;
  returneeName: string | null; details: Record<string, unknown> | null;
};
// What the referrals context shows of a referred case; details as presented (pension months computed). Whether a
// partner may see health details is the referrals context's decision (consent), not this one's.
export type CaseReferralView = { id: string; code: string; type: CaseType; title: string; status: CaseStatus; officeId: string; assigneeId: string | null; details: Record<string, unknown> };

// Who hears about a change once it is saved (never the actor themselves).
type PlannedNotice = { userId: string; kind: CaseNotificationKind; extra: Record<string, unknown> };
type UpdatePlan = { patch: CasePatch; events: NewCaseEvent[]; changed: string[]; statusChange: { from: CaseStatus; to: CaseStatus } | null; notices: PlannedNotice[] };
export type BulkReassignResult = { updated: number; cases: CaseDto[] };
type FieldDiff = Record<string, { from: unknown; to: unknown } | { changedKeys: string[] }>;

// Plain fields a PUT may change, compared and recorded as field_changed {from, to}.
const PLAIN_FIELDS = ['priority', 'title', 'summary', 'closureReason', 'outcome'] as const;

@Injectable()
export class CaseService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly events: CaseEventRepository,
    private readonly returnees: ReturneeService,
    private readonly users: UserService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly hooks: CaseHooks,
    private readonly clock: Clock,
  ) {}

  // `q` matches the code, the title, or the returnee as the returnees context's own search does (names in any
  // spelling, typos, code, PIN, phone), limited to returnees the caller may see; case scope is applied on top.
  async listCases(actor: Actor, q: ListQuery<CaseFilter>): Promise<ListResult<CaseDto>> {
    const returneeIds = q.filter.q ? await this.returnees.findIdsMatching(actor, q.filter.q) : [];
    const page = await this.cases.findPageInScope(actor, q, returneeIds);
    return { rows: await this.toDtos(actor, page.rows), total: page.total, totalEstimated: page.totalEstimated };
  }

  // 404 when the returnee is absent or outside the caller's scope (ReturneeService decides).
  async listReturneeCases(actor: Actor, returneeId: string, q: ListQuery<CaseFilter>): Promise<ListResult<CaseDto>> {
    await this.returnees.requireInScope(actor, returneeId);
    return this.listCases(actor, { ...q, filter: { ...q.filter, returneeId } });
  }

  async getCase(actor: Actor, id: string): Promise<CaseDto> {
    const c = await this.cases.findOneInScope(actor, id);
    if (!c) throw CommonError.notFound('Case');
    return this.toFullDto(actor, c);
  }

  async listCaseEvents(actor: Actor, caseId: string, q: ListQuery): Promise<ListResult<CaseEventDto>> {
    if (!(await this.cases.findOneInScope(actor, caseId))) throw CommonError.notFound('Case');
    const page = await this.events.findTimeline(caseId, q);
    // one name lookup per page (no N+1); events without an actor (system) have no name
    const actorIds = [...new Set(page.rows.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
    const names = actorIds.length ? await this.users.namesByIds(actorIds) : new Map<string, string>();
    return { rows: page.rows.map((e) => toCaseEventDto(e, e.actorId ? (names.get(e.actorId) ?? null) : null)), total: page.total };
  }

  async openCase(actor: Actor, dto: CreateCaseDto): Promise<CaseDto> {
    const details = parseDetails(dto.type, dto.details);
    const created = await this.ds.transaction(async (m) => {
      const returnee = await this.requireReturnee(actor, dto.returneeId, m);
      // a caseworker's own case is theirs unless they explicitly leave it unassigned
      const assigneeId = dto.assigneeId !== undefined ? dto.assigneeId : actor.role === 'caseworker' ? actor.userId : null;
      if (actor.role === 'caseworker' && assigneeId !== null && assigneeId !== actor.userId) throw CasesError.assignmentForbidden();
      if (assigneeId) await this.requireAssignable(assigneeId, returnee.officeId, m);
      const code = await this.cases.nextCode(m);
      const c = await this.cases.insertCase(m, code, {
        returneeId: returnee.id,
        officeId: returnee.officeId,
        type: dto.type,
        priority: dto.priority ?? 'normal',
        assigneeId,
        title: dto.title,
        summary: dto.summary ?? null,
        details,
        dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
        createdBy: actor.userId,
      });
      await this.events.append(m, c.id, actor.userId, [
        { kind: 'created', data: { code, type: c.type, status: c.status, priority: c.priority, assigneeId, returneeId: c.returneeId } },
      ]);
      await this.audit.record(actor, { action: 'create', entity: 'case', entityId: c.id, diff: { code, type: c.type, returneeId: c.returneeId, assigneeId } }, m);
      await this.hooks.runDetailsChanged(m, { caseId: c.id, type: c.type, officeId: c.officeId, returneeId: c.returneeId, assigneeId, before: null, after: c.details }, actor);
      return c;
    });
    return this.toFullDto(actor, created);
  }

  async updateCase(actor: Actor, id: string, dto: UpdateCaseDto): Promise<CaseDto> {
    // read before the transaction: the name lookup uses its own connection
    const assigneeName = dto.assigneeId ? ((await this.users.namesByIds([dto.assigneeId])).get(dto.assigneeId) ?? null) : null;
    const updated = await this.ds.transaction(async (m) => {
      const c = await this.cases.lockOneInScope(actor, id, m);
      if (!c) throw CommonError.notFound('Case');
      if (!canEditCase(c, actor)) throw CasesError.notAssigned();
      if (c.version !== dto.version) throw CommonError.staleVersion('Case', c.version);
      const plan = await this.planUpdate(actor, c, dto, m, assigneeName);
      if (!plan.events.length) return c;
      // the row is locked, so this cannot miss; the version guard is the second line of defence
      await this.cases.applyPatch(m, id, dto.version, plan.patch, c.type);
      await this.events.append(m, id, actor.userId, plan.events);
      await this.audit.record(actor, { action: 'update', entity: 'case', entityId: id, diff: { changed: plan.changed, ...(plan.statusChange ? { status: plan.statusChange } : {}) } }, m);
      const saved = await this.cases.findById(m, id);
      await this.notify(m, [{ c: saved, notices: plan.notices }]);
      if (plan.patch.details) {
        const change = { caseId: id, type: saved.type, officeId: saved.officeId, returneeId: saved.returneeId, assigneeId: saved.assigneeId, before: c.details, after: saved.details };
        await this.hooks.runDetailsChanged(m, change, actor);
      }
      if (plan.statusChange?.to === 'closed' && saved.closedAt) {
        const closed = { caseId: id, officeId: saved.officeId, returneeId: saved.returneeId, assigneeId: saved.assigneeId, closedAt: saved.closedAt };
        await this.hooks.runClosed(m, closed, actor, { scheduleMonitoring: dto.scheduleMonitoring ?? true });
      }
      return saved;
    });
    return this.toFullDto(actor, updated);
  }

  // Supervisor's bulk "Reassign to…": all cases or none. Ids outside the office (or unknown) → 404 naming them,
  // before anything is written; a closed case → 409 (it is frozen until reopened). Cases already with the assignee
  // are left as they are and not counted.
  async reassignCases(actor: Actor, dto: ReassignCasesDto): Promise<BulkReassignResult> {
    const ids = [...new Set(dto.caseIds)];
    const assigneeName = (await this.users.namesByIds([dto.assigneeId])).get(dto.assigneeId) ?? null;
    const { rows, updated } = await this.ds.transaction(async (m) => {
      const found = await this.cases.lockManyInScope(actor, ids, m);
      const missing = ids.filter((id) => !found.some((c) => c.id === id));
      if (missing.length) {
        throw new CommonError(CommonErrorCode.NOT_FOUND, HttpStatus.NOT_FOUND, `${missing.length} of the cases were not found`, { caseIds: 'some cases were not found' }, { missing });
      }
      const closed = found.filter((c) => c.status === 'closed');
      if (closed.length) throw CasesError.closedMany(closed.map((c) => c.code));
      await this.requireAssignable(dto.assigneeId, actor.officeId ?? '', m);
      const moving = found.filter((c) => c.assigneeId !== dto.assigneeId);
      for (const c of moving) {
        await this.cases.applyPatch(m, c.id, c.version, { assigneeId: dto.assigneeId });
        await this.events.append(m, c.id, actor.userId, [{ kind: 'assigned', data: { from: c.assigneeId, to: dto.assigneeId, reason: dto.reason } }]);
      }
      await this.audit.recordMany(
        actor,
        moving.map((c) => ({ action: 'update' as const, entity: 'case', entityId: c.id, diff: { changed: ['assigneeId'], assigneeId: { from: c.assigneeId, to: dto.assigneeId }, reason: dto.reason, bulk: true } })),
        m,
      );
      const saved = moving.length ? await this.cases.findLiveByIds(m, moving.map((c) => c.id)) : [];
      const notices = new Map<string, PlannedNotice[]>();
      for (const c of moving) notices.set(c.id, this.assignmentNotices(actor, c.assigneeId, dto.assigneeId, dto.reason, assigneeName));
      await this.notify(m, saved.map((s) => ({ c: s, notices: notices.get(s.id) ?? [] })));
      const byId = new Map([...found, ...saved].map((c) => [c.id, c]));
      return { rows: ids.map((id) => byId.get(id)!), updated: moving.length };
    });
    return { updated, cases: await this.toDtos(actor, rows) };
  }

  // Soft delete (admin): the row and its timeline stay for the audit trail.
  async deleteCase(actor: Actor, id: string): Promise<CaseDto> {
    const c = await this.ds.transaction(async (m) => {
      const found = await this.cases.lockOneInScope(actor, id, m);
      if (!found) throw CommonError.notFound('Case');
      await this.cases.markDeleted(m, id);
      await this.audit.record(actor, { action: 'delete', entity: 'case', entityId: id, diff: { code: found.code } }, m);
      return found;
    });
    return (await this.toDtos(actor, [c]))[0];
  }

  // For the follow-ups context: the same scope as GET /api/cases/:id (404 outside it), read in the caller's transaction.
  async requireCaseForFollowUp(actor: Actor, caseId: string, m: EntityManager): Promise<CaseForFollowUp> {
    const c = await this.cases.findOneInScope(actor, caseId, m);
    if (!c) throw CommonError.notFound('Case');
    // the name is read on the same manager: a second pool connection inside a transaction can starve the pool under load
    const returneeName = await this.returnees.requireInScope(actor, c.returneeId, m).then(
      (r) => r.fullName,
      (err: unknown) => {
        if (err instanceof DomainError && err.status === 404) return null;
        throw err;
      },
    );
    return {
      id: c.id, code: c.code, type: c.type, title: c.title, officeId: c.officeId, returneeId: c.returneeId, assigneeId: c.assigneeId, status: c.status,
      returneeName, details: canSeeDetails(c, actor) ? c.details : null,
    };
  }

  // A timeline entry written by another context inside its own transaction (e.g. follow_up_scheduled).
  async appendEvent(m: EntityManager, caseId: string, actorId: string | null, kind: CaseEventKind, data: Record<string, unknown>): Promise<void> {
    await this.events.append(m, caseId, actorId, [{ kind, data }]);
  }

  // id → label of each live case among `ids` (deleted ones are absent), read set-wise on the caller's manager; no scope
  // check: for system work (reminder delivery) on ids the caller already holds.
  async labelsByIds(ids: string[], m: EntityManager): Promise<Map<string, CaseLabel>> {
    const rows = await this.cases.findLiveLabels(m, [...new Set(ids)]);
    const names = await this.returnees.namesByIds(rows.map((c) => c.returneeId), m);
    return new Map(rows.map((c) => [c.id, { code: c.code, returneeName: names.get(c.returneeId) ?? null }]));
  }

  // Ids of the live cases assigned to a user ("mine" filters in other contexts).
  assignedCaseIds(userId: string): Promise<string[]> {
    return this.cases.findIdsAssignedTo(this.ds.manager, userId);
  }

  // Set-wise, no scope check: the referrals context passes only ids of referrals it already scoped.
  async referralViewsByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, CaseReferralView>> {
    const rows = await this.cases.findLiveByIds(m, [...new Set(ids)]);
    return new Map(rows.map((c) => [c.id, { id: c.id, code: c.code, type: c.type, title: c.title, status: c.status, officeId: c.officeId, assigneeId: c.assigneeId, details: presentDetails(c.type, c.details) }]));
  }

  // id → case code for lists in other contexts; no scope check (the caller shows only rows it already scoped).
  async codesByIds(ids: string[]): Promise<Map<string, string>> {
    return this.cases.findCodesByIds([...new Set(ids)]);
  }

  private async planUpdate(actor: Actor, c: CaseFile, dto: UpdateCaseDto, m: EntityManager, assigneeName: string | null): Promise<UpdatePlan> {
    const patch: CasePatch = {};
    const events: NewCaseEvent[] = [];
    const notices: PlannedNotice[] = [];
    const fields: FieldDiff = {};
    const statusChange = this.planStatus(actor, c, dto);

    for (const key of PLAIN_FIELDS) {
      const next = dto[key];
      if (next === undefined || next === c[key]) continue;
      (patch as Record<string, unknown>)[key] = next;
      // when closing, the reason is recorded on the status_changed event instead
      if (!(key === 'closureReason' && statusChange?.to === 'closed')) fields[key] = { from: c[key], to: next };
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
      if (statusChange.to === 'closed' && !reason) throw CasesError.invalid({ closureReason: 'is required to close a case' }, 'Give a closure reason to close the case');
      Object.assign(patch, { status: statusChange.to }, closureEffects(statusChange.from, statusChange.to, this.clock.now()));
      const data: Record<string, unknown> = { ...statusChange, ...(statusChange.to === 'closed' ? { reason } : {}) };
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
        if (!dto.comment) throw CommonError.validation({ comment: 'is required to send a closure request back' }, 'Say what is missing before the case can close');
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
      if (dto.assigneeId !== null) await this.requireAssignable(dto.assigneeId, c.officeId, m);
      patch.assigneeId = dto.assigneeId;
      const reason = dto.reassignReason ?? null;
      events.push({ kind: 'assigned', data: { from: c.assigneeId, to: dto.assigneeId, ...(reason ? { reason } : {}) } });
      notices.push(...this.assignmentNotices(actor, c.assigneeId, dto.assigneeId, reason, assigneeName));
    }
    if (Object.keys(fields).length) events.push({ kind: 'field_changed', data: { fields } });
    // a closed case is frozen until a supervisor reopens it (which may come with edits in the same request)
    if (c.status === 'closed' && events.length && !statusChange) throw CasesError.closed();
    return { patch, events, changed: Object.keys(patch), statusChange, notices };
  }

  // The new assignee learns the case is theirs; the old one that it was taken off them, by whom it went to and why.
  private assignmentNotices(actor: Actor, from: string | null, to: string | null, reason: string | null, toName: string | null): PlannedNotice[] {
    const out: PlannedNotice[] = [];
    const why = reason ? { reason } : {};
    if (to && to !== actor.userId) out.push({ userId: to, kind: 'case_assigned', extra: why });
    if (from && from !== actor.userId && from !== to) out.push({ userId: from, kind: 'case_reassigned', extra: { ...why, assigneeId: to, assigneeName: toName } });
    return out;
  }

  // Set-wise: one name lookup and one insert for the whole batch, on the transaction's manager.
  private async notify(m: EntityManager, batch: Array<{ c: CaseFile; notices: PlannedNotice[] }>): Promise<void> {
    const todo = batch.filter((b) => b.notices.length);
    if (!todo.length) return;
    const names = await this.returnees.namesByIds([...new Set(todo.map((b) => b.c.returneeId))], m);
    await this.notifications.notifyMany(
      todo.flatMap(({ c, notices }) => {
        const label = { caseId: c.id, caseCode: c.code, returneeName: names.get(c.returneeId) ?? null, version: c.version };
        return notices.map((n) => caseNotification(n.userId, n.kind, label, n.extra));
      }),
      m,
    );
  }

  private planStatus(actor: Actor, c: CaseFile, dto: UpdateCaseDto): { from: CaseStatus; to: CaseStatus } | null {
    if (dto.status === undefined || dto.status === c.status) return null;
    const allowed = allowedTransitions(c, actor);
    if (!allowed.includes(dto.status)) throw CasesError.invalidTransition(c.status, dto.status, allowed);
    return { from: c.status, to: dto.status };
  }

  // A returnee outside the caller's office reads as "no such returnee" on the field, without saying whether it exists.
  private async requireReturnee(actor: Actor, returneeId: string, m: EntityManager): Promise<{ id: string; officeId: string }> {
    try {
      return await this.returnees.requireInScope(actor, returneeId, m);
    } catch (err) {
      const status = err instanceof DomainError ? err.status : err instanceof HttpException ? err.getStatus() : null;
      if (status === 404) throw CasesError.invalid({ returneeId: 'no such returnee in your office' }, 'The returnee was not found');
      throw err;
    }
  }

  private async requireAssignable(userId: string, officeId: string, m: EntityManager): Promise<void> {
    if (!(await this.users.isStaffOfOffice(userId, officeId, m))) {
      throw CasesError.invalid({ assigneeId: 'must be an active caseworker or supervisor of the case’s office' }, 'The assignee cannot take this case');
    }
  }

  // One case as its own page shows it: an entry-ban legal case also carries `details.entryBan`, the ban in force from
  // the returnee's migration history (read-only, derived on every read like the pension months). Lists leave it out:
  // it reads the returnee's record, and that read is audited per case shown.
  private async toFullDto(actor: Actor, c: CaseFile): Promise<CaseDto> {
    const [dto] = await this.toDtos(actor, [c]);
    if (c.type !== 'legal_aid' || c.details.issue !== 'entry_ban' || !dto.details) return dto;
    const profile = (await this.returnees.profilesForSharing([c.returneeId])).get(c.returneeId);
    await this.audit.record(actor, { action: 'read', entity: 'returnee', entityId: c.returneeId, diff: { fields: ['entryBan'], caseId: c.id } });
    const entryBan = profile ? entryBanInForce(profile.episodes, bishkekDay(this.clock.now())) : null;
    return { ...dto, details: { ...dto.details, entryBan } };
  }

  // One name lookup per page (no N+1), after the transaction has committed.
  private async toDtos(actor: Actor, rows: CaseFile[]): Promise<CaseDto[]> {
    const ids = [...new Set(rows.map((r) => r.returneeId))];
    const names = ids.length ? await this.returnees.namesByIds(ids) : new Map<string, string>();
    return rows.map((r) => toCaseDto(r, actor, names.get(r.returneeId) ?? null));
  }
}
