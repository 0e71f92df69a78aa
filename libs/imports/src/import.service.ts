import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, CommonError, ListQuery, ListResult, localeOrDefault } from '@kaytuu/shared';
import { UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { ReturneeBatchService } from '@kaytuu/returnees';
import { ConfirmImportDto, ImportDto, ImportRowDto, toImportDto, toImportRowDto } from './dto/import.dto';
import { checkHeader, ImportColumn } from './import-columns';
import { CsvEncoding, readCsv } from './csv-source';
import { writeErrorReport } from './error-report';
import { IMPORT_JOBS, ImportJobs } from './import-jobs';
import { ImportRecord, ImportRepository, ImportScope, ImportStatus, ProblemFilter, RawRow } from './import.repository';
import { importsConfig } from './imports.config';
import { ImportError } from './imports.errors';
import { Upload } from './multipart';

export type ImportFilter = { status?: ImportStatus[]; officeId?: string };
export type RowsQuery = { problem: ProblemFilter; offset: number; limit: number };

// Rows per staging INSERT.
const STAGE_BATCH = 2000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Bulk CSV import of returnees as the user drives it: upload (streamed into the staging table, all in one transaction
// so a failed upload leaves nothing), the preview and its problem rows, the error report, then confirm or cancel. The
// work between is done by jobs: ImportValidationService checks the staged rows, ImportCommitService inserts them.
@Injectable()
export class ImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(importsConfig.KEY) readonly config: ConfigType<typeof importsConfig>,
    private readonly imports: ImportRepository,
    private readonly jobs: ImportJobs,
    private readonly returnees: ReturneeBatchService,
    private readonly audit: AuditService,
    private readonly users: UserService,
  ) {}

  // `enqueue: false` leaves validation to the caller (the CLI runs it in-process).
  async uploadImport(actor: Actor, upload: Upload, opts: { enqueue: boolean } = { enqueue: true }): Promise<ImportDto> {
    scopeOf(actor);
    const id = randomUUID();
    const format: { encoding?: CsvEncoding; delimiter?: ',' | ';' } = {};
    await this.ds.transaction(async (m) => {
      const records = readCsv(upload.file, format);
      const head = await records.next();
      if (head.done) throw ImportError.empty();
      const header = checkHeader(head.value.cells);
      if (!header.ok) throw ImportError.badHeader(header);
      let batch: RawRow[] = [];
      let rows = 0;
      for await (const r of records) {
        batch.push({ line: r.line, raw: r.cells });
        rows++;
        if (batch.length >= STAGE_BATCH) {
          await this.imports.insertRawRows(m, id, batch);
          batch = [];
        }
      }
      await this.imports.insertRawRows(m, id, batch);
      if (rows === 0) throw ImportError.empty();
      const requested = (await upload.fields).officeId;
      if (requested !== undefined && !UUID_RE.test(requested)) throw CommonError.validation({ officeId: 'must be a UUID' });
      const officeId = await this.returnees.resolveRegistrationOffice(actor, requested);
      const columns = head.value.cells.map((c) => c.trim());
      await this.imports.insertImport(m, {
        id,
        fileName: upload.fileName,
        columns,
        officeId,
        total: rows,
        createdBy: actor.userId,
        createdByRole: actor.role,
        createdIp: actor.ip,
      });
      await this.audit.record(
        actor,
        { action: 'create', entity: 'returnee_import', entityId: id, diff: { fileName: upload.fileName, rows, officeId, ...format } },
        m,
      );
    });
    if (opts.enqueue) await this.jobs.enqueue(id, IMPORT_JOBS.validate);
    return this.getImport(actor, id);
  }

  async confirmImport(actor: Actor, id: string, dto: ConfirmImportDto, opts: { enqueue: boolean } = { enqueue: true }): Promise<ImportDto> {
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      const imp = await this.imports.findInScope(m, scope, id, true);
      if (!imp) throw CommonError.notFound('Import');
      if (imp.status !== 'preview') throw ImportError.wrongStatus(imp.status, 'preview');
      if (dto.mode === 'all_or_nothing' && imp.invalid + imp.duplicates > 0) throw ImportError.hasProblems(imp.invalid, imp.duplicates);
      if (!(await this.imports.claimForImport(m, id, dto.mode))) throw ImportError.wrongStatus('already confirmed', 'preview');
      await this.audit.record(
        actor,
        { action: 'update', entity: 'returnee_import', entityId: id, diff: { status: 'importing', mode: dto.mode, rows: imp.valid } },
        m,
      );
    });
    if (opts.enqueue) await this.jobs.enqueue(id, IMPORT_JOBS.import);
    return this.getImport(actor, id);
  }

  async cancelImport(actor: Actor, id: string): Promise<ImportDto> {
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      const imp = await this.imports.findInScope(m, scope, id, true);
      if (!imp) throw CommonError.notFound('Import');
      if (!(await this.imports.markCancelled(m, id))) throw ImportError.wrongStatus(imp.status, 'preview');
      await this.imports.deleteAllRows(m, id);
      await this.audit.record(actor, { action: 'update', entity: 'returnee_import', entityId: id, diff: { status: 'cancelled' } }, m);
    });
    return this.getImport(actor, id);
  }

  async listImports(actor: Actor, q: ListQuery<ImportFilter>): Promise<ListResult<ImportDto>> {
    const { rows, total } = await this.imports.list(this.ds.manager, scopeOf(actor), { ...q.filter, sort: q.sort, offset: q.offset, limit: q.limit });
    return { rows: rows.map(toImportDto), total };
  }

  async getImport(actor: Actor, id: string): Promise<ImportDto> {
    return toImportDto(await this.requireImport(actor, id));
  }

  async listRows(actor: Actor, id: string, q: RowsQuery): Promise<ListResult<ImportRowDto>> {
    const imp = await this.requireImport(actor, id);
    const columns = columnsOf(imp);
    const { rows, total } = await this.imports.listProblemRows(this.ds.manager, id, q.problem, q.offset, q.limit);
    return { rows: rows.map((r) => toImportRowDto(imp.columns, columns, r)), total };
  }

  // The error report (audited as an export: it carries personal data from the file). Exports of personal data are for
  // admins and supervisors: a caseworker's copy has the PIN and phone columns masked (the line numbers still find rows).
  // `codes`: the machine form (`line`, `errors` in English, `codes`); otherwise the added columns and every problem speak
  // the requester's language.
  async streamErrorReport(actor: Actor, id: string, sink: Writable & { setHeader(name: string, value: string): unknown }, codes = true): Promise<void> {
    const imp = await this.requireImport(actor, id);
    const masked = !mayExportPersonalData(actor);
    await this.audit.record(actor, {
      action: 'export',
      entity: 'returnee_import',
      entityId: id,
      diff: { report: 'errors', personalData: masked ? 'masked' : 'included' },
    });
    await writeErrorReport(sink, imp, (after, limit) => this.imports.readProblemBatch(this.ds.manager, id, after, limit), {
      maskColumns: masked ? maskedColumns(imp) : [],
      locale: codes ? null : localeOrDefault((await this.users.contactOf(actor.userId))?.locale),
    });
  }

  private async requireImport(actor: Actor, id: string): Promise<ImportRecord> {
    const imp = await this.imports.findInScope(this.ds.manager, scopeOf(actor), id);
    if (!imp) throw CommonError.notFound('Import');
    return imp;
  }
}

// Office staff import into and see their own office; admins any office. NGO staff never reach returnee records.
function scopeOf(actor: Actor): ImportScope {
  if (actor.role === 'admin') return { kind: 'all' };
  if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId) return { kind: 'office', officeId: actor.officeId };
  throw CommonError.forbidden();
}

export function mayExportPersonalData(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'supervisor';
}

// Positions of the identifying columns (PIN, phone) in the file's own header.
function maskedColumns(imp: ImportRecord): number[] {
  const columns = columnsOf(imp);
  return columns.flatMap((c, i) => (c === 'pin' || c === 'phone' ? [i] : []));
}

function columnsOf(imp: ImportRecord): ImportColumn[] {
  const header = checkHeader(imp.columns);
  return header.ok ? header.columns : [];
}
