import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LineSums, StatementProgramme } from './programme-statement';
import { buildReportSql, Dimension, PeriodUnit, REPORT_DEFINITIONS, ReportColumn, ReportName } from './report-definitions';

// programmes: the assistance reports' scope (a donor's granted programmes, or the one asked for); null: all.
export type ReportParams = { from: string; to: string; officeId: string | null; now: Date; programmes: string[] | null };

@Injectable()
export class ReportRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // One aggregate query; Postgres does the grouping, Node only receives the grouped rows.
  async aggregate(
    report: ReportName,
    by: readonly Dimension[],
    period: PeriodUnit,
    p: ReportParams,
  ): Promise<{ columns: ReportColumn[]; rows: Record<string, unknown>[] }> {
    const { sql, columns } = buildReportSql(REPORT_DEFINITIONS[report], by, period);
    const rows = (await this.ds.query(sql, [p.from, p.to, p.officeId, p.now.toISOString(), p.programmes])) as Record<string, unknown>[];
    return { columns, rows };
  }

  async programmeExists(id: string): Promise<boolean> {
    return ((await this.ds.query(`SELECT 1 FROM programme WHERE id = $1`, [id])) as unknown[]).length > 0;
  }

  findStatementProgramme(id: string): Promise<StatementProgramme | null> {
    return this.ds
      .query(
        `SELECT id, name, funder, currency, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn"
         FROM programme WHERE id = $1`,
        [id],
      )
      .then((rows: StatementProgramme[]) => rows[0] ?? null);
  }

  // A programme's budget lines with their ledger sums by kind before the range and within it (Bishkek days, both ends
  // included), the distinct people with an entry in the range per line, and over all lines.
  async statementSums(programmeId: string, from: string, to: string): Promise<{ lines: LineSums[]; peopleTotal: number }> {
    const range = `WITH p AS (SELECT ($2::date)::timestamp AT TIME ZONE 'Asia/Bishkek' AS t0, ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Bishkek' AS t1)`;
    const rows = (await this.ds.query(
      `${range}
       SELECT bl.id, bl.assistance_type, bl.amount_minor::float8 AS budget, le.kind, le.at < p.t0 AS before, sum(le.amount_minor)::float8 AS total
       FROM budget_line bl CROSS JOIN p LEFT JOIN ledger_entry le ON le.budget_line_id = bl.id AND le.at < p.t1
       WHERE bl.programme_id = $1
       GROUP BY bl.id, bl.assistance_type, bl.amount_minor, le.kind, le.at < p.t0
       ORDER BY bl.assistance_type`,
      [programmeId, from, to],
    )) as Array<{ id: string; assistance_type: string; budget: number; kind: string | null; before: boolean | null; total: number | null }>;
    const people = (await this.ds.query(
      `${range}
       SELECT le.budget_line_id AS id, count(DISTINCT ai.returnee_id)::int AS n
       FROM ledger_entry le JOIN assistance_item ai ON ai.id = le.assistance_item_id CROSS JOIN p
       WHERE le.programme_id = $1 AND le.at >= p.t0 AND le.at < p.t1
       GROUP BY ROLLUP (le.budget_line_id)`,
      [programmeId, from, to],
    )) as Array<{ id: string | null; n: number }>;
    const lines = new Map<string, LineSums>();
    for (const r of rows) {
      const line = lines.get(r.id) ?? { budgetLineId: r.id, assistanceType: r.assistance_type, budgetMinor: r.budget, before: {}, within: {}, people: 0 };
      if (r.kind) line[r.before ? 'before' : 'within'][r.kind] = r.total ?? 0;
      lines.set(r.id, line);
    }
    for (const r of people) {
      const line = r.id ? lines.get(r.id) : undefined;
      if (line) line.people = r.n;
    }
    return { lines: [...lines.values()], peopleTotal: people.find((r) => r.id === null)?.n ?? 0 };
  }
}
