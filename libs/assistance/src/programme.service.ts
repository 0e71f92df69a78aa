import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { Actor, Clock, CommonError, ListQuery, ListResult } from '@kaytuu/shared';
import { AssistanceType, bishkekToday } from './assistance.types';
import { AssistanceError } from './assistance.errors';
import { BudgetLineDto, BudgetLineInputDto, CreateProgrammeDto, ProgrammeDto, UpdateProgrammeDto } from './dto/programme.dto';
import { minor } from './dto/money';
import { eligibilityFromRow, eligibilityToRow } from './eligibility';
import { budgetState, LedgerRepository, ZERO_TOTALS } from './ledger.repository';
import { BudgetLine, Programme } from './programme.entity';
import { ProgrammeFilter, ProgrammePatch, ProgrammeRepository, ProgrammeScope } from './programme.repository';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Programmes and their budget lines. Admins manage them; caseworkers and supervisors read the active ones (to propose
// against); donors read the programmes granted to them. A line's budget state is always derived from the ledger.
@Injectable()
export class ProgrammeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly programmes: ProgrammeRepository,
    private readonly ledger: LedgerRepository,
    private readonly users: UserService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, q: ListQuery<ProgrammeFilter>): Promise<ListResult<ProgrammeDto>> {
    const m = this.ds.manager;
    const page = await this.programmes.findPage(m, await this.scopeOf(actor), q);
    return { rows: await this.present(m, page.rows), total: page.total };
  }

  async get(actor: Actor, id: string): Promise<ProgrammeDto> {
    const m = this.ds.manager;
    return (await this.present(m, [await this.requireVisible(actor, id, m)]))[0];
  }

  async create(actor: Actor, dto: CreateProgrammeDto): Promise<ProgrammeDto> {
    checkProgramme(dto.startsOn, dto.endsOn, dto.assistanceTypes, dto.lines, dto.eligibility);
    return this.ds.transaction(async (m) => {
      const p = await this.programmes.insert(m, {
        name: dto.name,
        funder: dto.funder,
        currency: dto.currency,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        oblasts: [...new Set(dto.oblasts ?? [])],
        assistanceTypes: [...new Set(dto.assistanceTypes)],
        eligibility: eligibilityToRow(dto.eligibility ?? {}),
        approvalThresholdMinor: dto.approvalThresholdMinor == null ? null : String(dto.approvalThresholdMinor),
        matchRatioPercent: dto.matchRatioPercent ?? null,
        matchCapMinor: dto.matchCapMinor == null ? null : String(dto.matchCapMinor),
        active: dto.active ?? true,
        createdBy: actor.userId,
      });
      for (const line of dto.lines) await this.programmes.insertLine(m, p.id, line.assistanceType, line.amountMinor);
      await this.audit.record(
        actor,
        { action: 'create', entity: 'programme', entityId: p.id, diff: { name: p.name, currency: p.currency, lines: dto.lines.map((l) => ({ ...l })) } },
        m,
      );
      return (await this.present(m, [p]))[0];
    });
  }

  async update(actor: Actor, id: string, dto: UpdateProgrammeDto): Promise<ProgrammeDto> {
    return this.ds.transaction(async (m) => {
      const p = UUID_RE.test(id) ? await this.programmes.findById(m, id, true) : null;
      if (!p) throw CommonError.notFound('Programme');
      if (dto.version !== undefined && dto.version !== p.version) throw CommonError.staleVersion('Programme', p.version);
      const lines = await this.programmes.findLines(m, [p.id]);
      const types = dto.assistanceTypes ?? p.assistanceTypes;
      const wanted = dto.lines ?? lines.map((l) => ({ assistanceType: l.assistanceType, amountMinor: Number(l.amountMinor) }));
      const eligibility = dto.eligibility ?? eligibilityFromRow(p.eligibility);
      checkProgramme(dto.startsOn ?? p.startsOn, dto.endsOn ?? p.endsOn, types, wanted, eligibility);
      if (dto.currency && dto.currency !== p.currency && (await this.programmes.hasItems(m, p.id))) {
        throw AssistanceError.invalidProgramme(
          { currency: 'cannot change once assistance is proposed' },
          'The currency of a programme with assistance items cannot change',
        );
      }
      if (dto.lines) await this.replaceLines(m, p.id, lines, dto.lines);
      const patch: ProgrammePatch = {};
      for (const key of ['name', 'funder', 'currency', 'startsOn', 'endsOn', 'active'] as const) {
        if (dto[key] !== undefined) (patch as Record<string, unknown>)[key] = dto[key];
      }
      if (dto.oblasts) patch.oblasts = [...new Set(dto.oblasts)];
      if (dto.assistanceTypes) patch.assistanceTypes = [...new Set(dto.assistanceTypes)];
      if (dto.eligibility) patch.eligibility = eligibilityToRow(dto.eligibility);
      if (dto.approvalThresholdMinor !== undefined) {
        patch.approvalThresholdMinor = dto.approvalThresholdMinor === null ? null : String(dto.approvalThresholdMinor);
      }
      if (dto.matchRatioPercent !== undefined) patch.matchRatioPercent = dto.matchRatioPercent;
      if (dto.matchCapMinor !== undefined) patch.matchCapMinor = dto.matchCapMinor === null ? null : String(dto.matchCapMinor);
      const saved = await this.programmes.update(m, p.id, patch, this.clock.now());
      await this.audit.record(
        actor,
        { action: 'update', entity: 'programme', entityId: p.id, diff: { changed: Object.keys(dto).filter((k) => k !== 'version') } },
        m,
      );
      return (await this.present(m, [saved]))[0];
    });
  }

  // Programmes are never deleted (the ledger points at them): DELETE closes one to new proposals.
  async deactivate(actor: Actor, id: string): Promise<ProgrammeDto> {
    return this.update(actor, id, { active: false });
  }

  // For the assistance service: a programme the caller may propose against (404 otherwise).
  async requireVisible(actor: Actor, id: string, m: EntityManager): Promise<Programme> {
    const scope = await this.scopeOf(actor);
    const p = UUID_RE.test(id) ? await this.programmes.findById(m, id) : null;
    if (!p || (scope.kind === 'active' && !p.active) || (scope.kind === 'ids' && !scope.ids.includes(p.id))) throw CommonError.notFound('Programme');
    return p;
  }

  // Whether a programme takes proposals and approvals today: active and within its dates (Bishkek).
  openCheck(p: Programme): void {
    const today = bishkekToday(this.clock.now());
    if (!p.active) throw AssistanceError.programmeClosed('it is no longer active');
    if (today < p.startsOn) throw AssistanceError.programmeClosed(`it starts on ${p.startsOn}`);
    if (today > p.endsOn) throw AssistanceError.programmeClosed(`it ended on ${p.endsOn}`);
  }

  private async scopeOf(actor: Actor): Promise<ProgrammeScope> {
    if (actor.role === 'admin') return { kind: 'all' };
    if (actor.role === 'supervisor' || actor.role === 'caseworker') return { kind: 'active' };
    if (actor.role === 'donor') return { kind: 'ids', ids: await this.users.programmeGrantsOf(actor.userId) };
    throw CommonError.forbidden();
  }

  // A line keeps at least what is committed and disbursed on it; a line given up must be unused.
  private async replaceLines(m: EntityManager, programmeId: string, current: BudgetLine[], wanted: BudgetLineInputDto[]): Promise<void> {
    const byType = new Map(current.map((l) => [l.assistanceType, l]));
    for (const w of wanted) {
      const line = byType.get(w.assistanceType);
      if (!line) {
        await this.programmes.insertLine(m, programmeId, w.assistanceType, w.amountMinor);
        continue;
      }
      if (Number(line.amountMinor) === w.amountMinor) continue;
      await this.programmes.lockLine(m, line.id);
      const totals = (await this.ledger.totalsByLine(m, [line.id])).get(line.id) ?? ZERO_TOTALS;
      const s = budgetState(Number(line.amountMinor), totals);
      const used = s.committed + s.disbursed;
      if (w.amountMinor < used) {
        throw AssistanceError.invalidProgramme(
          { lines: `the ${w.assistanceType} line has ${used} committed or disbursed` },
          `The ${w.assistanceType} budget cannot go below the ${used} already committed or disbursed`,
        );
      }
      await this.programmes.updateLineAmount(m, line.id, w.amountMinor);
    }
    const kept = new Set(wanted.map((w) => w.assistanceType));
    for (const line of current.filter((l) => !kept.has(l.assistanceType))) {
      if (!(await this.programmes.deleteUnusedLine(m, line.id))) {
        throw AssistanceError.invalidProgramme(
          { lines: `the ${line.assistanceType} line has assistance on it` },
          `The ${line.assistanceType} line is in use and stays`,
        );
      }
    }
  }

  private async present(m: EntityManager, rows: Programme[]): Promise<ProgrammeDto[]> {
    const lines = await this.programmes.findLines(
      m,
      rows.map((p) => p.id),
    );
    const totals = await this.ledger.totalsByLine(
      m,
      lines.map((l) => l.id),
    );
    return rows.map((p) =>
      toProgrammeDto(
        p,
        lines.filter((l) => l.programmeId === p.id).map((l) => toLineDto(l, totals.get(l.id) ?? ZERO_TOTALS)),
      ),
    );
  }
}

