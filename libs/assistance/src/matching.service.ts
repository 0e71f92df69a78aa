import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { CaseTimelineService } from '@kaytuu/cases';
import { FollowUpService } from '@kaytuu/follow-ups';
import { PlanFactsService } from '@kaytuu/plans';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { Actor, Clock, CommonError, FieldCipher, ListQuery, ListResult } from '@kaytuu/shared';
import { AssistanceAccess } from './assistance-access';
import { AssistanceService } from './assistance.service';
import { AssistanceError } from './assistance.errors';
import { bishkekToday } from './assistance.types';
import { AssistanceStepDto } from './dto/assistance.dto';
import { MatchingApplicationDto, ProposeMatchingDto, RecordSurvivalCheckDto, RejectMatchingDto, SurvivalCheckDto } from './dto/matching.dto';
import { minor } from './dto/money';
import { budgetState, LedgerRepository, ZERO_TOTALS } from './ledger.repository';
import { computeMatch, plannedTranches } from './matching';
import { BusinessSurvivalCheck, MatchingApplication } from './matching-application.entity';
import { MatchingApplicationRepository, MatchingFilter, MatchingPatch } from './matching-application.repository';
import { Programme } from './programme.entity';
import { ProgrammeRepository } from './programme.repository';
import { ProgrammeService } from './programme.service';

export const MATCHING_TEXT_AAD = {
  rejectionReason: 'matching_application.rejection_reason',
  survivalNote: 'business_survival_check.note',
} as const;

