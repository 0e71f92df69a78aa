import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@kaytuu/shared';
import { CurrentActor, ExportThrottle, Roles } from '@kaytuu/access';
import { ProgrammeIdParam, ReportParam, ReportQueryDto, StatementQueryDto } from './dto/report-query.dto';
import { statementDoc, statementFileName } from './programme-statement';
import { streamCsv, streamXlsx, writeCsv, writeXlsx } from './report-export';
import { ReportService } from './report.service';

@ApiTags('reports')
@ApiBearerAuth()
// Donors: the assistance reports of their programmes only (the service refuses the rest) and their statements.
@Roles('admin', 'supervisor', 'donor')
@Controller('reports')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  // A programme's donor statement for a range of days: JSON, or a CSV/XLSX file (audited, throttled as every export).
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Roles('admin', 'donor')
  @Get('programme-statements/:programmeId')
  @ExportThrottle('csv', 'xlsx')
  async statement(@CurrentActor() actor: Actor, @Param() p: ProgrammeIdParam, @Query() q: StatementQueryDto, @Res() res: Response): Promise<void> {
    const s = await this.reports.programmeStatement(actor, p.programmeId, q);
    const format = q.format ?? 'json';
    if (format === 'json') {
      res.json(s);
      return;
    }
    await this.reports.recordStatementExport(actor, s, format);
    const ctx = await this.reports.exportContext(actor, null, q.codes === 'true');
    const doc = statementDoc(s, ctx);
    try {
      await (format === 'csv' ? writeCsv(res, doc, statementFileName(s, 'csv'), ctx.codes) : writeXlsx(res, doc, statementFileName(s, 'xlsx'), ctx.codes));
    } catch (error) {
      if (!res.headersSent) throw error;
      res.destroy();
    }
  }

  // JSON for the console; ?format=csv|xlsx streams a file (audited), for people unless ?codes=true.
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Get(':report')
  @ExportThrottle('csv', 'xlsx')
  async get(@CurrentActor() actor: Actor, @Param() p: ReportParam, @Query() q: ReportQueryDto, @Res() res: Response): Promise<void> {
    const result = await this.reports.runReport(actor, p.report, q);
    const format = q.format ?? 'json';
    if (format === 'json') {
      res.json(result);
      return;
    }
    await this.reports.recordExport(actor, result, format);
    const ctx = await this.reports.exportContext(actor, result, q.codes === 'true');
    try {
      await (format === 'csv' ? streamCsv(res, result, ctx) : streamXlsx(res, result, ctx));
    } catch (error) {
      // once the file has started there is no error envelope to send (e.g. the browser cancelled the download)
      if (!res.headersSent) throw error;
      res.destroy();
    }
  }
}
