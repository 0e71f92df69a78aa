import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { buildReportSql, Dimension, PeriodUnit, REPORT_DEFINITIONS, ReportColumn, ReportName } from './report-definitions';

export type ReportParams = { from: string; to: string; officeId: string | null; now: Date };

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
    const rows = (await this.ds.query(sql, [p.from, p.to, p.officeId, p.now.toISOString()])) as Record<string, unknown>[];
    return { columns, rows };
  }
}
