import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { CaseQueryService, CaseTimelineService } from '@kaytuu/cases';
import { DocumentsService } from '@kaytuu/documents';
import { FollowUpService } from '@kaytuu/follow-ups';
import { PlanFactsService } from '@kaytuu/plans';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { Actor, Clock, CommonError, FieldCipher, ListQuery, ListResult } from '@kaytuu/shared';
import { AssistanceAccess } from './assistance-access';
import { AssistanceDisbursement, AssistanceItem, LedgerEntry } from './assistance-item.entity';
import { AssistanceFilter, AssistanceItemRepository, AssistancePatch } from './assistance-item.repository';
import { AssistanceDetails, AssistanceStatus, AssistanceType, bishkekToday } from './assistance.types';
import { AssistanceError } from './assistance.errors';
import {
  AssistanceDetailsDto,
  AssistanceItemDto,
  AssistanceStepDto,
  CancelAssistanceDto,
  DisburseAssistanceDto,
  DisbursementDto,
  ProposeAssistanceDto,
  RejectAssistanceDto,
  ReleaseAssistanceDto,
  ReverseAssistanceDto,
  VerifyAssistanceDto,
} from './dto/assistance.dto';
import { minor } from './dto/money';
import { budgetState, LedgerRepository, LineTotals, NewLedgerEntry, ZERO_TOTALS } from './ledger.repository';
import { MatchingApplication } from './matching-application.entity';
import { MatchingApplicationRepository } from './matching-application.repository';
import { Programme } from './programme.entity';
import { ProgrammeRepository } from './programme.repository';
import { ProgrammeService } from './programme.service';

// The AAD of each sealed column: a ciphertext copied into another column does not open.
export const ASSISTANCE_TEXT_AAD = {
  justification: 'assistance_item.justification',
  rejectionReason: 'assistance_item.rejection_reason',
  verificationNote: 'assistance_item.verification_note',
  cancelReason: 'assistance_item.cancel_reason',
  // a reversal's or a release's reason
  reversalReason: 'assistance_disbursement.reason',
} as const;
const MONTH_CHECKS = [
  ['monitoring_3m', 3],
  ['monitoring_6m', 6],
  ['monitoring_12m', 12],
] as const;
// Bishkek 10:00 (UTC+6) on the day `months` after `day` (the month's last day when it has no such day).
const checkDue = (day: string, months: number): Date => {
  const [y, mo, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, mo - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, mo - 1 + months, Math.min(d, last), 4));
};

// The moves of an item's workflow (who may make each is the controller's @Roles and the checks below).
const MOVES: Record<AssistanceStatus, AssistanceStatus[]> = {
  proposed: ['approved', 'rejected', 'cancelled'],
  approved: ['disbursed', 'cancelled'],
  rejected: [],
  disbursed: ['verified'],
  verified: [],
  cancelled: [],
};

