import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CommonError, FieldCipher, isUniqueViolation, ListQuery, ListResult, QUEUE_NAMES, Queues, Role } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { BatchDuplicate, checkReturneeInput, ReturneeService, sealBatchRecord } from '@kaytuu/returnees';
import { ConfirmImportDto, ImportDto, ImportRowDto, toImportDto, toImportRowDto } from './dto/import.dto';
import { checkHeader, columnErrors, ImportColumn, lineToBody } from './import-columns';
import { CsvEncoding, readCsv } from './csv-source';
import { writeErrorReport } from './error-report';
import { ImportRecord, ImportRepository, ImportScope, ImportStatus, ProblemFilter, RawRow, RowCheck } from './import.repository';
import { importsConfig } from './imports.config';
import { ImportError } from './imports.errors';
import { Upload } from './multipart';

export const IMPORT_JOBS = { validate: 'validate', import: 'import' } as const;
export type ImportJobData = { importId: string };
export type ProgressListener = (progress: { processed: number; total: number }) => void | Promise<void>;
export type ImportFilter = { status?: ImportStatus[]; officeId?: string };
export type RowsQuery = { problem: ProblemFilter; offset: number; limit: number };

// Rows per staging INSERT, per validation round (one duplicate query each) and per set-based returnee INSERT.
const STAGE_BATCH = 2000;
const VALIDATE_BATCH = 5000;
const IMPORT_BATCH = 5000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Bulk CSV import of returnees: upload (streamed into the staging table, all in one transaction so a failed upload
// leaves nothing), validation by a job with the create endpoint's rules, a preview, then the set-based insert.
@Injectable()
export class ImportService {
  private readonly logger = new Logger('ImportService');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly imports: ImportRepository,
    private readonly returnees: ReturneeService,
    private readonly audit: AuditService,
    private readonly queues: Queues,
    private readonly cipher: FieldCipher,
    @Inject(importsConfig.KEY) readonly config: ConfigType<typeof importsConfig>,
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
      await this.imports.insertImport(m, { id, fileName: upload.fileName, columns, officeId, total: rows, createdBy: actor.userId, createdByRole: actor.role, createdIp: actor.ip });
      await this.audit.record(actor, { action: 'create', entity: 'returnee_import', entityId: id, diff: { fileName: upload.fileName, rows, officeId, ...format } }, m);
    });
    if (opts.enqueue) await this.enqueue(id, IMPORT_JOBS.validate);
    return this.getImport(actor, id);
  }

  // The validation job: every staged line through the create endpoint's checks, then duplicates set-based per batch.
  // Re-running it (a retried job) recomputes every line from the raw cells. The database work of a batch (duplicate
  // query, write-back) runs while the next batch is checked here, so both cores work: Node on the checks, PostgreSQL
  // on the queries. In-file duplicates are decided in line order before a batch is handed over, so the overlap does
  // not change any outcome.
  async validateImport(importId: string, onProgress?: ProgressListener): Promise<void> {
    const imp = await this.imports.findInScope(this.ds.manager, { kind: 'all' }, importId);
    if (!imp || imp.status !== 'validating') return;
    const header = checkHeader(imp.columns);
    if (!header.ok) throw new Error('the stored header no longer fits the import columns');
    const actor = actorOf(imp);
    const firstLineOfPin = new Map<string, number>();
    let processed = 0;
    let writing: Promise<void> | null = null;
    let next = this.imports.readRawBatch(this.ds.manager, importId, 0, VALIDATE_BATCH);
    try {
      for (;;) {
        const t0 = performance.now();
        const rows = await next;
        if (rows.length === 0) break;
        // prefetch the following batch while this one is checked
        next = this.imports.readRawBatch(this.ds.manager, importId, rows[rows.length - 1].line, VALIDATE_BATCH);
        next.catch(() => undefined);
        const t1 = performance.now();
        const checks = await checkLines(this.cipher, header.columns, rows);
        for (const c of checks) {
          if (c.errors || !c.pinHmac) continue;
          const first = firstLineOfPin.get(c.pinHmac);
          if (first === undefined) firstLineOfPin.set(c.pinHmac, c.line);
          else Object.assign(c, { duplicateKind: 'file', duplicateOfLine: first });
        }
        const t2 = performance.now();
        if (writing) await writing;
        const t3 = performance.now();
        processed += rows.length;
        this.logger.debug(`import ${importId}: read ${ms(t0, t1)}, checks ${ms(t1, t2)}, waited for the previous write ${ms(t2, t3)} (${rows.length} rows)`);
        writing = this.writeChecks(importId, actor, checks, processed, imp.rowCount, onProgress);
        writing.catch(() => undefined);
      }
      if (writing) await writing;
    } finally {
      // a failed job ends only once its last write has settled, so a retry never races it
      await Promise.allSettled([writing, next]);
    }
    await this.imports.finishValidation(this.ds.manager, importId);
  }

  private async writeChecks(importId: string, actor: Actor, checks: RowCheck[], processed: number, total: number, onProgress?: ProgressListener): Promise<void> {
    const t0 = performance.now();
    const candidates = checks.filter((c) => !c.errors && !c.duplicateKind).map((c) => ({ key: c.line, pinHmac: c.pinHmac, birthDate: c.birthDate as string, skeleton: c.skeleton ?? '' }));
    applyDuplicates(checks, await this.returnees.findBatchDuplicates(actor, candidates));
    const t1 = performance.now();
    await this.ds.transaction(async (m) => {
      await this.imports.saveChecks(m, importId, checks);
      await this.imports.setProgress(m, importId, processed);
    });
    const t2 = performance.now();
    this.logger.debug(`import ${importId}: duplicates ${ms(t0, t1)}, write-back ${ms(t1, t2)} (${checks.length} rows)`);
    await onProgress?.({ processed, total });
  }

  async confirmImport(actor: Actor, id: string, dto: ConfirmImportDto, opts: { enqueue: boolean } = { enqueue: true }): Promise<ImportDto> {
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      const imp = await this.imports.findInScope(m, scope, id, true);
      if (!imp) throw CommonError.notFound('Import');
      if (imp.status !== 'preview') throw ImportError.wrongStatus(imp.status, 'preview');
      if (dto.mode === 'all_or_nothing' && imp.invalid + imp.duplicates > 0) throw ImportError.hasProblems(imp.invalid, imp.duplicates);
      if (!(await this.imports.claimForImport(m, id, dto.mode))) throw ImportError.wrongStatus('already confirmed', 'preview');
      await this.audit.record(actor, { action: 'update', entity: 'returnee_import', entityId: id, diff: { status: 'importing', mode: dto.mode, rows: imp.valid } }, m);
    });
    if (opts.enqueue) await this.enqueue(id, IMPORT_JOBS.import);
    return this.getImport(actor, id);
  }

  // The import job: clean rows in batches through the returnees context's set-based insert. all_or_nothing runs in
  // one transaction; valid_rows commits per batch, and a retried job goes on after the rows already imported.
  async runImport(importId: string, onProgress?: ProgressListener): Promise<void> {
    const imp = await this.imports.findInScope(this.ds.manager, { kind: 'all' }, importId);
    if (!imp || imp.status !== 'importing') return;
    const actor = actorOf(imp);
    const progress = async (processed: number) => {
      // outside the import's transaction, so pollers see it move while an all-or-nothing import runs
      await this.imports.setProgress(this.ds.manager, importId, processed);
      await onProgress?.({ processed, total: imp.total });
    };
    if (imp.mode === 'all_or_nothing') {
      try {
        await this.ds.transaction(async (m) => {
          await this.importBatches(m, imp, actor, false, progress, () => m);
          await this.finish(m, actor, imp);
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        await this.failImport(importId, 'A PIN of the file was registered by someone else after the preview; nothing was imported');
      }
      return;
    }
    await this.importBatches(this.ds.manager, imp, actor, true, progress, null);
    await this.ds.transaction((m) => this.finish(m, actor, imp));
  }

  private async importBatches(read: EntityManager, imp: ImportRecord, actor: Actor, skipTakenPins: boolean, progress: (n: number) => Promise<void>, tx: (() => EntityManager) | null): Promise<void> {
    const source = { importId: imp.id };
    let after = 0;
    let processed = await this.imports.countImported(read, imp.id);
    for (;;) {
      const step = async (m: EntityManager): Promise<boolean> => {
        const t0 = performance.now();
        const batch = await this.imports.readImportBatch(m, imp.id, after, IMPORT_BATCH);
        if (!batch) return false;
        const t1 = performance.now();
        const created = await this.returnees.registerBatch(actor, imp.officeId, batch.json, m, { skipTakenPins, source });
        const t2 = performance.now();
        await this.imports.markImported(m, imp.id, created);
        if (created.length < batch.count) await this.imports.markPinsTakenMeanwhile(m, imp.id, after, batch.lastLine);
        this.logger.debug(`import ${imp.id}: read ${ms(t0, t1)}, insert ${ms(t1, t2)}, mark imported ${ms(t2, performance.now())} (${batch.count} rows)`);
        after = batch.lastLine;
        processed += batch.count;
        return true;
      };
      const more = tx ? await step(tx()) : await this.ds.transaction(step);
      if (!more) break;
      await progress(processed);
    }
  }

  private async finish(m: EntityManager, actor: Actor, imp: ImportRecord): Promise<void> {
    const imported = await this.imports.countImported(m, imp.id);
    await this.imports.finishImport(m, imp.id, imported);
    await this.imports.deleteCleanRows(m, imp.id);
    await this.audit.record(actor, { action: 'update', entity: 'returnee_import', entityId: imp.id, diff: { status: 'done', mode: imp.mode, imported } }, m);
  }

  // A job that gave up (or an upload whose job could not be queued): the import fails; only error rows stay.
  async failImport(importId: string, message: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await this.imports.markFailed(m, importId, message);
      await this.imports.deleteCleanRows(m, importId);
    });
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
  async streamErrorReport(actor: Actor, id: string, sink: Writable & { setHeader(name: string, value: string): unknown }): Promise<void> {
    const imp = await this.requireImport(actor, id);
    const masked = !mayExportPersonalData(actor);
    await this.audit.record(actor, { action: 'export', entity: 'returnee_import', entityId: id, diff: { report: 'errors', personalData: masked ? 'masked' : 'included' } });
    await writeErrorReport(sink, imp, (after, limit) => this.imports.readProblemBatch(this.ds.manager, id, after, limit), { maskColumns: masked ? maskedColumns(imp) : [] });
  }

  private async requireImport(actor: Actor, id: string): Promise<ImportRecord> {
    const imp = await this.imports.findInScope(this.ds.manager, scopeOf(actor), id);
    if (!imp) throw CommonError.notFound('Import');
    return imp;
  }

  private async enqueue(id: string, job: (typeof IMPORT_JOBS)[keyof typeof IMPORT_JOBS]): Promise<void> {
    try {
      await this.queues.get(QUEUE_NAMES.imports).add(job, { importId: id } satisfies ImportJobData, { jobId: `${id}-${job}`, attempts: 3 });
    } catch (err) {
      await this.failImport(id, 'The import could not be queued; upload the file again');
      throw err;
    }
  }
}

