import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, appConfig, Clock, CommonError } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { CaseDetailsChange, CaseHooks, CaseQueryService, CaseTimelineService } from '@kaytuu/cases';
import { FollowUpDto } from './dto/follow-up.dto';
import { ApplyFollowUpPlanDto, FollowUpPlanDto, toFollowUpPlanDto } from './dto/follow-up-plan.dto';
import { FollowUp } from './follow-up.entity';
import { LEGAL_DEADLINE_KIND, legalDeadlineDueAt, planFor, planItems, planKind, planLength } from './follow-up-plans';
import { FollowUpRepository } from './follow-up.repository';
import { planReminders } from './follow-up-schedule';
import { FollowUpService } from './follow-up.service';
import { FollowUpsError } from './follow-ups.errors';
import { ReminderRepository } from './reminder.repository';

const deadlineOf = (details: Record<string, unknown> | null): string | null => (typeof details?.deadline === 'string' ? details.deadline : null);

// Follow-ups a case's pathway calls for: the TB plan offered on a health referral, and the call ahead of a
// legal-aid deadline kept in step with the deadline. Written like any follow-up (reminders, event, audit) through
// FollowUpService, and marked with their `source` so they can be found again.
@Injectable()
export class FollowUpPathwayService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly followUps: FollowUpRepository,
    private readonly reminders: ReminderRepository,
    private readonly scheduler: FollowUpService,
    private readonly cases: CaseQueryService,
    private readonly timeline: CaseTimelineService,
    private readonly caseHooks: CaseHooks,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
  ) {}

  // Runs inside the case's transaction when it is opened or its details change (cases cannot import us).
  onModuleInit(): void {
    this.caseHooks.onDetailsChanged((m, change, actor) => this.followLegalDeadline(m, change, actor));
  }

  // Same scope as GET /api/cases/:id (404 outside). Hidden health details offer no plan, so the plan cannot leak them.
  async getPlan(actor: Actor, caseId: string): Promise<FollowUpPlanDto> {
    const m = this.ds.manager;
    const c = await this.cases.requireCaseForFollowUp(actor, caseId, m);
    const plan = planFor(c);
    if (!plan) return toFollowUpPlanDto(null, [], false);
    const applied = (await this.followUps.countLiveFromSource(m, c.id, plan)) > 0;
    return toFollowUpPlanDto(plan, planItems(plan, this.clock.now()), applied);
  }

  // All of the plan's contacts (or the due times the user kept) in one transaction; a second application → 409.
  async applyPlan(actor: Actor, dto: ApplyFollowUpPlanDto): Promise<FollowUpDto[]> {
    const now = this.clock.now();
    const created = await this.ds.transaction(async (m) => {
      const c = await this.cases.requireCaseForFollowUp(actor, dto.caseId, m);
      if (actor.role === 'caseworker' && c.assigneeId !== null && c.assigneeId !== actor.userId) throw FollowUpsError.caseNotAssigned();
      const fits = planFor(c);
      if (fits !== dto.plan) throw FollowUpsError.planNotApplicable(dto.plan, fits);
      const dues = dto.items ? this.chosenDueTimes(dto.items, planLength(dto.plan), now) : planItems(dto.plan, now).map((i) => i.dueAt);
      // two clicks (or two tabs) at once: the second waits here, then finds the first one's follow-ups
      await this.followUps.lockCaseProposals(m, c.id);
      if ((await this.followUps.countLiveFromSource(m, c.id, dto.plan)) > 0) throw FollowUpsError.planAlreadyApplied(dto.plan);
      const assigneeId = c.assigneeId ?? actor.userId;
      const out: FollowUp[] = [];
      for (const dueAt of dues) {
        out.push(await this.scheduler.insertWithReminders(m, actor, c, { kind: planKind(dto.plan), dueAt, assigneeId, notes: null, source: dto.plan }, now));
      }
      return out;
    });
    return this.scheduler.toDtos(created, now);
  }

  // The case-details hook: a legal-aid deadline set → a call scheduled ahead of it; changed → that call moved (its
  // reminders rewritten); removed → that call cancelled. A call already done is history: a new deadline gets a new one.
  async followLegalDeadline(m: EntityManager, change: CaseDetailsChange, actor: Actor): Promise<void> {
    if (change.type !== 'legal_aid') return;
    const deadline = deadlineOf(change.after);
    if (deadline === deadlineOf(change.before)) return;
    const now = this.clock.now();
    const open = await this.followUps.lockScheduledFromSource(m, change.caseId, 'legal_deadline');
    if (!deadline) {
      if (open) await this.cancelDeadlineCall(m, actor, open, now);
      return;
    }
    const dueAt = legalDeadlineDueAt(deadline, now);
    if (open) return this.moveDeadlineCall(m, actor, open, dueAt, now);
    const c = await this.cases.requireCaseForFollowUp(actor, change.caseId, m);
    const assigneeId = change.assigneeId ?? actor.userId;
    const fu = await this.scheduler.insertWithReminders(
      m,
      actor,
      c,
      { kind: LEGAL_DEADLINE_KIND, dueAt, assigneeId, notes: null, source: 'legal_deadline' },
      now,
    );
    if (assigneeId !== actor.userId) await this.scheduler.notifyAssigned(m, fu, c);
  }

  private chosenDueTimes(items: string[], max: number, now: Date): Date[] {
    if (items.length > max) throw CommonError.validation({ items: `must list at most ${max} due times` });
    const dues = items.map((v) => new Date(v));
    const past = dues.findIndex((d) => d.getTime() <= now.getTime());
    if (past >= 0) throw CommonError.validation({ [`items[${past}]`]: 'must be in the future' }, 'Every follow-up must be due in the future');
    return dues.sort((a, b) => a.getTime() - b.getTime());
  }

  private async cancelDeadlineCall(m: EntityManager, actor: Actor, fu: FollowUp, now: Date): Promise<void> {
    await this.followUps.applyPatch(m, fu.id, fu.version, { status: 'cancelled', cancelledAt: now });
    await this.reminders.supersedeOpen(m, fu.id);
    await this.scheduler.announceChange(m, fu.id);
    await this.timeline.appendEvent(m, fu.caseId, actor.userId, 'follow_up_cancelled', {
      followUpId: fu.id,
      kind: fu.kind,
      dueAt: fu.dueAt.toISOString(),
      reason: 'deadline_removed',
    });
    await this.audit.record(
      actor,
      { action: 'update', entity: 'follow_up', entityId: fu.id, diff: { changed: ['status', 'cancelledAt'], status: 'cancelled', reason: 'deadline_removed' } },
      m,
    );
  }

  private async moveDeadlineCall(m: EntityManager, actor: Actor, fu: FollowUp, dueAt: Date, now: Date): Promise<void> {
    if (fu.dueAt.getTime() === dueAt.getTime()) return;
    await this.followUps.applyPatch(m, fu.id, fu.version, { dueAt });
    await this.reminders.supersedeOpen(m, fu.id);
    await this.reminders.insertPlanned(m, fu.id, fu.assigneeId, planReminders(dueAt, now, this.cfg.reminderOffsetsMinutes), this.scheduler.reminderChannels());
    await this.scheduler.announceChange(m, fu.id);
    const moved = { followUpId: fu.id, kind: fu.kind, from: fu.dueAt.toISOString(), to: dueAt.toISOString(), reason: 'deadline_changed' };
    await this.timeline.appendEvent(m, fu.caseId, actor.userId, 'follow_up_rescheduled', moved);
    await this.audit.record(actor, { action: 'update', entity: 'follow_up', entityId: fu.id, diff: { changed: ['dueAt'], ...moved } }, m);
  }
}