// "1+1" matching applications: a returnee's business plan and own contribution, matched by the programme (own × its
// ratio, capped, within the business_grant line's available). The committee is the office's supervisor and an admin,
// in either order, neither the proposer; the second approval makes the business_grant item, approved and committed
// (AssistanceService.createApprovedGrant), in the same transaction. The application row is locked for every decision,
// so two approvals racing commit once. Every step writes its audit row and, on the application's case, an event.
@Injectable()
export class MatchingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly applications: MatchingApplicationRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly programmeService: ProgrammeService,
    private readonly ledger: LedgerRepository,
    private readonly assistance: AssistanceService,
    private readonly returnees: ReturneeLookupService,
    private readonly plans: PlanFactsService,
    private readonly timeline: CaseTimelineService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    private readonly followUps: FollowUpService,
    private readonly access: AssistanceAccess,
  ) {}

  list(actor: Actor, q: ListQuery<MatchingFilter>): Promise<ListResult<MatchingApplicationDto>> {
    const present = (m: EntityManager, rows: MatchingApplication[]) => this.present(m, rows);
    return this.access.list(actor, 'matching_application', q, (m, officeId) => this.applications.findPage(m, officeId, q, actor), present);
  }

  get(actor: Actor, id: string): Promise<MatchingApplicationDto> {
    return this.access.get(
      actor,
      'matching_application',
      id,
      (m) => this.requireApplication(actor, id, m),
      (m, rows) => this.present(m, rows),
    );
  }

  async propose(actor: Actor, dto: ProposeMatchingDto): Promise<MatchingApplicationDto> {
    return this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, dto.returneeId, m);
      const p = await this.access.requireProgramme(dto.programmeId, m);
      this.programmeService.openCheck(p);
      if (dto.currency !== p.currency) throw AssistanceError.currencyMismatch(p.currency);
      if (p.matchRatioPercent === null) throw AssistanceError.matchingNotOffered('the programme has no match ratio');
      const line = p.assistanceTypes.includes('business_grant') ? await this.programmes.findLineOfType(m, p.id, 'business_grant') : null;
      if (!line) throw AssistanceError.matchingNotOffered('the programme has no business_grant budget line');
      await this.access.requireCaseOf(actor, dto.caseId, returnee.id, m);
      if (dto.planGoalId && !(await this.plans.isGoalOf(dto.planGoalId, returnee.id, m))) {
        throw AssistanceError.invalid({ planGoalId: "is not a goal of this returnee's plan" }, 'The plan goal does not belong to this returnee');
      }
      if (dto.ownEvidenceDocumentId) await this.assistance.requireDocumentOf(dto.ownEvidenceDocumentId, returnee.id, 'ownEvidenceDocumentId', m);
      await this.access.checkEligible(p, returnee.id, m);
      const totals = (await this.ledger.totalsByLine(m, [line.id])).get(line.id) ?? ZERO_TOTALS;
      const { available } = budgetState(Number(line.amountMinor), totals);
      const match = computeMatch(dto.ownContributionMinor, { ratioPercent: p.matchRatioPercent, capMinor: minor(p.matchCapMinor) }, available);
      if (match.rawMinor === 0) {
        throw AssistanceError.invalid(
          { ownContributionMinor: `is too small to match at ${p.matchRatioPercent}%` },
          'The own contribution matches to less than one minor unit',
        );
      }
      if (match.matchedMinor === 0) throw AssistanceError.budgetExceeded(available, match.rawMinor);
      const bp = dto.businessPlan;
      const app = await this.applications.insert(m, {
        returneeId: returnee.id,
        officeId: returnee.officeId,
        programmeId: p.id,
        budgetLineId: line.id,
        caseId: dto.caseId,
        planGoalId: dto.planGoalId ?? null,
        currency: dto.currency,
        sector: bp.sector,
        oblast: bp.oblast,
        district: bp.district,
        description: bp.description,
        totalCostMinor: String(bp.totalCostMinor),
        expectedMonthlyIncomeMinor: String(bp.expectedMonthlyIncomeMinor),
        jobsForOthers: bp.jobsForOthers,
        ownContributionMinor: String(dto.ownContributionMinor),
        ownEvidenceDocumentId: dto.ownEvidenceDocumentId ?? null,
        matchRatioPercent: p.matchRatioPercent,
        matchCapMinor: p.matchCapMinor,
        matchedMinor: String(match.matchedMinor),
        matchLimitedBy: match.limitedBy,
        firstTranchePercent: dto.firstTranchePercent ?? 50,
        proposedBy: actor.userId,
      });
      await this.caseEvent(m, app, actor, 'proposed');
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'matching_application',
          entityId: app.id,
          diff: {
            returneeId: app.returneeId,
            programmeId: p.id,
            ownContributionMinor: dto.ownContributionMinor,
            matchedMinor: match.matchedMinor,
            matchLimitedBy: match.limitedBy,
            currency: app.currency,
            status: 'proposed',
          },
        },
        m,
      );
      return (await this.present(m, [app]))[0];
    });
  }

  // The committee: the office supervisor's and an admin's approvals, either order. The second makes the grant.
  async approve(actor: Actor, id: string, dto: AssistanceStepDto): Promise<MatchingApplicationDto> {
    return this.decide(actor, id, dto, async (m, app, p) => {
      if (app.proposedBy === actor.userId) throw AssistanceError.ownApproval();
      const now = this.clock.now();
      const by = actor.role === 'admin' ? 'admin' : 'supervisor';
      if ((by === 'admin' ? app.adminApprovedBy : app.supervisorApprovedBy) !== null) throw AssistanceError.alreadyApproved(by);
      this.programmeService.openCheck(p);
      await this.access.checkEligible(p, app.returneeId, m);
      const patch: MatchingPatch =
        by === 'admin' ? { adminApprovedBy: actor.userId, adminApprovedAt: now } : { supervisorApprovedBy: actor.userId, supervisorApprovedAt: now };
      const both = { ...app, ...patch };
      if (!both.supervisorApprovedBy || !both.adminApprovedBy) return { patch, step: `${by}_approval`, diff: { approval: by } };
      const item = await this.assistance.createApprovedGrant(m, actor, both, `1+1: ${app.sector}, ${app.district}`);
      return { patch: { ...patch, status: 'approved', assistanceItemId: item.id }, step: 'approved', diff: { approval: by, assistanceItemId: item.id } };
    });
  }

  async reject(actor: Actor, id: string, dto: RejectMatchingDto): Promise<MatchingApplicationDto> {
    return this.decide(actor, id, dto, async () => ({
      patch: {
        status: 'rejected',
        rejectionReasonEnc: this.cipher.encrypt(dto.reason, MATCHING_TEXT_AAD.rejectionReason),
        rejectedBy: actor.userId,
        rejectedAt: this.clock.now(),
      },
      step: 'rejected',
      diff: {},
    }));
  }

  // A survival check at 3, 6 or 12 months, once per milestone, after the grant's first tranche. An application whose
  // first tranche came before the 3-month follow-up existed records its 3m check without one (followUpId null).
  async recordSurvivalCheck(actor: Actor, id: string, dto: RecordSurvivalCheckDto): Promise<MatchingApplicationDto> {
    return this.ds.transaction(async (m) => {
      const app = await this.requireApplication(actor, id, m, true);
      if (!app.followUp6mId) {
        throw AssistanceError.invalid({ milestone: 'the grant has no tranche disbursed yet' }, 'Survival checks follow the first tranche of the grant');
      }
      if (dto.checkedOn > bishkekToday(this.clock.now())) {
        throw AssistanceError.invalid({ checkedOn: 'must not be in the future' }, 'A survival check is recorded once made');
      }
      if ((await this.applications.findChecks(m, [app.id])).some((c) => c.milestone === dto.milestone)) {
        throw AssistanceError.survivalCheckExists(dto.milestone);
      }
      const followUpId = { '3m': app.followUp3mId, '6m': app.followUp6mId, '12m': app.followUp12mId }[dto.milestone];
      await this.applications.insertCheck(m, {
        applicationId: app.id,
        milestone: dto.milestone,
        checkedOn: dto.checkedOn,
        businessStatus: dto.businessStatus,
        monthlyIncomeBand: dto.monthlyIncomeBand,
        peopleEmployed: dto.peopleEmployed,
        noteEnc: this.cipher.encryptNullable(dto.note, MATCHING_TEXT_AAD.survivalNote),
        followUpId,
        recordedBy: actor.userId,
      });
      // the check is what its monitoring follow-up was for: done (a follow-up already closed by hand stays as it is)
      const followUpDone = followUpId
        ? await this.followUps.completeScheduled(m, actor, followUpId, `1+1 survival check ${dto.milestone}: ${dto.businessStatus}`)
        : false;
      const saved = await this.applications.update(m, app.id, {}, this.clock.now());
      await this.caseEvent(m, app, actor, `survival_check_${dto.milestone}`);
      await this.audit.record(
        actor,
        {
          action: 'update',
          entity: 'matching_application',
          entityId: app.id,
          diff: {
            returneeId: app.returneeId,
            survivalCheck: {
              milestone: dto.milestone,
              businessStatus: dto.businessStatus,
              monthlyIncomeBand: dto.monthlyIncomeBand,
              peopleEmployed: dto.peopleEmployed,
            },
            followUpId,
            followUpDone,
          },
        },
        m,
      );
      return (await this.present(m, [saved]))[0];
    });
  }

  // One committee decision in one transaction, the application locked: version and status checked, then the patch,
  // the case event and the audit row.
  private async decide(
    actor: Actor,
    id: string,
    dto: AssistanceStepDto,
    decide: (m: EntityManager, app: MatchingApplication, p: Programme) => Promise<{ patch: MatchingPatch; step: string; diff: Record<string, unknown> }>,
  ): Promise<MatchingApplicationDto> {
    return this.ds.transaction(async (m) => {
      const app = await this.requireApplication(actor, id, m, true);
      if (dto.version !== undefined && dto.version !== app.version) throw CommonError.staleVersion('Matching application', app.version);
      if (app.status !== 'proposed') throw AssistanceError.invalidTransition(app.status, 'decided', []);
      const p = (await this.programmes.findById(m, app.programmeId)) as Programme;
      const { patch, step, diff } = await decide(m, app, p);
      const saved = await this.applications.update(m, app.id, patch, this.clock.now());
      await this.caseEvent(m, saved, actor, step);
      await this.audit.record(
        actor,
        {
          action: 'update',
          entity: 'matching_application',
          entityId: app.id,
          diff: { returneeId: app.returneeId, from: app.status, to: saved.status, step, ...diff },
        },
        m,
      );
      return (await this.present(m, [saved]))[0];
    });
  }

  private async caseEvent(m: EntityManager, app: MatchingApplication, actor: Actor, step: string): Promise<void> {
    await this.timeline.appendEvent(m, app.caseId, actor.userId, 'assistance', {
      matchingApplicationId: app.id,
      step,
      type: 'business_grant',
      amountMinor: Number(app.matchedMinor),
      currency: app.currency,
    });
  }

  private requireApplication(actor: Actor, id: string, m: EntityManager, lock = false): Promise<MatchingApplication> {
    return this.access.requireInScope(actor, id, 'Matching application', m, (appId) => this.applications.findById(m, appId, lock));
  }

  private async present(m: EntityManager, rows: MatchingApplication[]): Promise<MatchingApplicationDto[]> {
    const checks = await this.applications.findChecks(
      m,
      rows.map((r) => r.id),
    );
    const itemIds = rows.flatMap((r) => (r.assistanceItemId ? [r.assistanceItemId] : []));
    const payments = await this.ledger.findDisbursementsOfItems(m, itemIds);
    return rows.map((r) => {
      const tranches = payments.filter((d) => d.assistanceItemId === r.assistanceItemId).map((d) => this.assistance.disbursementDto(d));
      // paid out net of reversals; a release pays nothing
      const net = tranches.reduce((sum, d) => sum + (d.kind === 'disburse' ? d.amountMinor : d.kind === 'reverse' ? -d.amountMinor : 0), 0);
      return toDto(
        r,
        this.cipher.decryptNullable(r.rejectionReasonEnc, MATCHING_TEXT_AAD.rejectionReason),
        tranches,
        net,
        checks.filter((c) => c.applicationId === r.id).map((c) => this.checkDto(c)),
      );
    });
  }

  private checkDto(c: BusinessSurvivalCheck): SurvivalCheckDto {
    return {
      id: c.id,
      milestone: c.milestone,
      checkedOn: c.checkedOn,
      businessStatus: c.businessStatus,
      monthlyIncomeBand: c.monthlyIncomeBand,
      peopleEmployed: c.peopleEmployed,
      note: this.cipher.decryptNullable(c.noteEnc, MATCHING_TEXT_AAD.survivalNote),
      followUpId: c.followUpId,
      recordedBy: c.recordedBy,
      createdAt: c.createdAt.toISOString(),
    };
  }
}