// Office staff import into and see their own office; admins any office. NGO staff never reach returnee records.
function scopeOf(actor: Actor): ImportScope {
  if (actor.role === 'admin') return { kind: 'all' };
  if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId) return { kind: 'office', officeId: actor.officeId };
  throw CommonError.forbidden();
}

// The jobs act as the user who uploaded the file: the same duplicate scope and the same name in the audit rows.
function actorOf(imp: ImportRecord): Actor {
  const role = imp.createdByRole as Role;
  return { userId: imp.createdBy, role, officeId: role === 'admin' ? null : imp.officeId, organizationId: null, ip: imp.createdIp };
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

const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
// Rows checked between two turns of the event loop, so a batch's queries in flight are sent and answered meanwhile.
const CHECK_SLICE = 250;

async function checkLines(cipher: FieldCipher, columns: ImportColumn[], rows: RawRow[]): Promise<RowCheck[]> {
  const checks: RowCheck[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % CHECK_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    checks.push(checkLine(cipher, columns, rows[i]));
  }
  return checks;
}

// The checked values are staged sealed: PIN and phone as the returnee columns' ciphertexts, with their keyed hashes.
function checkLine(cipher: FieldCipher, columns: ImportColumn[], r: RawRow): RowCheck {
  const base = { line: r.line, duplicateKind: null, duplicateOfId: null, duplicateOfCode: null, duplicateOfLine: null };
  if (r.raw.length !== columns.length) {
    return { ...base, values: null, errors: { row: `has ${r.raw.length} values; the header has ${columns.length}` }, pinHmac: null, birthDate: null, skeleton: null };
  }
  const res = checkReturneeInput(lineToBody(columns, r.raw));
  if (!res.ok) return { ...base, values: null, errors: columnErrors(res.errors), pinHmac: null, birthDate: null, skeleton: null };
  const { skeleton, ...record } = res.record;
  const values = sealBatchRecord(cipher, record);
  return { ...base, values, errors: null, pinHmac: values.pinHmac, birthDate: values.birthDate, skeleton };
}

function applyDuplicates(checks: RowCheck[], duplicates: BatchDuplicate[]): void {
  const byLine = new Map(checks.map((c) => [c.line, c]));
  for (const d of duplicates) {
    const c = byLine.get(d.key);
    if (c) Object.assign(c, { duplicateKind: d.kind, duplicateOfId: d.id, duplicateOfCode: d.code });
  }
}
