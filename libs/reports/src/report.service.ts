import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { DirectoryService } from '@kaytuu/directory';
import { Actor, appConfig, Clock, CommonError, localeOrDefault, ResultCache } from '@kaytuu/shared';
import { ReportCell, ReportFilters, ReportFormat, ReportQueryDto, ReportResultDto, StatementQueryDto } from './dto/report-query.dto';
import { buildStatement, StatementDto } from './programme-statement';
import { ASSISTANCE_REPORTS, Dimension, DIMENSIONS, Measure, REPORT_DEFINITIONS, ReportColumn, ReportName } from './report-definitions';
import { ExportContext } from './report-export';
import { ReportRepository } from './report.repository';

// Kyrgyzstan has no daylight saving: Bishkek is UTC+6 all year.
const BISHKEK_OFFSET_MS = 6 * 3600 * 1000;
const MAX_BY = 2;
export const SMALL_CELL = '<5';

const isRealDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const isSmall = (v: ReportCell): boolean => typeof v === 'number' && v > 0 && v < 5;

// Cells counting fewer than 5 people could identify someone once a report leaves the office. A median or an average
// over such a group (the row's first people count is its base) says as much about those people, so it goes too.
export function suppressSmallCells(rows: Record<string, ReportCell>[], peopleKeys: string[], otherMeasureKeys: string[] = []): Record<string, ReportCell>[] {
  return rows.map((row) => {
    const out = { ...row };
    const smallBase = peopleKeys.length > 0 && isSmall(row[peopleKeys[0]]);
    for (const k of peopleKeys) if (isSmall(out[k])) out[k] = SMALL_CELL;
    if (smallBase) for (const k of otherMeasureKeys) if (out[k] !== null && out[k] !== undefined) out[k] = SMALL_CELL;
    return out;
  });
}

// A share of two counts tells both once one is known: it goes when either count was suppressed.
function suppressDerived(rows: Record<string, ReportCell>[], measures: Measure[]): Record<string, ReportCell>[] {
  const derived = measures.filter((m) => m.basis?.length);
  if (!derived.length) return rows;
  return rows.map((row) => {
    const out = { ...row };
    for (const m of derived) if (m.basis!.some((k) => out[k] === SMALL_CELL) && out[m.key] !== null) out[m.key] = SMALL_CELL;
    return out;
  });
}

type Aggregate = { columns: ReportColumn[]; rows: Record<string, unknown>[]; generatedAt: Date };

@Injectable()
export class ReportService {
  // A year of cases over all offices is millions of rows: such a result is reused for REPORT_CACHE_SECONDS (ResultCache).
  private readonly aggregates: ResultCache<Aggregate>;

  constructor(
    private readonly reports: ReportRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly users: UserService,
    private readonly directory: DirectoryService,
    @Inject(appConfig.KEY) cfg: ConfigType<typeof appConfig>,
  ) {
    this.aggregates = new ResultCache({ ttlMs: cfg.reportCacheSeconds * 1000, minComputeMs: cfg.aggregateCacheMinComputeMs });
  }

  async runReport(actor: Actor, report: ReportName, q: ReportQueryDto): Promise<ReportResultDto> {
    const def = REPORT_DEFINITIONS[report];
    const assistance = ASSISTANCE_REPORTS.includes(report);
    // a donor reads the aggregates of its programmes and nothing else
    if (actor.role === 'donor' && !assistance) throw CommonError.forbidden('Donors read the assistance reports of their programmes only');
    if (!assistance && q.programmeId) throw CommonError.validation({ programmeId: 'applies to the assistance reports only' });
    const by = this.parseBy(q.by, def.dimensions);
    const now = this.clock.now();
    const { from, to } = this.range(q, now);
    const officeId = this.officeScope(actor, q.officeId);
    const programmes = assistance ? await this.programmeScope(actor, q.programmeId) : null;
    const period = q.period ?? 'month';
    const key = JSON.stringify([report, by, period, from, to, officeId, programmes]);
    const { columns, rows, generatedAt } = await this.aggregates.get(key, async () => ({
      ...(await this.reports.aggregate(report, by, period, { from, to, officeId, now, programmes })),
      generatedAt: now,
    }));
    // what a donor reads has left the office: small cells are always suppressed for them
    const share = actor.role === 'donor' ? 'external' : (q.share ?? 'internal');
    const filters: ReportFilters = { from, to, by, period: by.includes('period') ? period : null, officeId, share };
    if (assistance) filters.programmeId = q.programmeId ?? null;
    const people = columns.filter((c) => c.people).map((c) => c.key);
    const others = columns.filter((c) => c.kind === 'measure' && !c.people).map((c) => c.key);
    const cells = rows as Record<string, ReportCell>[];
    const shown = share === 'external' ? suppressDerived(suppressSmallCells(cells, people, others), def.measures) : cells;
    return { report, filters, generatedAt: generatedAt.toISOString(), columns, rows: shown };
  }