// Assistance items on a returnee: proposed by office staff against a programme's budget line, approved by the office
// supervisor (not the proposer; above the programme's threshold an admin approves second), disbursed, verified at a
// monitoring visit, or rejected / cancelled. Eligibility is checked at proposal and at each approval, naming the rule
// that failed. The approval that makes an item approved commits its amount under a lock on the budget line, so
// concurrent approvals never overdraw it. Every step writes its audit row (the returnee's record of it: there is no
// returnee timeline), its ledger entries and, for an item linked to a case, an event on the case's timeline, in the
// step's one transaction.
@Injectable()
export class AssistanceService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly items: AssistanceItemRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly programmeService: ProgrammeService,
    private readonly ledger: LedgerRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly plans: PlanFactsService,
    private readonly cases: CaseQueryService,
    private readonly timeline: CaseTimelineService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    private readonly applications: MatchingApplicationRepository,
    private readonly documents: DocumentsService,
    private readonly followUps: FollowUpService,
    private readonly access: AssistanceAccess,
  ) {}

  list(actor: Actor, q: ListQuery<AssistanceFilter>): Promise<ListResult<AssistanceItemDto>> {
    const present = (m: EntityManager, rows: AssistanceItem[]) => this.present(m, rows);
    return this.access.list(actor, 'assistance_item', q, (m, officeId) => this.items.findPage(m, officeId, q, actor), present);
  }

  get(actor: Actor, id: string): Promise<AssistanceItemDto> {
    return this.access.get(
      actor,
      'assistance_item',
      id,
      (m) => this.requireItem(actor, id, m),
      (m, rows) => this.present(m, rows),
    );
  }

  async propose(actor: Actor, dto: ProposeAssistanceDto): Promise<AssistanceItemDto> {
    const details = checkDetails(dto.type, dto.details);
    return this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, dto.returneeId, m);
      const p = await this.access.requireProgramme(dto.programmeId, m);
      this.programmeService.openCheck(p);
      if (dto.currency !== p.currency) throw AssistanceError.currencyMismatch(p.currency);
      const line = p.assistanceTypes.includes(dto.type) ? await this.programmes.findLineOfType(m, p.id, dto.type) : null;
      if (!line) throw AssistanceError.typeNotFunded(dto.type);
      if (dto.caseId) await this.access.requireCaseOf(actor, dto.caseId, returnee.id, m);
      if (dto.planGoalId && !(await this.plans.isGoalOf(dto.planGoalId, returnee.id, m))) {
        throw AssistanceError.invalid({ planGoalId: "is not a goal of this returnee's plan" }, 'The plan goal does not belong to this returnee');
      }
      await this.access.checkEligible(p, returnee.id, m);
      const item = await this.items.insert(m, {
        returneeId: returnee.id,
        officeId: returnee.officeId,
        programmeId: p.id,
        budgetLineId: line.id,
        planGoalId: dto.planGoalId ?? null,
        caseId: dto.caseId ?? null,
        type: dto.type,
        amountMinor: String(dto.amountMinor),
        currency: dto.currency,
        details,
        justificationEnc: this.cipher.encrypt(dto.justification, ASSISTANCE_TEXT_AAD.justification),
        proposedBy: actor.userId,
      });
      await this.caseEvent(m, item, actor, 'proposed');
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'assistance_item',
          entityId: item.id,
          diff: { returneeId: item.returneeId, programmeId: p.id, type: item.type, amountMinor: dto.amountMinor, currency: item.currency, status: 'proposed' },
        },
        m,
      );
      return (await this.present(m, [item]))[0];
    });
  }

  // The office supervisor approves first; above the programme's threshold an admin approves second, and only the
  // approval that makes the item approved commits its amount.
  async approve(actor: Actor, id: string, dto: AssistanceStepDto): Promise<AssistanceItemDto> {
    return this.step(actor, id, dto, 'approved', async (m, item, p) => {
      if (item.proposedBy === actor.userId) throw AssistanceError.ownApproval();
      const threshold = minor(p.approvalThresholdMinor);
      const needsSecond = threshold !== null && Number(item.amountMinor) > threshold;
      const now = this.clock.now();
      let patch: AssistancePatch;
      if (actor.role === 'admin') {
        if (!item.firstApprovedBy) throw AssistanceError.firstApprovalRequired();
        if (item.firstApprovedBy === actor.userId) throw AssistanceError.secondApprovalRequired();
        patch = { secondApprovedBy: actor.userId, secondApprovedAt: now, status: 'approved' };
      } else {
        if (item.firstApprovedBy) throw AssistanceError.secondApprovalRequired();
        patch = { firstApprovedBy: actor.userId, firstApprovedAt: now, ...(needsSecond ? {} : { status: 'approved' as const }) };
      }
      this.programmeService.openCheck(p);
      await this.access.checkEligible(p, item.returneeId, m);
      const entries: NewLedgerEntry[] = [];
      if (patch.status === 'approved') {
        await this.reserve(m, item);
        entries.push(entry(item, 'commit', Number(item.amountMinor), actor));
      }
      return { patch, entries, diff: { step: patch.status === 'approved' ? 'approved' : 'first_approval', needsSecond } };
    });
  }

  async reject(actor: Actor, id: string, dto: RejectAssistanceDto): Promise<AssistanceItemDto> {
    return this.step(actor, id, dto, 'rejected', async () => ({
      patch: { rejectionReasonEnc: this.cipher.encrypt(dto.reason, ASSISTANCE_TEXT_AAD.rejectionReason) },
      entries: [],
      diff: {},
    }));
  }

  // One tranche: a disburse entry of at most what the item still has committed. A final payment (the default, except
  // for a 1+1 grant, paid in tranches) releases what is left, so nothing more can be paid; a tranche leaves it committed.
  // The first tranche of a 1+1 grant schedules the business-survival follow-ups at 3, 6 and 12 months; the tranches
  // after it wait for the 3-month check, and none follows a business closed at it (the rest is released instead).
  async disburse(actor: Actor, id: string, dto: DisburseAssistanceDto): Promise<AssistanceItemDto> {
    return this.step(
      actor,
      id,
      dto,
      'disbursed',
      async (m, item) => {
        const approved = Number(item.amountMinor);
        if (dto.amountMinor !== undefined && dto.amountMinor > approved) throw AssistanceError.disbursementExceeds(approved);
        if (dto.disbursedOn > bishkekToday(this.clock.now())) {
          throw AssistanceError.invalid({ disbursedOn: 'must not be in the future' }, 'A disbursement is recorded once made');
        }
        if (dto.documentId) await this.requireDocumentOf(dto.documentId, item.returneeId, 'documentId', m);
        await this.programmes.lockLine(m, item.budgetLineId);
        const totals = await this.itemTotals(m, item.id);
        const left = this.committedOf(totals);
        const amount = dto.amountMinor ?? left;
        if (left <= 0 || amount > left) throw AssistanceError.trancheExceeds(Math.max(left, 0), approved);
        const app = await this.applications.findByItem(m, item.id, true);
        if (app && totals.disburse > 0) await this.requireThreeMonthCheck(m, app);
        const final = dto.final ?? !app;
        const entries = [entry(item, 'disburse', amount, actor)];
        if (final && amount < left) entries.push(entry(item, 'release', left - amount, actor));
        const gross = Number(item.disbursedMinor ?? 0) + amount;
        return {
          patch: {
            status: item.status === 'verified' ? 'verified' : 'disbursed',
            disbursedOn: dto.disbursedOn,
            disbursementMethod: dto.method,
            disbursementReference: dto.reference ?? null,
            disbursedMinor: String(gross),
          },
          entries,
          event: item.status === 'approved' ? 'disbursed' : 'tranche_disbursed',
          diff: { tranche: { amountMinor: amount, method: dto.method, documentId: dto.documentId ?? null, final }, disbursedMinor: gross },
          after: async (ledgerIds) => {
            await this.ledger.appendDisbursement(m, {
              assistanceItemId: item.id,
              ledgerEntryId: ledgerIds[0],
              kind: 'disburse',
              amountMinor: String(amount),
              disbursedOn: dto.disbursedOn,
              method: dto.method,
              reference: dto.reference ?? null,
              documentId: dto.documentId ?? null,
              reasonEnc: null,
              actorId: actor.userId,
            });
            if (app && !app.followUp6mId) await this.scheduleSurvivalChecks(m, actor, app, dto.disbursedOn);
          },
        };
      },
      ['approved', 'disbursed', 'verified'],
    );
  }

  // Money paid out and taken back (returned, bounced, paid in error): a reverse entry of at most what was disbursed and
  // not yet reversed; the line's available grows by it. The item keeps its status.
  async reverse(actor: Actor, id: string, dto: ReverseAssistanceDto): Promise<AssistanceItemDto> {
    return this.takeBack(actor, id, dto, 'reverse', (t) => {
      const net = t.disburse - t.reverse;
      const amount = dto.amountMinor ?? net;
      if (net <= 0 || amount > net) throw AssistanceError.reversalExceeds(Math.max(net, 0));
      return amount;
    });
  }

  // The rest of a partly paid grant, still committed, released (the business closed at its 3-month check, the returnee
  // left): a release entry of the whole remainder, the line's available grows by it; the item keeps its status.
  async release(actor: Actor, id: string, dto: ReleaseAssistanceDto): Promise<AssistanceItemDto> {
    return this.takeBack(actor, id, dto, 'release', (t) => {
      const left = this.committedOf(t);
      if (left <= 0) throw AssistanceError.nothingToRelease();
      return left;
    });
  }

  // A reversal or a release on a paid item (disbursed or verified; its status kept), under the budget line's lock: one
  // ledger entry of what `amountOf` the item's totals says, and its assistance_disbursement row with the sealed reason.
  private takeBack(
    actor: Actor,
    id: string,
    dto: AssistanceStepDto & { reason: string },
    kind: 'reverse' | 'release',
    amountOf: (t: LineTotals) => number,
  ): Promise<AssistanceItemDto> {
    const event = kind === 'reverse' ? 'reversed' : 'released';
    return this.step(
      actor,
      id,
      dto,
      'disbursed',
      async (m, item) => {
        await this.programmes.lockLine(m, item.budgetLineId);
        const amount = amountOf(await this.itemTotals(m, item.id));
        return {
          patch: { status: item.status },
          entries: [entry(item, kind, amount, actor)],
          event,
          diff: { [`${event}Minor`]: amount },
          after: async (ledgerIds) =>
            this.ledger.appendDisbursement(m, {
              assistanceItemId: item.id,
              ledgerEntryId: ledgerIds[0],
              kind,
              amountMinor: String(amount),
              disbursedOn: null,
              method: null,
              reference: null,
              documentId: null,
              reasonEnc: this.cipher.encrypt(dto.reason, ASSISTANCE_TEXT_AAD.reversalReason),
              actorId: actor.userId,
            }),
        };
      },
      ['disbursed', 'verified'],
    );
  }

  async verify(actor: Actor, id: string, dto: VerifyAssistanceDto): Promise<AssistanceItemDto> {
    return this.step(actor, id, dto, 'verified', async () => ({
      patch: {
        usedAsIntended: dto.usedAsIntended,
        verificationNoteEnc: this.cipher.encryptNullable(dto.note, ASSISTANCE_TEXT_AAD.verificationNote),
        verifiedAt: this.clock.now(),
      },
      entries: [],
      diff: { usedAsIntended: dto.usedAsIntended },
    }));
  }

  // An approved item's commitment is released.
  async cancel(actor: Actor, id: string, dto: CancelAssistanceDto): Promise<AssistanceItemDto> {
    return this.step(actor, id, dto, 'cancelled', async (m, item) => {
      const entries: NewLedgerEntry[] = [];
      if (item.status === 'approved') {
        await this.programmes.lockLine(m, item.budgetLineId);
        entries.push(entry(item, 'release', Number(item.amountMinor), actor));
      }
      return { patch: { cancelReasonEnc: this.cipher.encrypt(dto.reason, ASSISTANCE_TEXT_AAD.cancelReason) }, entries, diff: {} };
    });
  }

  // One step of the workflow in one transaction: the item locked, its version and move checked, then the step's
  // patch, ledger entries and audit row written together.
  private async step(
    actor: Actor,
    id: string,
    dto: AssistanceStepDto,
    to: AssistanceStatus,
    decide: (m: EntityManager, item: AssistanceItem, p: Programme) => Promise<StepDecision>,
    // the statuses the step starts from, when not the workflow's moves into `to` (tranches, reversals)
    from?: AssistanceStatus[],
  ): Promise<AssistanceItemDto> {
    return this.ds.transaction(async (m) => {
      const item = await this.requireItem(actor, id, m, true);
      if (dto.version !== undefined && dto.version !== item.version) throw CommonError.staleVersion('Assistance item', item.version);
      const allowed = from ?? (Object.keys(MOVES) as AssistanceStatus[]).filter((s) => MOVES[s].includes(to));
      if (!allowed.includes(item.status)) throw AssistanceError.invalidTransition(item.status, to, MOVES[item.status]);
      const p = (await this.programmes.findById(m, item.programmeId)) as Programme;
      const { patch, entries, diff, event, after } = await decide(m, item, p);
      const status = patch.status ?? (to === 'approved' ? item.status : to);
      const saved = await this.items.update(m, item.id, { ...patch, status }, this.clock.now());
      const ledgerIds = await this.ledger.append(m, entries);
      if (after) await after(ledgerIds);
      await this.caseEvent(m, saved, actor, event ?? (status === item.status ? 'first_approval' : status));
      await this.audit.record(
        actor,
        {
          action: 'update',
          entity: 'assistance_item',
          entityId: item.id,
          diff: {
            returneeId: item.returneeId,
            from: item.status,
            to: status,
            ...(event ? { step: event } : {}),
            ...diff,
            ledger: entries.map((e, i) => ({ id: ledgerIds[i], kind: e.kind, amountMinor: e.amountMinor })),
          },
        },
        m,
      );
      return (await this.present(m, [saved]))[0];
    });
  }

  // The item a 1+1 application's second approval makes, approved by both and committed, in the application's
  // transaction (the caller checked the approvals, the programme and eligibility, and audits the application).
  async createApprovedGrant(m: EntityManager, actor: Actor, app: MatchingApplication, justification: string): Promise<AssistanceItem> {
    const proposed = await this.items.insert(m, {
      returneeId: app.returneeId,
      officeId: app.officeId,
      programmeId: app.programmeId,
      budgetLineId: app.budgetLineId,
      planGoalId: app.planGoalId,
      caseId: app.caseId,
      type: 'business_grant',
      amountMinor: app.matchedMinor,
      currency: app.currency,
      details: {},
      justificationEnc: this.cipher.encrypt(justification, ASSISTANCE_TEXT_AAD.justification),
      proposedBy: app.proposedBy,
    });
    await this.reserve(m, proposed);
    const item = await this.items.update(
      m,
      proposed.id,
      {
        status: 'approved',
        firstApprovedBy: app.supervisorApprovedBy,
        firstApprovedAt: app.supervisorApprovedAt,
        secondApprovedBy: app.adminApprovedBy,
        secondApprovedAt: app.adminApprovedAt,
      },
      this.clock.now(),
    );
    const e = entry(item, 'commit', Number(item.amountMinor), actor);
    const [ledgerId] = await this.ledger.append(m, [e]);
    await this.caseEvent(m, item, actor, 'approved');
    await this.audit.record(
      actor,
      {
        action: 'create',
        entity: 'assistance_item',
        entityId: item.id,
        diff: {
          returneeId: item.returneeId,
          programmeId: item.programmeId,
          type: item.type,
          amountMinor: Number(item.amountMinor),
          currency: item.currency,
          status: 'approved',
          matchingApplicationId: app.id,
          ledger: [{ id: ledgerId, kind: 'commit', amountMinor: e.amountMinor }],
        },
      },
      m,
    );
    return item;
  }

  // A document already uploaded on this returnee (a receipt, a statement), not deleted: 422 naming `field` otherwise.
  async requireDocumentOf(documentId: string, returneeId: string, field: string, m: EntityManager): Promise<void> {
    const doc = await this.documents.factOf(documentId, m);
    if (!doc || doc.deleted || doc.returneeId !== returneeId) {
      throw AssistanceError.invalid({ [field]: "is not one of this returnee's documents" }, 'The document is not one of this returnee’s');
    }
  }

  // A 1+1 grant's next tranche: the 3-month check recorded (409 otherwise), the business not closed at it (422).
  private async requireThreeMonthCheck(m: EntityManager, app: MatchingApplication): Promise<void> {
    const check = (await this.applications.findChecks(m, [app.id])).find((c) => c.milestone === '3m');
    if (!check) throw AssistanceError.threeMonthCheckRequired();
    if (check.businessStatus === 'closed') throw AssistanceError.businessClosed();
  }

  // The 3-, 6- and 12-month business-survival checks, as monitoring follow-ups on the application's case, counted
  // from the first tranche; their ids kept on the application.
  private async scheduleSurvivalChecks(m: EntityManager, actor: Actor, app: MatchingApplication, firstTrancheOn: string): Promise<void> {
    const c = await this.cases.requireCaseForFollowUp(actor, app.caseId, m);
    const now = this.clock.now();
    const ids: string[] = [];
    for (const [kind, months] of MONTH_CHECKS) {
      const fu = await this.followUps.insertWithReminders(
        m,
        actor,
        c,
        { kind, dueAt: checkDue(firstTrancheOn, months), assigneeId: c.assigneeId ?? actor.userId, notes: null },
        now,
      );
      ids.push(fu.id);
    }
    await this.applications.update(m, app.id, { followUp3mId: ids[0], followUp6mId: ids[1], followUp12mId: ids[2] }, now);
  }

  private async itemTotals(m: EntityManager, itemId: string): Promise<LineTotals> {
    return (await this.ledger.totalsByItem(m, [itemId])).get(itemId) ?? ZERO_TOTALS;
  }

  // what an item has committed and not yet paid out or released
  private committedOf(t: LineTotals): number {
    return t.commit - t.release - t.disburse;
  }

  // On the linked case's timeline: which step, of what; never the free text.
  private async caseEvent(m: EntityManager, item: AssistanceItem, actor: Actor, step: string): Promise<void> {
    if (!item.caseId) return;
    await this.timeline.appendEvent(m, item.caseId, actor.userId, 'assistance', {
      assistanceItemId: item.id,
      step,
      type: item.type,
      amountMinor: Number(item.amountMinor),
      currency: item.currency,
    });
  }

  // Under the line's row lock: what the ledger says is available now, against the item's amount.
  async reserve(m: EntityManager, item: AssistanceItem): Promise<void> {
    const line = await this.programmes.lockLine(m, item.budgetLineId);
    if (!line) throw CommonError.notFound('Budget line');
    const totals = (await this.ledger.totalsByLine(m, [line.id])).get(line.id) ?? ZERO_TOTALS;
    const { available } = budgetState(Number(line.amountMinor), totals);
    if (Number(item.amountMinor) > available) throw AssistanceError.budgetExceeded(available, Number(item.amountMinor));
  }

  private requireItem(actor: Actor, id: string, m: EntityManager, lock = false): Promise<AssistanceItem> {
    return this.access.requireInScope(actor, id, 'Assistance item', m, (itemId) => this.items.findById(m, itemId, lock));
  }

  private openText(r: AssistanceItem): OpenText {
    const open = (v: string | null, aad: string) => this.cipher.decryptNullable(v, aad);
    return {
      justification: this.cipher.decrypt(r.justificationEnc, ASSISTANCE_TEXT_AAD.justification),
      rejectionReason: open(r.rejectionReasonEnc, ASSISTANCE_TEXT_AAD.rejectionReason),
      verificationNote: open(r.verificationNoteEnc, ASSISTANCE_TEXT_AAD.verificationNote),
      cancelReason: open(r.cancelReasonEnc, ASSISTANCE_TEXT_AAD.cancelReason),
    };
  }

  disbursementDto(d: AssistanceDisbursement): DisbursementDto {
    return {
      id: d.id,
      kind: d.kind,
      amountMinor: Number(d.amountMinor),
      disbursedOn: d.disbursedOn,
      method: d.method,
      reference: d.reference,
      documentId: d.documentId,
      reason: this.cipher.decryptNullable(d.reasonEnc, ASSISTANCE_TEXT_AAD.reversalReason),
      at: d.at.toISOString(),
      actorId: d.actorId,
    };
  }

  private async present(m: EntityManager, rows: AssistanceItem[]): Promise<AssistanceItemDto[]> {
    const ids = rows.map((r) => r.id);
    const entries = await this.ledger.findOfItems(m, ids);
    const payments = await this.ledger.findDisbursementsOfItems(m, ids);
    const totals = await this.ledger.totalsByItem(m, ids);
    const apps = await this.applications.idsByItems(m, ids);
    const programmes = new Map<string, Programme | null>();
    for (const id of new Set(rows.map((r) => r.programmeId))) programmes.set(id, await this.programmes.findById(m, id));
    return rows.map((r) => {
      const threshold = minor(programmes.get(r.programmeId)?.approvalThresholdMinor ?? null);
      const t = totals.get(r.id) ?? ZERO_TOTALS;
      return {
        ...toAssistanceItemDto(
          r,
          this.openText(r),
          entries.filter((e) => e.assistanceItemId === r.id),
          threshold !== null && Number(r.amountMinor) > threshold,
        ),
        committedMinor: this.committedOf(t),
        reversedMinor: t.reverse,
        disbursements: payments.filter((d) => d.assistanceItemId === r.id).map((d) => this.disbursementDto(d)),
        matchingApplicationId: apps.get(r.id) ?? null,
      };
    });
  }
}

