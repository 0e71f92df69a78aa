import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, ExportThrottle, Roles } from '@kaytuu/access';
import { ConfirmImportDto, ErrorReportQueryDto, ImportDto, ImportRowDto } from './dto/import.dto';
import { IMPORT_SORTABLE, IMPORT_STATUSES } from './import.repository';
import { ImportFilter, ImportService } from './import.service';
import { receiveUpload } from './multipart';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<ImportFilter>({ status: f.someOf(IMPORT_STATUSES), officeId: f.uuid() });
const parseRowFilter = filterSpec<{ problem?: 'error' | 'duplicate' | 'any' }>({ problem: f.oneOf(['error', 'duplicate', 'any'] as const) });

// Returnee registration in bulk: the roles that may register returnees one by one.
@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller('imports')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<ImportDto[]> {
    const q = parseListQuery(raw, { sortable: IMPORT_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'imports', q, await this.imports.listImports(actor, q));
  }

  // multipart/form-data: "file" (CSV) and, for admins, "officeId". Answers once the file is staged; validation runs
  // as a job (poll GET /api/imports/:id).
  @ApiConsumes('multipart/form-data')
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<ImportDto> {
    try {
      return await receiveUpload(req, this.imports.config.maxBytes, (upload) => this.imports.uploadImport(actor, upload));
    } catch (err) {
      // the rest of a refused upload is not worth reading: the connection closes after the error answer
      res.setHeader('Connection', 'close');
      throw err;
    }
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ImportDto> {
    return this.imports.getImport(actor, p.id);
  }

  @Get(':id/rows')
  async rows(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<ImportRowDto[]> {
    const q = parseListQuery(raw, { sortable: ['line'], defaultSort: { field: 'line', order: 'ASC' }, parseFilter: parseRowFilter });
    return withContentRange(res, 'rows', q, await this.imports.listRows(actor, p.id, { problem: q.filter.problem ?? 'any', offset: q.offset, limit: q.limit }));
  }

  // In the requester's language unless ?codes=true (the machine form: `line`, `errors` in English, `codes`).
  @ApiProduces('text/csv')
  @Get(':id/errors.csv')
  @ExportThrottle()
  async errors(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Query() q: ErrorReportQueryDto, @Res() res: Response): Promise<void> {
    try {
      await this.imports.streamErrorReport(actor, p.id, res, q.codes === 'true');
    } catch (error) {
      if (!res.headersSent) throw error;
      res.destroy();
    }
  }

  @Post(':id/confirm')
  @HttpCode(HttpStatus.ACCEPTED)
  confirm(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: ConfirmImportDto): Promise<ImportDto> {
    return this.imports.confirmImport(actor, p.id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  cancel(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ImportDto> {
    return this.imports.cancelImport(actor, p.id);
  }
}