function toLineDto(l: BudgetLine, t: typeof ZERO_TOTALS): BudgetLineDto {
  const amount = Number(l.amountMinor);
  const s = budgetState(amount, t);
  return {
    id: l.id,
    assistanceType: l.assistanceType,
    amountMinor: amount,
    committedMinor: s.committed,
    disbursedMinor: s.disbursed,
    availableMinor: s.available,
  };
}

function toProgrammeDto(p: Programme, lines: BudgetLineDto[]): ProgrammeDto {
  return {
    id: p.id,
    name: p.name,
    funder: p.funder,
    currency: p.currency,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    oblasts: p.oblasts,
    assistanceTypes: p.assistanceTypes,
    eligibility: eligibilityFromRow(p.eligibility),
    approvalThresholdMinor: minor(p.approvalThresholdMinor),
    matchRatioPercent: p.matchRatioPercent,
    matchCapMinor: minor(p.matchCapMinor),
    active: p.active,
    lines,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}

// Dates in order; one line per type, each for a type the programme offers; an age band that is a band.
function checkProgramme(
  startsOn: string,
  endsOn: string,
  types: AssistanceType[],
  lines: Array<{ assistanceType: AssistanceType }>,
  eligibility: { ageMin?: number; ageMax?: number } | undefined,
): void {
  const errors: Record<string, string> = {};
  if (endsOn < startsOn) errors.endsOn = 'must not be before startsOn';
  const seen = new Set<string>();
  for (const l of lines) {
    if (seen.has(l.assistanceType)) errors.lines = `${l.assistanceType} has more than one line`;
    else if (!types.includes(l.assistanceType)) errors.lines = `${l.assistanceType} is not among the programme's assistanceTypes`;
    seen.add(l.assistanceType);
  }
  if (eligibility?.ageMin !== undefined && eligibility.ageMax !== undefined && eligibility.ageMin > eligibility.ageMax) {
    errors['eligibility.ageMax'] = 'must not be below ageMin';
  }
  if (Object.keys(errors).length) throw AssistanceError.invalidProgramme(errors, 'The programme is not consistent');
}