type StepDecision = {
  patch: AssistancePatch;
  entries: NewLedgerEntry[];
  diff: Record<string, unknown>;
  // the step's name on the case timeline, when not the status reached
  event?: string;
  // after the ledger entries are written (their ids in order), in the same transaction
  after?: (ledgerIds: string[]) => Promise<void>;
};

type OpenText = { justification: string; rejectionReason: string | null; verificationNote: string | null; cancelReason: string | null };

const entry = (item: AssistanceItem, kind: NewLedgerEntry['kind'], amountMinor: number, actor: Actor): NewLedgerEntry => ({
  programmeId: item.programmeId,
  budgetLineId: item.budgetLineId,
  assistanceItemId: item.id,
  kind,
  amountMinor,
  actorId: actor.userId,
});

// in_kind needs its items and supplier, a training voucher its course and provider; other types carry no details.
function checkDetails(type: AssistanceType, d: AssistanceDetailsDto | undefined): AssistanceDetails {
  const errors: Record<string, string> = {};
  const has = (k: keyof AssistanceDetailsDto) => d?.[k] !== undefined;
  const allowed: Array<keyof AssistanceDetailsDto> = type === 'in_kind' ? ['items', 'supplier'] : type === 'training_voucher' ? ['course', 'provider'] : [];
  for (const k of allowed) if (!has(k)) errors[`details.${k}`] = `is required for ${type}`;
  for (const k of ['items', 'supplier', 'course', 'provider'] as const) {
    if (!allowed.includes(k) && has(k)) errors[`details.${k}`] = `is not a detail of ${type}`;
  }
  if (Object.keys(errors).length) throw AssistanceError.invalid(errors, `The details do not fit an item of type ${type}`);
  const out: AssistanceDetails = {};
  if (d?.items) out.items = d.items.map((i) => ({ name: i.name, quantity: i.quantity }));
  for (const k of ['supplier', 'course', 'provider'] as const) if (d?.[k] !== undefined) out[k] = d[k];
  return out;
}

