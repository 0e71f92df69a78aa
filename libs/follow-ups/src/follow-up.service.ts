import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, appConfig, Clock, CommonError, ListQuery, ListResult, SYSTEM_ACTOR } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { UserService } from '@kaytuu/access';
import { CaseForFollowUp, CaseHooks, CaseQueryService, CaseTimelineService, ClosedCase, CaseClosureOptions } from '@kaytuu/cases';
import { MailService, NewNotification, NotificationService } from '@kaytuu/notifications';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { CreateFollowUpDto } from './dto/create-follow-up.dto';
import { FollowUpDto, FollowUpSummaryDto, toFollowUpDto } from './dto/follow-up.dto';
import { UpdateFollowUpDto } from './dto/update-follow-up.dto';
import { FollowUp, FollowUpKind, FollowUpStatus } from './follow-up.entity';
import { FollowUpSource } from './follow-up-plans';
import { followUpNotification } from './follow-up-notification';
import { FollowUpFilter, FollowUpPatch, FollowUpRepository } from './follow-up.repository';
import { bishkekSummaryBounds, MONITORING_MONTHS, monitoringSchedule, planReminders } from './follow-up-schedule';
import { FollowUpsError } from './follow-ups.errors';
import { FollowUpHooks } from './follow-up-hooks';
import { ReminderChannel } from './reminder.entity';
import { ReminderRepository } from './reminder.repository';

export type NewFollowUp = { kind: FollowUpKind; dueAt: Date; assigneeId: string; notes: string | null; source?: FollowUpSource | null };
type UpdatePlan = {
  patch: FollowUpPatch;
  rewriteReminders: boolean;
  events: Array<{ kind: 'follow_up_done' | 'follow_up_cancelled' | 'follow_up_rescheduled' | 'follow_up_reassigned'; data: Record<string, unknown> }>;
};

const ESCALATION_BATCH = 200;
const HOUR_MS = 3_600_000;

export type FollowUpPlanLink = {
  id: string;
  returneeId: string;
  officeId: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  dueAt: Date;
  assigneeId: string;
};

