import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, CommonError, CommonErrorCode, DomainError, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { NotificationService } from '@kaytuu/notifications';
import { UserService } from '@kaytuu/access';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { parseDetails } from './case-details';
import { CaseEventRepository } from './case-event.repository';
import { CaseHooks } from './case-hooks';
import { bishkekDay, entryBanInForce } from './entry-ban';
import { CaseFile } from './case-file.entity';
import { ReassignCasesDto } from './dto/reassign-cases.dto';
import { CaseFilter, CaseRepository } from './case-file.repository';
import { assignmentNotices, notAssignable, planCaseUpdate, PlannedNotice } from './case-update-plan';
import { canEditCase } from './case-workflow';
import { CasesError } from './cases.errors';
import { caseNotification } from './case-notification';
import { CaseDto, toCaseDto } from './dto/case.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';

export type BulkReassignResult = { updated: number; cases: CaseDto[] };

// The case record's own use cases (the routes of CaseController but the timeline's). What other contexts read of cases
// is CaseQueryService's, and the timeline CaseTimelineService's; what a PUT changes is planned in case-update-plan.ts.
@Injectable()
export class CaseService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly events: CaseEventRepository,
    private readonly returnees: ReturneeLookupService,
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
      await this.audit.record(
        actor,
        { action: 'create', entity: 'case', entityId: c.id, diff: { code, type: c.type, returneeId: c.returneeId, assigneeId } },
        m,
      );
      await this.hooks.runDetailsChanged(
        m,
        { caseId: c.id, type: c.type, officeId: c.officeId, returneeId: c.returneeId, assigneeId, before: null, after: c.details },
        actor,
      );
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
      const assignable = dto.assigneeId && dto.assigneeId !== c.assigneeId ? await this.users.isStaffOfOffice(dto.assigneeId, c.officeId, m) : false;
      const plan = planCaseUpdate(actor, c, dto, { now: this.clock.now(), assigneeName, assignable });
      if (!plan.events.length) return c;
      let closingData: Record<string, unknown> = {};
      if (plan.statusChange?.to === 'closed') {
        // other contexts may refuse the closure or record what it was decided on (documents missing, and why)
        const details = plan.patch.details ?? c.details;
        const closing = {
          caseId: id,
          type: c.type,
          officeId: c.officeId,
          returneeId: c.returneeId,
          assigneeId: c.assigneeId,
          before: c.details,
          after: details,
        };
        closingData = await this.hooks.runClosing(m, { ...closing, missingDocumentsReason: dto.missingDocumentsReason ?? null }, actor);
        const statusEvent = plan.events.find((e) => e.kind === 'status_changed');
        if (statusEvent) Object.assign(statusEvent.data, closingData);
      }
      // the row is locked, so this cannot miss; the version guard is the second line of defence
      await this.cases.applyPatch(m, id, dto.version, plan.patch, c.type);
      await this.events.append(m, id, actor.userId, plan.events);
      await this.audit.record(
        actor,
        {
          action: 'update',
          entity: 'case',
          entityId: id,
          diff: { changed: plan.changed, ...(plan.statusChange ? { status: plan.statusChange } : {}), ...closingData },
        },
        m,
      );
      const saved = await this.cases.findById(m, id);
      await this.notify(m, [{ c: saved, notices: plan.notices }]);
      if (plan.patch.details) {
        const change = {
          caseId: id,
          type: saved.type,
          officeId: saved.officeId,
          returneeId: saved.returneeId,
          assigneeId: saved.assigneeId,
          before: c.details,
          after: saved.details,
        };
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
        throw new CommonError(
          CommonErrorCode.NOT_FOUND,
          HttpStatus.NOT_FOUND,
          `${missing.length} of the cases were not found`,
          { caseIds: 'some cases were not found' },
          { missing },
        );
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
        moving.map((c) => ({
          action: 'update' as const,
          entity: 'case',
          entityId: c.id,
          diff: { changed: ['assigneeId'], assigneeId: { from: c.assigneeId, to: dto.assigneeId }, reason: dto.reason, bulk: true },
        })),
        m,
      );
      const saved = moving.length
        ? await this.cases.findLiveByIds(
            m,
            moving.map((c) => c.id),
          )
        : [];
      const notices = new Map<string, PlannedNotice[]>();
      for (const c of moving) notices.set(c.id, assignmentNotices(actor, c.assigneeId, dto.assigneeId, dto.reason, assigneeName));
      await this.notify(
        m,
        saved.map((s) => ({ c: s, notices: notices.get(s.id) ?? [] })),
      );
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
    if (!(await this.users.isStaffOfOffice(userId, officeId, m))) throw notAssignable();
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
  // Fields other contexts derive (a pension case's missingDocuments) are added set-wise for the cases whose details show.
  private async toDtos(actor: Actor, rows: CaseFile[]): Promise<CaseDto[]> {
    const ids = [...new Set(rows.map((r) => r.returneeId))];
    const names = ids.length ? await this.returnees.namesByIds(ids) : new Map<string, string>();
    const dtos = rows.map((r) => toCaseDto(r, actor, names.get(r.returneeId) ?? null));
    const shown = rows.filter((_, i) => dtos[i].details !== null);
    const extra = await this.hooks.runPresent(shown.map((r) => ({ id: r.id, type: r.type, returneeId: r.returneeId, details: r.details })));
    return dtos.map((d) => (d.details && extra.has(d.id) ? { ...d, details: { ...d.details, ...extra.get(d.id) } } : d));
  }
}