function toDto(
  r: MatchingApplication,
  rejectionReason: string | null,
  tranches: MatchingApplicationDto['tranches'],
  disbursedMinor: number,
  survivalChecks: SurvivalCheckDto[],
): MatchingApplicationDto {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const matched = Number(r.matchedMinor);
  return {
    id: r.id,
    returneeId: r.returneeId,
    officeId: r.officeId,
    programmeId: r.programmeId,
    caseId: r.caseId,
    planGoalId: r.planGoalId,
    currency: r.currency,
    businessPlan: {
      sector: r.sector,
      oblast: r.oblast,
      district: r.district,
      description: r.description,
      totalCostMinor: Number(r.totalCostMinor),
      expectedMonthlyIncomeMinor: Number(r.expectedMonthlyIncomeMinor),
      jobsForOthers: r.jobsForOthers,
    },
    ownContributionMinor: Number(r.ownContributionMinor),
    ownEvidenceDocumentId: r.ownEvidenceDocumentId,
    matchRatioPercent: r.matchRatioPercent,
    matchCapMinor: minor(r.matchCapMinor),
    matchedMinor: matched,
    matchLimitedBy: r.matchLimitedBy,
    firstTranchePercent: r.firstTranchePercent,
    plannedTranches: plannedTranches(matched, r.firstTranchePercent),
    status: r.status,
    supervisorApprovedBy: r.supervisorApprovedBy,
    supervisorApprovedAt: iso(r.supervisorApprovedAt),
    adminApprovedBy: r.adminApprovedBy,
    adminApprovedAt: iso(r.adminApprovedAt),
    rejectionReason,
    rejectedBy: r.rejectedBy,
    rejectedAt: iso(r.rejectedAt),
    assistanceItemId: r.assistanceItemId,
    tranches,
    disbursedMinor,
    followUps: { m3: r.followUp3mId, m6: r.followUp6mId, m12: r.followUp12mId },
    survivalChecks,
    proposedBy: r.proposedBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}
