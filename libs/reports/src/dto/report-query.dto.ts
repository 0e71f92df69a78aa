import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PERIODS, PeriodUnit, REPORTS, ReportName } from '../report-definitions';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_SHARES = ['internal', 'external'] as const;
export type ReportShare = (typeof REPORT_SHARES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ReportParam {
  @IsIn(REPORTS, { message: `must be one of ${REPORTS.join(', ')}` }) report: ReportName;
}

// GET /api/reports/:report?from=2026-01-01&to=2026-06-30&by=sex,period&period=quarter&format=csv&share=external
export class ReportQueryDto {
  @IsOptional() @Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' }) from?: string;
  @IsOptional() @Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' }) to?: string;
  // "sex,ageBand" or by=sex&by=ageBand; checked against the report's dimensions by the service
  @IsOptional() @IsString({ each: true }) by?: string | string[];
  @IsOptional() @IsIn(PERIODS, { message: `must be one of ${PERIODS.join(', ')}` }) period?: PeriodUnit;
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) officeId?: string;
  // the assistance reports only: one programme (a donor's must be granted to them)
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) programmeId?: string;
  @IsOptional() @IsIn(REPORT_FORMATS, { message: `must be one of ${REPORT_FORMATS.join(', ')}` }) format?: ReportFormat;
  @IsOptional() @IsIn(REPORT_SHARES, { message: `must be one of ${REPORT_SHARES.join(', ')}` }) share?: ReportShare;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description:
      "Files only (csv, xlsx). By default a file is for people: labels in the requester's language (their locale; ru if unset), " +
      'office and organisation names, Bishkek time with its offset and a header block in words. codes=true gives the machine form: ' +
      'codes, ids, ISO UTC timestamps, a "# "-prefixed header block (CSV) or "info" and "data" sheets (XLSX).',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  codes?: 'true' | 'false';
}

// GET /api/reports/programme-statements/:programmeId?from=2026-01-01&to=2026-06-30&format=xlsx
export class StatementQueryDto {
  @IsOptional() @Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' }) from?: string;
  @IsOptional() @Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' }) to?: string;
  @IsOptional() @IsIn(REPORT_FORMATS, { message: `must be one of ${REPORT_FORMATS.join(', ')}` }) format?: ReportFormat;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Files only: codes=true gives the machine form (codes, ids, ISO UTC timestamps).',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  codes?: 'true' | 'false';
}

export class ProgrammeIdParam {
  @IsUUID('all', { message: 'must be a UUID' }) programmeId: string;
}

export type ReportCell = string | number | null;
export type ReportFilters = {
  from: string;
  to: string;
  by: string[];
  period: PeriodUnit | null;
  officeId: string | null;
  // the assistance reports only: the programme asked for (null: every programme the caller may see)
  programmeId?: string | null;
  share: ReportShare;
};
export type ReportResultDto = {
  report: ReportName;
  filters: ReportFilters;
  generatedAt: string;
  columns: { key: string; kind: 'dimension' | 'measure'; people?: boolean }[];
  rows: Record<string, ReportCell>[];
};
