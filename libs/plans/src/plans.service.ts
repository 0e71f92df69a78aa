import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { CaseQueryService, CasePlanLink } from '@kaytuu/cases';
import { DirectoryService } from '@kaytuu/directory';
import { FollowUpPlanLink, FollowUpService } from '@kaytuu/follow-ups';
import { NotesService } from '@kaytuu/notes';
import { NotificationService } from '@kaytuu/notifications';
import { ReferralPlanLink, ReferralService } from '@kaytuu/referrals';
import { ConsentService, ReturneeLookupService, ReturneePlanHeader } from '@kaytuu/returnees';
import { AAD, Actor, Clock, CommonError, DomainError, FieldCipher, FieldErrors, ListQuery, ListResult } from '@kaytuu/shared';
import { PlanActionDto, PlanDto, PlanGoalDto, PlanReviewDto, PlanVersionSummaryDto } from './dto/plan.dto';
import { ActionInput, CreatePlanDto, CreateReviewDto, GoalInput, UpdatePlanDto } from './dto/plan-input.dto';
import { dayInBishkek, todayInBishkek } from './dto/plan-rules';
import { ActionStatus, PlanAction, PlanGoal, PlanStatus, PlanVersion } from './plan.entity';
import { PlanLink, PlanLinkRegistry } from './plan-links';
import { derivedStatus, EDITABLE, planScopeOf, REVIEWABLE, REVISABLE } from './plan-rules';
import { NewAction, NewGoal, NewPlanVersion, PlanFilter, PlanRepository } from './plan.repository';
import { PlansError } from './plans.errors';

const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;
const NGO_LIST_CAP = 1000;

type Links = {
  cases: Map<string, CasePlanLink>;
  referrals: Map<string, ReferralPlanLink>;
  followUps: Map<string, FollowUpPlanLink>;
  // through the registry: the assistance context depends on plans, so plans does not import it
  assistance: Map<string, PlanLink>;
};
const REF_NOUNS = { case: 'cases', referral: 'referrals', follow_up: 'follow-ups', assistance: 'assistance items' } as const;
// what NGO staff may see of a version: only goals and actions involving their organisation
type View = { organizationId: string | null };