@Injectable()
export class FollowUpService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly followUps: FollowUpRepository,
    private readonly reminders: ReminderRepository,
    private readonly cases: CaseQueryService,
    private readonly timeline: CaseTimelineService,
    private readonly caseHooks: CaseHooks,
    private readonly returnees: ReturneeLookupService,
    private readonly users: UserService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    private readonly mail: MailService,
    private readonly hooks: FollowUpHooks,
  ) {}

  // Also used by FollowUpPathwayService (plans, legal deadlines), which writes follow-ups the same way.
  reminderChannels(): ReminderChannel[] {
    return this.mail.isEnabled() ? ['in_app', 'email'] : ['in_app'];
  }

  // Cases cannot import follow-ups (we depend on it), so it calls us back inside its closing transaction.
  onModuleInit(): void {
    this.caseHooks.onClosed((m, closed, actor, opts) => this.scheduleMonitoring(m, closed, actor, opts));
  }

  async listFollowUps(actor: Actor, q: ListQuery<FollowUpFilter>): Promise<ListResult<FollowUpDto>> {
    const now = this.clock.now();
    const page = await this.followUps.findPageInScope(actor, q, now);
    return { rows: await this.toDtos(page.rows, now), total: page.total, totalEstimated: page.totalEstimated };
  }

  async getFollowUp(actor: Actor, id: string): Promise<FollowUpDto> {
    const fu = await this.followUps.findOneInScope(actor, id);
    if (!fu) throw CommonError.notFound('Follow-up');
    return (await this.toDtos([fu], this.clock.now()))[0];
  }

  // The caller's own scheduled follow-ups: overdue, due later today, due later this week (today included), in Bishkek time.
  summary(actor: Actor): Promise<FollowUpSummaryDto> {
    const now = this.clock.now();
    const b = bishkekSummaryBounds(now);
    return this.followUps.countSummary(actor.userId, now, b.startOfTomorrow, b.startOfNextWeek);
  }

  async scheduleFollowUp(actor: Actor, dto: CreateFollowUpDto): Promise<FollowUpDto> {
    const now = this.clock.now();
    const dueAt = this.futureDueAt(dto.dueAt, now);
    const created = await this.ds.transaction(async (m) => {
      const c = await this.cases.requireCaseForFollowUp(actor, dto.caseId, m);
      // a caseworker schedules on their own cases or unassigned ones, as they edit cases
      if (actor.role === 'caseworker' && c.assigneeId !== null && c.assigneeId !== actor.userId) throw FollowUpsError.caseNotAssigned();
      const assigneeId = dto.assigneeId ?? c.assigneeId ?? actor.userId;
      if (dto.assigneeId) await this.requireAssignable(dto.assigneeId, c.officeId, m);
      const fu = await this.insertWithReminders(m, actor, c, { kind: dto.kind, dueAt, assigneeId, notes: dto.notes ?? null }, now);
      if (assigneeId !== actor.userId) await this.notifyAssigned(m, fu, c);
      return fu;
    });
    return (await this.toDtos([created], now))[0];
  }

  // One PUT: mark done, cancel, reschedule (new dueAt), reassign, or edit notes/outcome.
  async updateFollowUp(actor: Actor, id: string, dto: UpdateFollowUpDto): Promise<FollowUpDto> {
    const now = this.clock.now();
    const updated = await this.ds.transaction(async (m) => {
      const fu = await this.followUps.lockOneInScope(actor, id, m);
      if (!fu) throw CommonError.notFound('Follow-up');
      const c = await this.cases.requireCaseForFollowUp(SYSTEM_ACTOR, fu.caseId, m);
      if (actor.role === 'caseworker' && fu.assigneeId !== actor.userId && c.assigneeId !== actor.userId) throw FollowUpsError.notAssigned();
      if (fu.version !== dto.version) throw CommonError.staleVersion('Follow-up', fu.version);
      if (fu.status !== 'scheduled') throw FollowUpsError.closed(fu.status);
      const plan = await this.planUpdate(fu, dto, c, now, m);
      if (!Object.keys(plan.patch).length) return fu;
      await this.followUps.applyPatch(m, id, dto.version, plan.patch);
      const saved = await this.followUps.findById(m, id);
      // every change that ends or moves the follow-up makes the reminders already written obsolete
      if (plan.patch.status || plan.rewriteReminders) await this.reminders.supersedeOpen(m, id);
      if (plan.rewriteReminders) {
        await this.reminders.insertPlanned(m, id, saved.assigneeId, planReminders(saved.dueAt, now, this.cfg.reminderOffsetsMinutes), this.reminderChannels());
      }
      for (const e of plan.events) await this.timeline.appendEvent(m, fu.caseId, actor.userId, e.kind, e.data);
      if (plan.patch.status || plan.patch.dueAt) await this.hooks.runChanged(m, saved);
      await this.audit.record(
        actor,
        { action: 'update', entity: 'follow_up', entityId: id, diff: { changed: Object.keys(plan.patch), status: saved.status } },
        m,
      );
      if (plan.patch.assigneeId && plan.patch.assigneeId !== actor.userId) await this.notifyAssigned(m, saved, c);
      return saved;
    });
    return (await this.toDtos([updated], now))[0];
  }

  // Post-closure monitoring (the case-closure hook): 1, 3, 6 and 12 months after closing, for the case's assignee
  // (the closing supervisor when nobody is assigned), all in the closing transaction.
  async scheduleMonitoring(m: EntityManager, closed: ClosedCase, actor: Actor, opts: CaseClosureOptions): Promise<void> {
    if (!opts.scheduleMonitoring) return;
    const now = this.clock.now();
    const c = await this.cases.requireCaseForFollowUp(actor, closed.caseId, m);
    // a reopened case closed again gets a fresh set counted from the new closure; the old set is cancelled
    const leftovers = await this.followUps.lockScheduledOfKinds(
      m,
      closed.caseId,
      MONITORING_MONTHS.map(([k]) => k),
    );
    for (const old of leftovers) {
      await this.followUps.applyPatch(m, old.id, old.version, { status: 'cancelled', cancelledAt: now });
      await this.reminders.supersedeOpen(m, old.id);
      await this.announceChange(m, old.id);
      await this.timeline.appendEvent(m, closed.caseId, actor.userId, 'follow_up_cancelled', {
        followUpId: old.id,
        kind: old.kind,
        reason: 'case_closed_again',
      });
    }
    const assigneeId = closed.assigneeId ?? actor.userId;
    for (const { kind, dueAt } of monitoringSchedule(closed.closedAt)) {
      await this.insertWithReminders(m, actor, c, { kind, dueAt, assigneeId, notes: null }, now);
    }
  }

  // What a reintegration plan's action (or review) shows and checks of a linked follow-up; set-wise, no scope check
  // (the plans context compares returnee and office with its plan's, which it scoped).
  async planLinksByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, FollowUpPlanLink>> {
    const rows = await this.followUps.findByIds(m, [...new Set(ids)]);
    return new Map(
      rows.map((f) => [
        f.id,
        { id: f.id, returneeId: f.returneeId, officeId: f.officeId, kind: f.kind, status: f.status, dueAt: f.dueAt, assigneeId: f.assigneeId },
      ]),
    );
  }

  // Scheduled follow-ups still not done ESCALATION_HOURS after due become missed and their office's supervisors are
  // told once (dedupe key per follow-up and supervisor). Batches commit one by one; a second run finds nothing left.
  async escalateOverdue(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.cfg.escalationHours * HOUR_MS);
    const supervisorsByOffice = new Map<string, string[]>();
    let total = 0;
    for (;;) {
      const n = await this.ds.transaction(async (m) => {
        const batch = await this.followUps.lockOverdueBatch(m, cutoff, ESCALATION_BATCH);
        if (batch.length === 0) return 0;
        // set-wise for the batch: one update each for follow-ups and reminders, one read each for labels, one audit insert
        const ids = batch.map((fu) => fu.id);
        await this.followUps.markMissed(m, ids, now);
        await this.reminders.supersedeOpen(m, ids);
        // what other contexts derived from them (a monitoring question still waiting for the returnee) ends too
        for (const fu of batch) await this.hooks.runChanged(m, { ...fu, status: 'missed', version: fu.version + 1 });
        await this.audit.recordMany(
          null,
          ids.map((id) => ({ action: 'update' as const, entity: 'follow_up', entityId: id, diff: { status: { from: 'scheduled', to: 'missed' } } })),
          m,
        );
        const labels = await this.cases.labelsByIds(
          batch.map((fu) => fu.caseId),
          m,
        );
        const notes: NewNotification[] = [];
        for (const fu of batch) {
          // each event belongs to its own case's timeline
          await this.timeline.appendEvent(m, fu.caseId, null, 'follow_up_missed', {
            followUpId: fu.id,
            kind: fu.kind,
            dueAt: fu.dueAt.toISOString(),
            assigneeId: fu.assigneeId,
          });
          const label = labels.get(fu.caseId) ?? { code: null, returneeName: null };
          for (const sup of await this.supervisorsOf(fu.officeId, supervisorsByOffice)) {
            notes.push(followUpNotification(sup, 'follow_up_missed', fu, label, `missed:${fu.id}:${sup}`));
          }
        }
        await this.notifications.notifyMany(notes, m);
        return batch.length;
      });
      total += n;
      if (n < ESCALATION_BATCH) return total;
    }
  }

  private async planUpdate(fu: FollowUp, dto: UpdateFollowUpDto, c: CaseForFollowUp, now: Date, m: EntityManager): Promise<UpdatePlan> {
    const patch: FollowUpPatch = {};
    const events: UpdatePlan['events'] = [];
    let rewriteReminders = false;
    if (dto.notes !== undefined && dto.notes !== fu.notes) patch.notes = dto.notes;
    if (dto.outcome !== undefined && dto.outcome !== fu.outcome) patch.outcome = dto.outcome;
    if (dto.status && (dto.dueAt !== undefined || dto.assigneeId !== undefined)) {
      const field = dto.dueAt !== undefined ? 'dueAt' : 'assigneeId';
      throw CommonError.validation({ [field]: `cannot change while marking the follow-up ${dto.status}` });
    }
    if (dto.status === 'done') {
      Object.assign(patch, { status: 'done', doneAt: now });
      events.push({
        kind: 'follow_up_done',
        data: { followUpId: fu.id, kind: fu.kind, dueAt: fu.dueAt.toISOString(), ...(dto.outcome ? { outcome: dto.outcome } : {}) },
      });
    } else if (dto.status === 'cancelled') {
      Object.assign(patch, { status: 'cancelled', cancelledAt: now });
      events.push({ kind: 'follow_up_cancelled', data: { followUpId: fu.id, kind: fu.kind, dueAt: fu.dueAt.toISOString() } });
    }
    if (dto.dueAt !== undefined) {
      const next = new Date(dto.dueAt);
      if (next.getTime() !== fu.dueAt.getTime()) {
        patch.dueAt = this.futureDueAt(dto.dueAt, now);
        rewriteReminders = true;
        events.push({ kind: 'follow_up_rescheduled', data: { followUpId: fu.id, kind: fu.kind, from: fu.dueAt.toISOString(), to: next.toISOString() } });
      }
    }
    if (dto.assigneeId !== undefined && dto.assigneeId !== fu.assigneeId) {
      await this.requireAssignable(dto.assigneeId, c.officeId, m);
      patch.assigneeId = dto.assigneeId;
      rewriteReminders = true;
      events.push({ kind: 'follow_up_reassigned', data: { followUpId: fu.id, kind: fu.kind, from: fu.assigneeId, to: dto.assigneeId } });
    }
    return { patch, rewriteReminders, events };
  }

  // The follow-up, its reminders (outbox), the case event and the audit row, all on the caller's transaction.
  async insertWithReminders(m: EntityManager, actor: Actor, c: CaseForFollowUp, n: NewFollowUp, now: Date): Promise<FollowUp> {
    // the system (a check-in answer) is no user: nobody is recorded as the author
    const by = actor.userId === SYSTEM_ACTOR.userId ? null : actor.userId;
    const fu = await this.followUps.insertFollowUp(m, {
      caseId: c.id,
      returneeId: c.returneeId,
      officeId: c.officeId,
      assigneeId: n.assigneeId,
      kind: n.kind,
      dueAt: n.dueAt,
      notes: n.notes,
      createdBy: by,
      source: n.source ?? null,
    });
    const source = fu.source ? { source: fu.source } : {};
    await this.reminders.insertPlanned(m, fu.id, fu.assigneeId, planReminders(fu.dueAt, now, this.cfg.reminderOffsetsMinutes), this.reminderChannels());
    await this.hooks.runChanged(m, fu);
    await this.timeline.appendEvent(m, c.id, by, 'follow_up_scheduled', {
      followUpId: fu.id,
      kind: fu.kind,
      dueAt: fu.dueAt.toISOString(),
      assigneeId: fu.assigneeId,
      ...source,
    });
    await this.audit.record(
      by ? actor : null,
      {
        action: 'create',
        entity: 'follow_up',
        entityId: fu.id,
        diff: { caseId: c.id, kind: fu.kind, dueAt: fu.dueAt.toISOString(), assigneeId: fu.assigneeId, ...source },
      },
      m,
    );
    return fu;
  }

  // Another context ends a follow-up it scheduled (a recovered document needs no more chasing), in its transaction;
  // false when the follow-up is no longer scheduled (done, missed or cancelled by hand), which is left as it is.
  async cancelScheduled(m: EntityManager, actor: Actor, id: string): Promise<boolean> {
    const fu = await this.followUps.findByIds(m, [id]).then((rows) => rows[0]);
    if (!fu || fu.status !== 'scheduled') return false;
    await this.followUps.applyPatch(m, id, fu.version, { status: 'cancelled', cancelledAt: this.clock.now() });
    await this.reminders.supersedeOpen(m, id);
    await this.announceChange(m, id);
    await this.timeline.appendEvent(m, fu.caseId, actor.userId, 'follow_up_cancelled', { followUpId: id, kind: fu.kind, dueAt: fu.dueAt.toISOString() });
    await this.audit.record(
      actor,
      { action: 'update', entity: 'follow_up', entityId: id, diff: { changed: ['status', 'cancelledAt'], status: 'cancelled' } },
      m,
    );
    return true;
  }

  // A follow-up the system opens on a case (a TB check-in that needs the caseworker): assigned to the case's assignee,
  // else `fallbackAssigneeId`; in the caller's transaction, announced to the assignee like any assignment.
  async scheduleForCase(
    m: EntityManager,
    caseId: string,
    n: { kind: FollowUpKind; dueAt: Date; notes: string; fallbackAssigneeId: string },
  ): Promise<FollowUp> {
    const c = await this.cases.requireCaseForFollowUp(SYSTEM_ACTOR, caseId, m);
    const fu = await this.insertWithReminders(
      m,
      SYSTEM_ACTOR,
      c,
      { kind: n.kind, dueAt: n.dueAt, assigneeId: c.assigneeId ?? n.fallbackAssigneeId, notes: n.notes },
      this.clock.now(),
    );
    await this.notifyAssigned(m, fu, c);
    return fu;
  }

  // Another context records what a follow-up it scheduled was for (a 1+1 business-survival check), in its transaction:
  // the follow-up done with `outcome` (no personal data). False when it is no longer scheduled, which is left as it is.
  async completeScheduled(m: EntityManager, actor: Actor, id: string, outcome: string): Promise<boolean> {
    const fu = (await this.followUps.findByIds(m, [id]))[0];
    if (!fu || fu.status !== 'scheduled') return false;
    await this.followUps.applyPatch(m, id, fu.version, { status: 'done', doneAt: this.clock.now(), outcome });
    await this.reminders.supersedeOpen(m, id);
    await this.announceChange(m, id);
    await this.timeline.appendEvent(m, fu.caseId, actor.userId, 'follow_up_done', { followUpId: id, kind: fu.kind, dueAt: fu.dueAt.toISOString() });
    await this.audit.record(
      actor,
      { action: 'update', entity: 'follow_up', entityId: id, diff: { changed: ['status', 'doneAt', 'outcome'], status: 'done' } },
      m,
    );
    return true;
  }

  // The returnee answered a monitoring follow-up's questions themselves: `done` marks it done with the note as its
  // outcome; otherwise it stays scheduled for the caseworker, with the note appended. False when no longer scheduled.
  async recordSelfReport(m: EntityManager, id: string, r: { done: boolean; note: string; scoreId: string }): Promise<boolean> {
    const fu = (await this.followUps.findByIds(m, [id]))[0];
    if (!fu || fu.status !== 'scheduled') return false;
    const now = this.clock.now();
    const patch: FollowUpPatch = r.done ? { status: 'done', doneAt: now, outcome: r.note } : { notes: fu.notes ? `${fu.notes}\n${r.note}` : r.note };
    await this.followUps.applyPatch(m, id, fu.version, patch);
    const data = { followUpId: id, kind: fu.kind, dueAt: fu.dueAt.toISOString(), selfReported: true, scoreId: r.scoreId };
    if (r.done) {
      await this.reminders.supersedeOpen(m, id);
      await this.announceChange(m, id);
      await this.timeline.appendEvent(m, fu.caseId, null, 'follow_up_done', data);
    }
    await this.audit.record(null, { action: 'update', entity: 'follow_up', entityId: id, diff: { changed: Object.keys(patch), ...data } }, m);
    return true;
  }

  // Tells the FollowUpHooks listeners the follow-up's state after a change made on `m` (also by the pathway service).
  async announceChange(m: EntityManager, id: string): Promise<void> {
    await this.hooks.runChanged(m, await this.followUps.findById(m, id));
  }

  async notifyAssigned(m: EntityManager, fu: FollowUp, c: CaseForFollowUp): Promise<void> {
    const n = followUpNotification(
      fu.assigneeId,
      'follow_up_assigned',
      fu,
      { code: c.code, returneeName: c.returneeName },
      `assigned:${fu.id}:${fu.assigneeId}:${fu.version}`,
    );
    await this.notifications.notify(n, m);
  }

  private futureDueAt(value: string, now: Date): Date {
    const dueAt = new Date(value);
    if (Number.isNaN(dueAt.getTime())) throw CommonError.validation({ dueAt: 'must be an ISO 8601 date-time' });
    if (dueAt.getTime() <= now.getTime()) throw FollowUpsError.dueInPast();
    return dueAt;
  }

  private async requireAssignable(userId: string, officeId: string, m: EntityManager): Promise<void> {
    if (!(await this.users.isStaffOfOffice(userId, officeId, m))) {
      throw FollowUpsError.invalid(
        { assigneeId: 'must be an active caseworker or supervisor of the case’s office' },
        'The assignee cannot take this follow-up',
      );
    }
  }

  private async supervisorsOf(officeId: string, cache: Map<string, string[]>): Promise<string[]> {
    const hit = cache.get(officeId);
    if (hit) return hit;
    const ids = await this.users.activeSupervisorIds(officeId);
    cache.set(officeId, ids);
    return ids;
  }

  // One lookup each for case codes and returnee names per page (no N+1), after the transaction has committed.
  async toDtos(rows: FollowUp[], now: Date): Promise<FollowUpDto[]> {
    const [codes, names] = await Promise.all([this.cases.codesByIds(rows.map((r) => r.caseId)), this.returnees.namesByIds(rows.map((r) => r.returneeId))]);
    return rows.map((r) => toFollowUpDto(r, { caseCode: codes.get(r.caseId) ?? null, returneeName: names.get(r.returneeId) ?? null }, now));
  }
}