function toAssistanceItemDto(
  r: AssistanceItem,
  text: OpenText,
  ledger: LedgerEntry[],
  needsSecondApproval: boolean,
): Omit<AssistanceItemDto, 'committedMinor' | 'reversedMinor' | 'disbursements' | 'matchingApplicationId'> {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: r.id,
    returneeId: r.returneeId,
    programmeId: r.programmeId,
    budgetLineId: r.budgetLineId,
    planGoalId: r.planGoalId,
    caseId: r.caseId,
    type: r.type,
    amountMinor: Number(r.amountMinor),
    currency: r.currency,
    details: r.details,
    justification: text.justification,
    status: r.status,
    firstApprovedBy: r.firstApprovedBy,
    firstApprovedAt: iso(r.firstApprovedAt),
    secondApprovedBy: r.secondApprovedBy,
    secondApprovedAt: iso(r.secondApprovedAt),
    needsSecondApproval,
    rejectionReason: text.rejectionReason,
    disbursedOn: r.disbursedOn,
    disbursementMethod: r.disbursementMethod,
    disbursementReference: r.disbursementReference,
    disbursedMinor: minor(r.disbursedMinor),
    usedAsIntended: r.usedAsIntended,
    verificationNote: text.verificationNote,
    verifiedAt: iso(r.verifiedAt),
    cancelReason: text.cancelReason,
    proposedBy: r.proposedBy,
    ledger: ledger.map((e) => ({ id: e.id, kind: e.kind, amountMinor: Number(e.amountMinor), at: e.at.toISOString(), actorId: e.actorId })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}