// Individual reintegration plans. Every version is reached through its returnee's scope (404 outside it); office
// staff write, admins read, NGO staff read the in-force versions' goals and actions that involve their organisation
// while the returnee's consent to share with NGOs holds. Every read and change is audited without the texts.
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly plans: PlanRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly consents: ConsentService,
    private readonly cases: CaseQueryService,
    private readonly referrals: ReferralService,
    private readonly followUps: FollowUpService,
    private readonly notes: NotesService,
    private readonly directory: DirectoryService,
    private readonly users: UserService,
    private readonly notifications: NotificationService,
    private readonly linkSources: PlanLinkRegistry,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  // ---------- reads ----------

  async list(actor: Actor, q: ListQuery<PlanFilter>): Promise<ListResult<PlanDto>> {
    const scope = planScopeOf(actor);
    return this.ds.transaction(async (m) => {
      let rows: PlanVersion[];
      let total: number;
      if (scope.kind === 'organization') {
        // consent is per returnee and changes at any moment: checked on every match, then paged
        const all = await this.plans.findAll(m, scope, q.filter, NGO_LIST_CAP);
        const shared = await this.sharedReturnees(
          all.map((p) => p.returneeId),
          m,
        );
        const visible = all.filter((p) => shared.has(p.returneeId));
        total = visible.length;
        rows = visible.slice(q.offset, q.offset + q.limit);
      } else {
        const page = await this.plans.findPage(m, scope, q, actor.role === 'admin' ? null : actor.officeId);
        rows = page.rows;
        total = page.total;
      }
      const dtos = await this.present(m, rows, { organizationId: scope.kind === 'organization' ? scope.organizationId : null });
      await this.audit.record(
        actor,
        { action: 'read', entity: 'plan', entityId: q.filter.returneeId ?? null, diff: { ids: rows.map((r) => r.id), total, filters: Object.keys(q.filter) } },
        m,
      );
      return { rows: dtos, total };
    });
  }

  async get(actor: Actor, id: string): Promise<PlanDto> {
    const scope = planScopeOf(actor);
    return this.ds.transaction(async (m) => {
      const plan = await this.requireReadable(actor, id, m);
      const [dto] = await this.present(m, [plan], { organizationId: scope.kind === 'organization' ? scope.organizationId : null });
      await this.audit.record(actor, { action: 'read', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, version: plan.version } }, m);
      return dto;
    });
  }

  async versions(actor: Actor, id: string): Promise<PlanVersionSummaryDto[]> {
    staffOrAdmin(actor);
    return this.ds.transaction(async (m) => {
      const plan = await this.requireReadable(actor, id, m);
      const series = await this.plans.findSeries(m, plan.seriesId);
      const names = await this.userNames(series.flatMap((p) => [p.createdBy, p.approvedBy]));
      await this.audit.record(actor, { action: 'read', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, versions: series.length } }, m);
      return series.map((p) => summaryOf(p, names));
    });
  }

  async reviews(actor: Actor, id: string): Promise<PlanReviewDto[]> {
    staffOrAdmin(actor);
    return this.ds.transaction(async (m) => {
      const plan = await this.requireReadable(actor, id, m);
      const reviews = await this.plans.findReviews(m, plan.id);
      const goals = await this.plans.findReviewGoals(
        m,
        reviews.map((r) => r.id),
      );
      const names = await this.userNames(reviews.map((r) => r.reviewedBy));
      await this.audit.record(
        actor,
        { action: 'read', entity: 'plan_review', entityId: id, diff: { returneeId: plan.returneeId, ids: reviews.map((r) => r.id) } },
        m,
      );
      return reviews.map((r) => ({
        id: r.id,
        planId: r.planVersionId,
        followUpId: r.followUpId,
        reviewedOn: r.reviewedOn,
        noteIds: r.noteIds ?? [],
        reviewedById: r.reviewedBy,
        reviewedByName: names.get(r.reviewedBy) ?? null,
        createdAt: r.createdAt.toISOString(),
        goals: goals
          .filter((g) => g.reviewId === r.id)
          .map((g) => ({ goalId: g.goalId, status: g.status, progress: this.cipher.decrypt(g.progressEnc, AAD.planProgress) })),
      }));
    });
  }

  // The version as the PDF prints it (staff and admins only); the caller audits the download.
  async forPrint(actor: Actor, id: string): Promise<{ plan: PlanDto; header: ReturneePlanHeader | null; officeName: string | null }> {
    staffOrAdmin(actor);
    return this.ds.transaction(async (m) => {
      const plan = await this.requireReadable(actor, id, m);
      const [dto] = await this.present(m, [plan], { organizationId: null });
      const header = (await this.returnees.planHeadersByIds([plan.returneeId], m)).get(plan.returneeId) ?? null;
      const office = await this.directory.getOffice(plan.officeId).catch(() => null);
      await this.audit.record(
        actor,
        { action: 'export', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, version: plan.version, format: 'pdf' } },
        m,
      );
      return { plan: dto, header, officeName: office?.name ?? null };
    });
  }

  // ---------- writes ----------

  async create(actor: Actor, dto: CreatePlanDto): Promise<PlanDto> {
    staff(actor);
    return this.write(async (m) => {
      const r = await this.returnees.requireInScope(actor, dto.returneeId, m);
      const active = await this.plans.findActiveOfReturnee(m, r.id);
      if (active) throw PlansError.exists(active.id);
      const now = this.clock.now();
      const plan = await this.plans.insertVersion(
        m,
        draftVersion(actor, { seriesId: randomUUID(), returneeId: r.id, officeId: r.officeId, version: 1, previousVersionId: null }),
        now,
      );
      const counts = await this.writeGoals(m, plan, dto.goals ?? [], [], []);
      await this.audit.record(actor, { action: 'create', entity: 'plan', entityId: plan.id, diff: { returneeId: r.id, version: 1, ...counts } }, m);
      return (await this.present(m, [plan], { organizationId: null }))[0];
    });
  }

  async update(actor: Actor, id: string, dto: UpdatePlanDto): Promise<PlanDto> {
    staff(actor);
    return this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m);
      if (!EDITABLE.includes(plan.status)) throw PlansError.notEditable(plan.status);
      const [goals, actions] = [await this.plans.findGoals(m, [plan.id]), await this.plans.findActions(m, [plan.id])];
      const counts = await this.writeGoals(m, plan, dto.goals, goals, actions);
      const row = await this.plans.updateVersion(m, plan.id, {}, this.clock.now());
      await this.audit.record(
        actor,
        { action: 'update', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, version: plan.version, ...counts } },
        m,
      );
      return (await this.present(m, [row], { organizationId: null }))[0];
    });
  }

  async submit(actor: Actor, id: string): Promise<PlanDto> {
    staff(actor);
    return this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m);
      if (!EDITABLE.includes(plan.status)) throw PlansError.transition(plan.status, 'submitted', EDITABLE);
      if ((await this.plans.findGoals(m, [plan.id])).length === 0) {
        throw PlansError.invalid({ goals: 'must list at least one goal' }, 'A plan is submitted with at least one goal');
      }
      const now = this.clock.now();
      const row = await this.plans.updateVersion(m, id, { status: 'submitted', submittedAt: now, submittedBy: actor.userId }, now);
      await this.notifySupervisors(m, row, actor);
      await this.audit.record(
        actor,
        { action: 'update', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, status: { from: plan.status, to: 'submitted' } } },
        m,
      );
      return (await this.present(m, [row], { organizationId: null }))[0];
    });
  }

  async approve(actor: Actor, id: string): Promise<PlanDto> {
    supervisor(actor);
    return this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m);
      if (plan.status !== 'submitted') throw PlansError.transition(plan.status, 'approved', ['submitted']);
      if (plan.createdBy === actor.userId || plan.submittedBy === actor.userId) throw PlansError.ownApproval();
      const now = this.clock.now();
      // the version approved is the one in force from now; the one it revises stays readable
      await this.plans.updateSeries(m, plan.seriesId, { inForce: false });
      const row = await this.plans.updateVersion(m, id, { status: 'approved', approvedAt: now, approvedBy: actor.userId, inForce: true }, now);
      await this.audit.record(
        actor,
        { action: 'update', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, status: { from: 'submitted', to: 'approved' } } },
        m,
      );
      return (await this.present(m, [row], { organizationId: null }))[0];
    });
  }

  async returnPlan(actor: Actor, id: string, comment: string): Promise<PlanDto> {
    supervisor(actor);
    return this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m);
      if (plan.status !== 'submitted') throw PlansError.transition(plan.status, 'returned', ['submitted']);
      const now = this.clock.now();
      const row = await this.plans.updateVersion(
        m,
        id,
        { status: 'returned', returnedAt: now, returnedBy: actor.userId, returnedComment: comment.trim() },
        now,
      );
      await this.audit.record(
        actor,
        { action: 'update', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, status: { from: 'submitted', to: 'returned' } } },
        m,
      );
      return (await this.present(m, [row], { organizationId: null }))[0];
    });
  }

  // A new draft version, a copy of the goals and actions; the revised version stays in force until the new one is approved.
  async revise(actor: Actor, id: string): Promise<PlanDto> {
    staff(actor);
    return this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m);
      if (!REVISABLE.includes(plan.status)) throw PlansError.transition(plan.status, 'revised', REVISABLE);
      const now = this.clock.now();
      await this.plans.updateVersion(m, plan.id, { isCurrent: false }, now);
      const next = await this.plans.insertVersion(
        m,
        draftVersion(actor, {
          seriesId: plan.seriesId,
          returneeId: plan.returneeId,
          officeId: plan.officeId,
          version: plan.version + 1,
          previousVersionId: plan.id,
        }),
        now,
      );
      const [goals, actions] = [await this.plans.findGoals(m, [plan.id]), await this.plans.findActions(m, [plan.id])];
      const idOf = new Map(goals.map((g) => [g.id, randomUUID()]));
      await this.plans.replaceGoals(
        m,
        next.id,
        goals.map(({ id: gid, ...g }) => ({ ...g, id: idOf.get(gid), planVersionId: next.id })),
        actions.map(({ id: _aid, ...a }) => ({ ...a, goalId: idOf.get(a.goalId) as string, planVersionId: next.id })),
      );
      await this.audit.record(
        actor,
        { action: 'create', entity: 'plan', entityId: next.id, diff: { returneeId: plan.returneeId, version: next.version, revises: plan.id } },
        m,
      );
      return (await this.present(m, [next], { organizationId: null }))[0];
    });
  }

  async sign(actor: Actor, id: string, signedOn: string): Promise<PlanDto> {
    staff(actor);
    return this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m, false);
      if (plan.status === 'closed') {
        throw PlansError.transition(plan.status, 'signed', ['draft', 'returned', 'submitted', 'approved', 'under_review', 'completed']);
      }
      if (signedOn < dayInBishkek(plan.createdAt)) {
        throw CommonError.validation({ signedOn: 'must not be before the day this version was created' });
      }
      const row = await this.plans.updateVersion(m, id, { signedOn }, this.clock.now());
      await this.audit.record(
        actor,
        { action: 'update', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, signedOn: { from: plan.signedOn, to: signedOn } } },
        m,
      );
      return (await this.present(m, [row], { organizationId: null }))[0];
    });
  }

  async review(actor: Actor, id: string, dto: CreateReviewDto): Promise<PlanReviewDto> {
    staff(actor);
    const reviewId = await this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m, false);
      if (!REVIEWABLE.includes(plan.status) || !plan.inForce) throw PlansError.transition(plan.status, 'reviewed', REVIEWABLE);
      const errors: FieldErrors = {};
      if (plan.approvedAt && dto.reviewedOn < dayInBishkek(plan.approvedAt)) errors.reviewedOn = 'must not be before the day the plan was approved';
      if (Object.keys(errors).length) throw CommonError.validation(errors);
      const goals = await this.plans.findGoals(m, [plan.id]);
      const goalIds = new Set(goals.map((g) => g.id));
      const seen = new Set<string>();
      dto.goals.forEach((g, i) => {
        if (!goalIds.has(g.goalId)) errors[`goals[${i}].goalId`] = 'is not a goal of this plan version';
        else if (seen.has(g.goalId)) errors[`goals[${i}].goalId`] = 'is listed twice';
        seen.add(g.goalId);
        if (g.status === 'dropped' && !g.droppedReason) errors[`goals[${i}].droppedReason`] = 'is required when the goal is dropped';
      });
      if (dto.followUpId) {
        const fu = (await this.followUps.planLinksByIds([dto.followUpId], m)).get(dto.followUpId);
        if (!fu || fu.returneeId !== plan.returneeId || fu.officeId !== plan.officeId) errors.followUpId = "is not one of this returnee's follow-ups";
      }
      const noteIds = [...new Set(dto.noteIds ?? [])];
      if (noteIds.length) {
        const citable = new Set(await this.notes.citableIds(actor, plan.returneeId, noteIds, m));
        noteIds.forEach((n, i) => {
          if (!citable.has(n)) errors[`noteIds[${i}]`] = "is not one of this returnee's notes";
        });
      }
      if (Object.keys(errors).length) throw PlansError.invalid(errors, 'The review does not fit this plan');
      const now = this.clock.now();
      const review = await this.plans.insertReview(
        m,
        { planVersionId: plan.id, followUpId: dto.followUpId ?? null, reviewedOn: dto.reviewedOn, noteIds, reviewedBy: actor.userId },
        dto.goals.map((g) => ({ goalId: g.goalId, status: g.status, progressEnc: this.cipher.encrypt(g.progress, AAD.planProgress) })),
      );
      for (const g of dto.goals) {
        const before = goals.find((x) => x.id === g.goalId) as PlanGoal;
        await this.plans.updateGoal(m, g.goalId, {
          status: g.status,
          droppedReason: g.status === 'dropped' ? (g.droppedReason as string) : null,
          lastProgressEnc: this.cipher.encrypt(g.progress, AAD.planProgress),
          achievedAt: g.status === 'achieved' ? (before.achievedAt ?? now) : null,
        });
      }
      await this.plans.updateVersion(m, plan.id, { status: 'under_review', lastReviewedAt: now }, now);
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'plan_review',
          entityId: review.id,
          diff: { planId: plan.id, returneeId: plan.returneeId, goals: dto.goals.map((g) => ({ goalId: g.goalId, status: g.status })), noteIds },
        },
        m,
      );
      return review.id;
    });
    return (await this.reviews(actor, id)).find((r) => r.id === reviewId) as PlanReviewDto;
  }

  async complete(actor: Actor, id: string): Promise<PlanDto> {
    staff(actor);
    return this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m);
      if (!REVISABLE.includes(plan.status)) throw PlansError.transition(plan.status, 'completed', REVISABLE);
      const now = this.clock.now();
      await this.plans.updateSeries(m, plan.seriesId, { inForce: false });
      const row = await this.plans.updateVersion(m, id, { status: 'completed', completedAt: now }, now);
      await this.audit.record(
        actor,
        { action: 'update', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, status: { from: plan.status, to: 'completed' } } },
        m,
      );
      return (await this.present(m, [row], { organizationId: null }))[0];
    });
  }

  // Ends the plan (the whole series) with a reason, from any open state.
  async close(actor: Actor, id: string, reason: string): Promise<PlanDto> {
    staff(actor);
    return this.write(async (m) => {
      const plan = await this.requireWritable(actor, id, m);
      if (plan.status === 'completed' || plan.status === 'closed') {
        throw PlansError.transition(plan.status, 'closed', ['draft', 'submitted', 'returned', 'approved', 'under_review']);
      }
      const now = this.clock.now();
      await this.plans.updateSeries(m, plan.seriesId, { inForce: false });
      const row = await this.plans.updateVersion(m, id, { status: 'closed', closedAt: now, closeReason: reason.trim() }, now);
      await this.audit.record(
        actor,
        { action: 'update', entity: 'plan', entityId: id, diff: { returneeId: plan.returneeId, status: { from: plan.status, to: 'closed' } } },
        m,
      );
      return (await this.present(m, [row], { organizationId: null }))[0];
    });
  }

  // ---------- helpers ----------

  // A transaction whose unique-index race (two plans started at once) answers 409 like the check before it.
  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint === 'plan_version_one_active_idx') {
        throw PlansError.exists('');
      }
      throw err;
    }
  }

  // For documents attached to a plan: the returnee and office of each plan version among `ids`; no scope check (the
  // documents context compares them with a returnee it has scoped).
  async documentLinksByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, { returneeId: string; officeId: string }>> {
    const out = new Map<string, { returneeId: string; officeId: string }>();
    for (const id of new Set(ids)) {
      const p = await this.plans.findById(m, id);
      if (p) out.set(id, { returneeId: p.returneeId, officeId: p.officeId });
    }
    return out;
  }

  // A version the caller may read: staff and admins through the returnee's scope; NGO staff through their
  // organisation's actions on a version in force, while the returnee's consent to share with NGOs holds. Else 404.
  private async requireReadable(actor: Actor, id: string, m: EntityManager): Promise<PlanVersion> {
    const scope = planScopeOf(actor);
    const plan = await this.plans.findVisible(m, scope, id);
    if (!plan) throw CommonError.notFound('Plan');
    if (scope.kind === 'organization') {
      if (!(await this.sharedReturnees([plan.returneeId], m)).has(plan.returneeId)) throw CommonError.notFound('Plan');
      return plan;
    }
    try {
      await this.returnees.requireInScope(actor, plan.returneeId, m);
    } catch (err) {
      throw isNotFound(err) ? CommonError.notFound('Plan') : err;
    }
    return plan;
  }

  // A version an office member may change (locked): in their office's scope, and the newest of its plan.
  private async requireWritable(actor: Actor, id: string, m: EntityManager, mustBeCurrent = true): Promise<PlanVersion> {
    await this.requireReadable(actor, id, m);
    const plan = (await this.plans.findById(m, id, true)) as PlanVersion;
    if (mustBeCurrent && !plan.isCurrent) throw PlansError.notCurrent();
    return plan;
  }

  private async sharedReturnees(ids: string[], m: EntityManager): Promise<Set<string>> {
    const now = this.clock.now();
    const out = new Set<string>();
    for (const id of new Set(ids)) if (await this.consents.findActive(id, ['share_with_ngo'], now, m)) out.add(id);
    return out;
  }

  // Checks and writes the whole goal list of a draft. Ids given must be of this version's goals and actions; linked
  // records must be the returnee's (and the plan office's); owners must exist; dates not in the past unless kept.
  private async writeGoals(
    m: EntityManager,
    plan: PlanVersion,
    input: GoalInput[],
    oldGoals: PlanGoal[],
    oldActions: PlanAction[],
  ): Promise<{ goals: number; actions: number }> {
    const errors: FieldErrors = {};
    const today = todayInBishkek(this.clock.now());
    const oldGoal = new Map(oldGoals.map((g) => [g.id, g]));
    const oldAction = new Map(oldActions.map((a) => [a.id, a]));
    const seenGoals = new Set<string>();
    const seenActions = new Set<string>();
    const refIds = { case: new Set<string>(), referral: new Set<string>(), follow_up: new Set<string>(), assistance: new Set<string>() };
    input.forEach((g, i) => {
      const at = `goals[${i}]`;
      if (g.id !== undefined) {
        if (!oldGoal.has(g.id)) errors[`${at}.id`] = 'is not a goal of this plan version';
        else if (seenGoals.has(g.id)) errors[`${at}.id`] = 'is listed twice';
        seenGoals.add(g.id);
      }
      const kept = g.id !== undefined ? oldGoal.get(g.id) : undefined;
      if (g.targetDate < today && kept?.targetDate !== g.targetDate) errors[`${at}.targetDate`] = 'must not be in the past';
      if (g.status === 'dropped' && !g.droppedReason) errors[`${at}.droppedReason`] = 'is required when the goal is dropped';
      (g.actions ?? []).forEach((a, j) => {
        const aat = `${at}.actions[${j}]`;
        if (a.id !== undefined) {
          if (!oldAction.has(a.id)) errors[`${aat}.id`] = 'is not an action of this plan version';
          else if (seenActions.has(a.id)) errors[`${aat}.id`] = 'is listed twice';
          seenActions.add(a.id);
        }
        checkActionShape(a, aat, errors, today, a.id !== undefined ? oldAction.get(a.id) : undefined);
        if (a.refId && a.kind !== 'task') refIds[a.kind].add(a.refId);
      });
    });
    if (Object.keys(errors).length) throw CommonError.validation(errors);

    // references: one set-wise read per kind
    const links: Links = {
      cases: await this.cases.planLinksByIds([...refIds.case], m),
      referrals: await this.referrals.planLinksByIds([...refIds.referral], m),
      followUps: await this.followUps.planLinksByIds([...refIds.follow_up], m),
      assistance: await this.linkSources.linksByIds('assistance', [...refIds.assistance], m),
    };
    const userIds = new Set(input.flatMap((g) => (g.actions ?? []).map((a) => a.ownerUserId).filter((x): x is string => !!x)));
    const orgIds = new Set(input.flatMap((g) => (g.actions ?? []).map((a) => a.ownerOrganizationId).filter((x): x is string => !!x)));
    const okUsers = new Set<string>();
    for (const u of userIds) if (await this.users.isStaffOfOffice(u, plan.officeId, m)) okUsers.add(u);
    const okOrgs = new Set<string>();
    for (const o of orgIds) if ((await this.directory.organizationForReferral(o, m))?.active) okOrgs.add(o);
    const goals: NewGoal[] = [];
    const actions: NewAction[] = [];
    const now = this.clock.now();
    input.forEach((g, i) => {
      const goalId = g.id ?? randomUUID();
      const kept = g.id !== undefined ? oldGoal.get(g.id) : undefined;
      const status = g.status ?? kept?.status ?? 'not_started';
      goals.push({
        id: goalId,
        planVersionId: plan.id,
        position: i,
        dimension: g.dimension,
        textEnc: this.cipher.encrypt(g.text.trim(), AAD.planGoalText),
        targetDate: g.targetDate,
        status,
        droppedReason: status === 'dropped' ? (g.droppedReason?.trim() ?? kept?.droppedReason ?? null) : null,
        lastProgressEnc: kept?.lastProgressEnc ?? null,
        achievedAt: status === 'achieved' ? (kept?.achievedAt ?? now) : null,
      });
      (g.actions ?? []).forEach((a, j) => {
        const aat = `goals[${i}].actions[${j}]`;
        let organizationId: string | null = null;
        if (a.kind === 'task') {
          if (a.ownerUserId && !okUsers.has(a.ownerUserId)) errors[`${aat}.ownerUserId`] = "is not an active member of the plan's office";
          if (a.ownerOrganizationId && !okOrgs.has(a.ownerOrganizationId)) errors[`${aat}.ownerOrganizationId`] = 'is not an active partner organisation';
          organizationId = a.ownerOrganizationId ?? null;
        } else {
          const ref = a.refId as string;
          const link =
            a.kind === 'case'
              ? links.cases.get(ref)
              : a.kind === 'referral'
                ? links.referrals.get(ref)
                : a.kind === 'follow_up'
                  ? links.followUps.get(ref)
                  : links.assistance.get(ref);
          if (!link || link.returneeId !== plan.returneeId || link.officeId !== plan.officeId) {
            errors[`${aat}.refId`] = `is not one of this returnee's ${REF_NOUNS[a.kind]}`;
          }
          if (a.kind === 'referral' && link) organizationId = (link as ReferralPlanLink).organizationId;
        }
        actions.push({
          id: a.id ?? randomUUID(),
          goalId,
          planVersionId: plan.id,
          position: j,
          kind: a.kind,
          refId: a.kind === 'task' ? null : (a.refId as string),
          textEnc: a.text !== undefined ? this.cipher.encrypt(a.text.trim(), AAD.planActionText) : null,
          ownerUserId: a.kind === 'task' ? (a.ownerUserId ?? null) : null,
          ownerOrganizationId: a.kind === 'task' ? (a.ownerOrganizationId ?? null) : null,
          organizationId,
          dueOn: a.dueAt ?? null,
          status: a.kind === 'task' ? (a.status ?? 'pending') : 'pending',
        });
      });
    });
    if (Object.keys(errors).length) throw PlansError.invalid(errors, 'The plan refers to records or people it cannot');
    await this.plans.replaceGoals(m, plan.id, goals, actions);
    return { goals: goals.length, actions: actions.length };
  }

  private async notifySupervisors(m: EntityManager, plan: PlanVersion, actor: Actor): Promise<void> {
    const supervisors = (await this.users.activeUserIds({ role: 'supervisor', officeId: plan.officeId }, m)).filter((u) => u !== actor.userId);
    if (!supervisors.length) return;
    const header = (await this.returnees.planHeadersByIds([plan.returneeId], m)).get(plan.returneeId);
    await this.notifications.notifyMany(
      supervisors.map((userId) => ({
        userId,
        kind: 'plan_submitted' as const,
        // Russian fallback only: the console renders kind + data in the UI language
        title: `План реинтеграции на утверждение: ${header?.fullName ?? ''} (${header?.code ?? ''})`,
        body: '',
        link: `#/plans/${plan.id}/show`,
        data: {
          planId: plan.id,
          returneeId: plan.returneeId,
          returneeCode: header?.code ?? null,
          returneeName: header?.fullName ?? null,
          version: plan.version,
        },
        dedupeKey: `plan:${plan.id}:submitted:${plan.submittedAt?.getTime() ?? 0}:${userId}`,
      })),
      m,
    );
  }

  private async userNames(ids: Array<string | null>): Promise<Map<string, string>> {
    const valid = [...new Set(ids.filter((x): x is string => !!x))];
    return valid.length ? this.users.namesByIds(valid) : new Map();
  }

  // Versions with their goals and actions, linked records' statuses and labels, names; for NGO staff only what
  // involves their organisation.
  private async present(m: EntityManager, rows: PlanVersion[], view: View): Promise<PlanDto[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const goals = await this.plans.findGoals(m, ids);
    let actions = await this.plans.findActions(m, ids);
    if (view.organizationId) actions = actions.filter((a) => a.organizationId === view.organizationId);
    const byKind = (k: string) => actions.filter((a) => a.kind === k).map((a) => a.refId as string);
    const links: Links = {
      cases: await this.cases.planLinksByIds(byKind('case'), m),
      referrals: await this.referrals.planLinksByIds(byKind('referral'), m),
      followUps: await this.followUps.planLinksByIds(byKind('follow_up'), m),
      assistance: await this.linkSources.linksByIds('assistance', byKind('assistance'), m),
    };
    const names = await this.userNames([
      ...rows.flatMap((r) => [r.createdBy, r.approvedBy]),
      ...actions.map((a) => a.ownerUserId),
      ...[...links.followUps.values()].map((f) => f.assigneeId),
    ]);
    const orgIds = [...new Set(actions.map((a) => a.ownerOrganizationId).filter((x): x is string => !!x))];
    const orgs = orgIds.length ? await this.directory.organizationNamesByIds(orgIds) : new Map<string, string>();
    const headers = await this.returnees.planHeadersByIds(
      rows.map((r) => r.returneeId),
      m,
    );
    return rows.map((r) => {
      const myActions = actions.filter((a) => a.planVersionId === r.id);
      let myGoals = goals.filter((g) => g.planVersionId === r.id);
      if (view.organizationId) myGoals = myGoals.filter((g) => myActions.some((a) => a.goalId === g.id));
      const h = headers.get(r.returneeId);
      return {
        ...summaryOf(r, names),
        returneeCode: h?.code ?? null,
        returneeName: h?.fullName ?? null,
        goals: myGoals.map((g): PlanGoalDto => ({
          id: g.id,
          dimension: g.dimension,
          text: this.cipher.decrypt(g.textEnc, AAD.planGoalText),
          targetDate: g.targetDate,
          status: g.status,
          droppedReason: g.droppedReason,
          lastProgress: g.lastProgressEnc && !view.organizationId ? this.cipher.decrypt(g.lastProgressEnc, AAD.planProgress) : null,
          actions: myActions.filter((a) => a.goalId === g.id).map((a) => this.actionDto(a, links, names, orgs)),
        })),
      };
    });
  }

  private actionDto(a: PlanAction, links: Links, names: Map<string, string>, orgs: Map<string, string>): PlanActionDto {
    let refLabel: string | null = null;
    let refStatus: string | null = null;
    let status: ActionStatus = a.status;
    let ownerName: string | null = a.ownerUserId
      ? (names.get(a.ownerUserId) ?? null)
      : a.ownerOrganizationId
        ? (orgs.get(a.ownerOrganizationId) ?? null)
        : null;
    if (a.kind === 'case') {
      const c = links.cases.get(a.refId as string);
      refLabel = c ? `${c.code} · ${c.type}` : null;
      refStatus = c?.status ?? null;
      status = derivedStatus('case', refStatus);
    } else if (a.kind === 'referral') {
      const r = links.referrals.get(a.refId as string);
      refLabel = r ? `${r.organizationName ?? ''} · ${dayInBishkek(r.sentAt)}` : null;
      refStatus = r?.status ?? null;
      ownerName = r?.organizationName ?? null;
      status = derivedStatus('referral', refStatus);
    } else if (a.kind === 'follow_up') {
      const f = links.followUps.get(a.refId as string);
      refLabel = f ? `${f.kind} · ${dayInBishkek(f.dueAt)}` : null;
      refStatus = f?.status ?? null;
      ownerName = f ? (names.get(f.assigneeId) ?? null) : null;
      status = derivedStatus('follow_up', refStatus);
    } else if (a.kind === 'assistance') {
      const i = links.assistance.get(a.refId as string);
      refLabel = i?.label ?? null;
      refStatus = i?.status ?? null;
      status = derivedStatus('assistance', refStatus);
    }
    return {
      id: a.id,
      kind: a.kind,
      refId: a.refId,
      refLabel,
      text: a.textEnc ? this.cipher.decrypt(a.textEnc, AAD.planActionText) : null,
      ownerUserId: a.ownerUserId,
      ownerOrganizationId: a.ownerOrganizationId,
      ownerName,
      dueAt: a.dueOn,
      status,
      refStatus,
    };
  }
}