  // The file leaves the system: who exported what, with which filters, is on record before the first byte is sent.
  async recordExport(actor: Actor, result: ReportResultDto, format: Exclude<ReportFormat, 'json'>): Promise<void> {
    await this.audit.record(actor, {
      action: 'export',
      entity: 'report',
      entityId: result.report,
      diff: { format, ...result.filters, rows: result.rows.length },
    });
  }

  // A programme's donor statement: admins any programme, a donor those granted to it (any other, like one that does
  // not exist, is "not found").
  async programmeStatement(actor: Actor, programmeId: string, q: StatementQueryDto): Promise<StatementDto> {
    const { from, to } = this.range(q, this.clock.now());
    if (actor.role === 'donor' && !(await this.users.programmeGrantsOf(actor.userId)).includes(programmeId)) throw CommonError.notFound('Programme');
    if (actor.role !== 'donor' && actor.role !== 'admin') throw CommonError.forbidden();
    const programme = await this.reports.findStatementProgramme(programmeId);
    if (!programme) throw CommonError.notFound('Programme');
    const { lines, peopleTotal } = await this.reports.statementSums(programmeId, from, to);
    return buildStatement(programme, from, to, this.clock.now(), lines, peopleTotal);
  }

  // The statement leaves the system: on record before the first byte is sent, as every export.
  async recordStatementExport(actor: Actor, s: StatementDto, format: Exclude<ReportFormat, 'json'>): Promise<void> {
    await this.audit.record(actor, {
      action: 'export',
      entity: 'programme',
      entityId: s.programme.id,
      diff: { statement: true, format, from: s.from, to: s.to, lines: s.lines.length },
    });
  }

  // What a file for people needs beyond the numbers: the requester's language and name, the office's name.
  async exportContext(actor: Actor, result: ReportResultDto | null, codes: boolean): Promise<ExportContext> {
    if (codes) return { codes, locale: 'ru', generatedBy: actor.userId, officeName: null };
    const [contact, names, office] = await Promise.all([
      this.users.contactOf(actor.userId),
      this.users.namesByIds([actor.userId]),
      result?.filters.officeId ? this.directory.getOffice(result.filters.officeId).catch(() => null) : null,
    ]);
    return { codes, locale: localeOrDefault(contact?.locale), generatedBy: names.get(actor.userId) ?? actor.userId, officeName: office?.name ?? null };
  }

  private parseBy(raw: string | string[] | undefined, allowed: readonly Dimension[]): Dimension[] {
    const parts = (Array.isArray(raw) ? raw : raw ? [raw] : [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    const unique = [...new Set(parts)];
    if (unique.length > MAX_BY) throw CommonError.validation({ by: `at most ${MAX_BY} breakdowns` });
    for (const d of unique) {
      if (!(DIMENSIONS as readonly string[]).includes(d) || !allowed.includes(d as Dimension)) {
        throw CommonError.validation({ by: `"${d.slice(0, 32)}" is not a breakdown of this report; allowed: ${allowed.join(', ')}` });
      }
    }
    return unique as Dimension[];
  }

  // Dates are Bishkek calendar days, both ends inclusive; by default the last 12 months up to today.
  private range(q: { from?: string; to?: string }, now: Date): { from: string; to: string } {
    const today = new Date(now.getTime() + BISHKEK_OFFSET_MS).toISOString().slice(0, 10);
    const to = q.to ?? today;
    if (!isRealDate(to)) throw CommonError.validation({ to: 'is not a calendar date' });
    const [y, m] = to.split('-').map(Number);
    const from = q.from ?? new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
    if (!isRealDate(from)) throw CommonError.validation({ from: 'is not a calendar date' });
    if (from > to) throw CommonError.validation({ from: 'must not be after to' });
    return { from, to };
  }

  // The programmes an assistance report covers: a donor those granted to it (one of them when asked; one not granted
  // is "not found", like one that does not exist, so nothing says it is there); office staff and admins every
  // programme, or the one asked for.
  private async programmeScope(actor: Actor, programmeId: string | undefined): Promise<string[] | null> {
    if (actor.role === 'donor') {
      const granted = await this.users.programmeGrantsOf(actor.userId);
      if (programmeId && !granted.includes(programmeId)) throw CommonError.notFound('Programme');
      return programmeId ? [programmeId] : granted;
    }
    if (programmeId && !(await this.reports.programmeExists(programmeId))) throw CommonError.notFound('Programme');
    return programmeId ? [programmeId] : null;
  }

  // Supervisors report on their own office only; admins on all offices or the one they pick; donors over all offices
  // (their programmes' figures, suppressed), or one.
  private officeScope(actor: Actor, officeId: string | undefined): string | null {
    if (actor.role === 'admin' || actor.role === 'donor') return officeId ?? null;
    if (!actor.officeId) throw CommonError.forbidden();
    if (officeId && officeId !== actor.officeId) throw CommonError.forbidden('Supervisors report on their own office only');
    return actor.officeId;
  }
}
