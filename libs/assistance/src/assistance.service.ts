import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { CaseQueryService, CaseTimelineService } from '@kaytuu/cases';
import { PlanFactsService } from '@kaytuu/plans';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { Actor, Clock, CommonError, DomainError, FieldCipher, ListQuery, ListResult } from '@kaytuu/shared';
import { AssistanceItem, LedgerEntry } from './assistance-item.entity';
import { AssistanceFilter, AssistanceItemRepository, AssistancePatch } from './assistance-item.repository';
import { AssistanceDetails, AssistanceStatus, AssistanceType, bishkekToday } from './assistance.types';
import { AssistanceError } from './assistance.errors';
import {
  AssistanceDetailsDto,
  AssistanceItemDto,
  AssistanceStepDto,
  CancelAssistanceDto,
  DisburseAssistanceDto,
  ProposeAssistanceDto,
  RejectAssistanceDto,
  VerifyAssistanceDto,
} from './dto/assistance.dto';
import { minor } from './dto/money';
import { eligibilityFromRow, firstFailedRule } from './eligibility';
import { budgetState, LedgerRepository, NewLedgerEntry, ZERO_TOTALS } from './ledger.repository';
import { Programme } from './programme.entity';
import { ProgrammeRepository } from './programme.repository';
import { ProgrammeService } from './programme.service';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;
// The AAD of each sealed column: a ciphertext copied into another column does not open.
export const ASSISTANCE_TEXT_AAD = {
  justification: 'assistance_item.justification',
  rejectionReason: 'assistance_item.rejection_reason',
  verificationNote: 'assistance_item.verification_note',
  cancelReason: 'assistance_item.cancel_reason',
} as const;

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
  ) {}

  async list(actor: Actor, q: ListQuery<AssistanceFilter>): Promise<ListResult<AssistanceItemDto>> {
    return this.ds.transaction(async (m) => {
      if (q.filter.returneeId) await this.returnees.requireInScope(actor, q.filter.returneeId, m);
      const page = await this.items.findPage(m, officeScope(actor), q);
      await this.audit.record(
        actor,
        {
          action: 'read',
          entity: 'assistance_item',
          entityId: null,
          diff: { returneeId: q.filter.returneeId ?? null, ids: page.rows.map((r) => r.id), total: page.total },
        },
        m,
      );
      return { rows: await this.present(m, page.rows), total: page.total };
    });
  }

  async get(actor: Actor, id: string): Promise<AssistanceItemDto> {
    return this.ds.transaction(async (m) => {
      const item = await this.requireItem(actor, id, m);
      await this.audit.record(actor, { action: 'read', entity: 'assistance_item', entityId: id, diff: { returneeId: item.returneeId } }, m);
      return (await this.present(m, [item]))[0];
    });
  }

  async propose(actor: Actor, dto: ProposeAssistanceDto): Promise<AssistanceItemDto> {
    const details = checkDetails(dto.type, dto.details);
    return this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, dto.returneeId, m);
      const p = await this.requireProgramme(dto.programmeId, m);
      this.programmeService.openCheck(p);
      if (dto.currency !== p.currency) throw AssistanceError.currencyMismatch(p.currency);
      const line = p.assistanceTypes.includes(dto.type) ? await this.programmes.findLineOfType(m, p.id, dto.type) : null;
      if (!line) throw AssistanceError.typeNotFunded(dto.type);
      if (dto.caseId) await this.requireCaseOf(actor, dto.caseId, returnee.id, m);
      if (dto.planGoalId && !(await this.plans.isGoalOf(dto.planGoalId, returnee.id, m))) {
        throw AssistanceError.invalid({ planGoalId: "is not a goal of this returnee's plan" }, 'The plan goal does not belong to this returnee');
      }
      await this.checkEligible(p, returnee.id, m);
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
      await this.checkEligible(p, item.returneeId, m);
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

  // Never more than approved: the whole commitment turns into a disbursement, a smaller amount releases the rest.
  async disburse(actor: Actor, id: string, dto: DisburseAssistanceDto): Promise<AssistanceItemDto> {
    return this.step(actor, id, dto, 'disbursed', async (m, item) => {
      const approved = Number(item.amountMinor);
      const amount = dto.amountMinor ?? approved;
      if (amount > approved) throw AssistanceError.disbursementExceeds(approved);
      if (dto.disbursedOn > bishkekToday(this.clock.now())) {
        throw AssistanceError.invalid({ disbursedOn: 'must not be in the future' }, 'A disbursement is recorded once made');
      }
      await this.programmes.lockLine(m, item.budgetLineId);
      const entries = [entry(item, 'disburse', amount, actor)];
      if (amount < approved) entries.push(entry(item, 'release', approved - amount, actor));
      return {
        patch: { disbursedOn: dto.disbursedOn, disbursementMethod: dto.method, disbursementReference: dto.reference ?? null, disbursedMinor: String(amount) },
        entries,
        diff: { disbursedMinor: amount, method: dto.method },
      };
    });
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
    decide: (
      m: EntityManager,
      item: AssistanceItem,
      p: Programme,
    ) => Promise<{ patch: AssistancePatch; entries: NewLedgerEntry[]; diff: Record<string, unknown> }>,
  ): Promise<AssistanceItemDto> {
    return this.ds.transaction(async (m) => {
      const item = await this.requireItem(actor, id, m, true);
      if (dto.version !== undefined && dto.version !== item.version) throw CommonError.staleVersion('Assistance item', item.version);
      if (!MOVES[item.status].includes(to)) throw AssistanceError.invalidTransition(item.status, to, MOVES[item.status]);
      const p = (await this.programmes.findById(m, item.programmeId)) as Programme;
      const { patch, entries, diff } = await decide(m, item, p);
      const status = patch.status ?? (to === 'approved' ? item.status : to);
      const saved = await this.items.update(m, item.id, { ...patch, status }, this.clock.now());
      const ledgerIds = await this.ledger.append(m, entries);
      await this.caseEvent(m, saved, actor, status === item.status ? 'first_approval' : status);
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
            ...diff,
            ledger: entries.map((e, i) => ({ id: ledgerIds[i], kind: e.kind, amountMinor: e.amountMinor })),
          },
        },
        m,
      );
      return (await this.present(m, [saved]))[0];
    });
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
  private async reserve(m: EntityManager, item: AssistanceItem): Promise<void> {
    const line = await this.programmes.lockLine(m, item.budgetLineId);
    if (!line) throw CommonError.notFound('Budget line');
    const totals = (await this.ledger.totalsByLine(m, [line.id])).get(line.id) ?? ZERO_TOTALS;
    const { available } = budgetState(Number(line.amountMinor), totals);
    if (Number(item.amountMinor) > available) throw AssistanceError.budgetExceeded(available, Number(item.amountMinor));
  }

  private async checkEligible(p: Programme, returneeId: string, m: EntityManager): Promise<void> {
    const facts = await this.returnees.eligibilityFacts(returneeId, m);
    if (!facts) throw CommonError.notFound('Returnee');
    const rules = eligibilityFromRow(p.eligibility);
    const hasApprovedPlan = rules.hasApprovedPlan ? await this.plans.hasApprovedPlan(returneeId, m) : false;
    const failed = firstFailedRule({ oblasts: p.oblasts, rules, facts, hasApprovedPlan, today: bishkekToday(this.clock.now()) });
    if (failed) throw AssistanceError.notEligible(failed.rule, failed.why);
  }

  private async requireProgramme(id: string, m: EntityManager): Promise<Programme> {
    const p = UUID_RE.test(id) ? await this.programmes.findById(m, id) : null;
    if (!p) throw AssistanceError.invalid({ programmeId: 'does not exist' }, 'The programme does not exist');
    return p;
  }

  private async requireItem(actor: Actor, id: string, m: EntityManager, lock = false): Promise<AssistanceItem> {
    const item = UUID_RE.test(id) ? await this.items.findById(m, id, lock) : null;
    const scope = officeScope(actor);
    if (!item || (scope !== null && item.officeId !== scope)) throw CommonError.notFound('Assistance item');
    // a deleted returnee's items go with it
    if (!(await this.returnees.eligibilityFacts(item.returneeId, m))) throw CommonError.notFound('Assistance item');
    return item;
  }

  private async requireCaseOf(actor: Actor, caseId: string, returneeId: string, m: EntityManager): Promise<void> {
    const invalid = () => AssistanceError.invalid({ caseId: "is not one of this returnee's cases" }, 'The case does not belong to this returnee');
    try {
      const c = await this.cases.requireCaseForFollowUp(actor, caseId, m);
      if (c.returneeId !== returneeId) throw invalid();
    } catch (err) {
      throw isNotFound(err) ? invalid() : err;
    }
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

  private async present(m: EntityManager, rows: AssistanceItem[]): Promise<AssistanceItemDto[]> {
    const entries = await this.ledger.findOfItems(
      m,
      rows.map((r) => r.id),
    );
    const programmes = new Map<string, Programme | null>();
    for (const id of new Set(rows.map((r) => r.programmeId))) programmes.set(id, await this.programmes.findById(m, id));
    return rows.map((r) => {
      const threshold = minor(programmes.get(r.programmeId)?.approvalThresholdMinor ?? null);
      return toAssistanceItemDto(
        r,
        this.openText(r),
        entries.filter((e) => e.assistanceItemId === r.id),
        threshold !== null && Number(r.amountMinor) > threshold,
      );
    });
  }
}

type OpenText = { justification: string; rejectionReason: string | null; verificationNote: string | null; cancelReason: string | null };

// null: every office (admins); office staff their own office. Other roles never reach here (403 at the controller).
function officeScope(actor: Actor): string | null {
  if (actor.role === 'admin') return null;
  if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId) return actor.officeId;
  throw CommonError.forbidden();
}

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

function toAssistanceItemDto(r: AssistanceItem, text: OpenText, ledger: LedgerEntry[], needsSecondApproval: boolean): AssistanceItemDto {
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