function summaryOf(p: PlanVersion, names: Map<string, string>): PlanVersionSummaryDto {
  return {
    id: p.id,
    returneeId: p.returneeId,
    officeId: p.officeId,
    version: p.version,
    status: p.status,
    current: p.isCurrent,
    inForce: p.inForce,
    previousVersionId: p.previousVersionId,
    signedAt: p.signedOn,
    submittedAt: p.submittedAt?.toISOString() ?? null,
    approvedById: p.approvedBy,
    approvedByName: p.approvedBy ? (names.get(p.approvedBy) ?? null) : null,
    approvedAt: p.approvedAt?.toISOString() ?? null,
    returnedComment: p.returnedComment,
    returnedAt: p.returnedAt?.toISOString() ?? null,
    completedAt: p.completedAt?.toISOString() ?? null,
    closedAt: p.closedAt?.toISOString() ?? null,
    closeReason: p.closeReason,
    createdById: p.createdBy,
    createdByName: names.get(p.createdBy) ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    lastReviewedAt: p.lastReviewedAt?.toISOString() ?? null,
  };
}

// The shape of one action, before any lookup: a task has what, who and when; a link (case, referral, follow-up,
// assistance item) has its record and no owner of its own.
function checkActionShape(a: ActionInput, at: string, errors: FieldErrors, today: string, kept: PlanAction | undefined): void {
  if (a.kind === 'task') {
    if (a.refId !== undefined) errors[`${at}.refId`] = 'must be empty for a task';
    if (a.text === undefined) errors[`${at}.text`] = 'is required for a task';
    if (!a.ownerUserId === !a.ownerOrganizationId) errors[`${at}.ownerUserId`] = 'is required for a task: a user or a partner organisation (one of them)';
    if (a.dueAt === undefined) errors[`${at}.dueAt`] = 'is required for a task';
    else if (a.dueAt < today && kept?.dueOn !== a.dueAt) errors[`${at}.dueAt`] = 'must not be in the past';
    return;
  }
  if (a.refId === undefined) errors[`${at}.refId`] = `is required for a ${a.kind} action`;
  if (a.ownerUserId !== undefined || a.ownerOrganizationId !== undefined) errors[`${at}.ownerUserId`] = 'must be empty: a linked action follows its record';
  if (a.status !== undefined) errors[`${at}.status`] = 'must be empty: a linked action follows its record';
  if (a.dueAt !== undefined && a.dueAt < today && kept?.dueOn !== a.dueAt) errors[`${at}.dueAt`] = 'must not be in the past';
}

// A new draft version row: nothing submitted, approved, returned or reviewed yet.
function draftVersion(actor: Actor, v: Pick<NewPlanVersion, 'seriesId' | 'returneeId' | 'officeId' | 'version' | 'previousVersionId'>): NewPlanVersion {
  return {
    ...v,
    status: 'draft',
    isCurrent: true,
    inForce: false,
    signedOn: null,
    submittedAt: null,
    submittedBy: null,
    approvedAt: null,
    approvedBy: null,
    returnedAt: null,
    returnedBy: null,
    returnedComment: null,
    completedAt: null,
    closedAt: null,
    closeReason: null,
    lastReviewedAt: null,
    createdBy: actor.userId,
  };
}

function staff(actor: Actor): void {
  if ((actor.role !== 'supervisor' && actor.role !== 'caseworker') || !actor.officeId) throw CommonError.forbidden();
}
function supervisor(actor: Actor): void {
  if (actor.role !== 'supervisor' || !actor.officeId) throw CommonError.forbidden('Plans are approved or returned by the office supervisor');
}
function staffOrAdmin(actor: Actor): void {
  if (actor.role === 'ngo_staff') throw CommonError.forbidden();
}
export type { PlanStatus };
