import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@kaytuu/shared';
import { CurrentActor, ExportThrottle, Roles } from '@kaytuu/access';
import { ReportParam, ReportQueryDto } from './dto/report-query.dto';
import { streamCsv, streamXlsx } from './report-export';
import { ReportService } from './report.service';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('reports')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

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
