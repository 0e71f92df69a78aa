import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, FieldCipher } from '@kaytuu/shared';
import { BatchDuplicate, checkReturneeInput, ReturneeBatchService, sealBatchRecord } from '@kaytuu/returnees';
import { checkHeader, columnProblems, ImportColumn, lineToBody, ROW_LENGTH } from './import-columns';
import { elapsed, ProgressListener, uploaderOf } from './import-jobs';
import { ImportRepository, RawRow, RowCheck } from './import.repository';

// Rows per validation round (one duplicate query each).
const VALIDATE_BATCH = 5000;
// Rows checked between two turns of the event loop, so a batch's queries in flight are sent and answered meanwhile.
const CHECK_SLICE = 250;

// The validation job: every staged line through the create endpoint's checks, then duplicates set-based per batch,
// written back for the preview. Changes with the registration rules and the job's throughput, not with the routes.
@Injectable()
export class ImportValidationService {
  private readonly logger = new Logger('ImportValidationService');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly imports: ImportRepository,
    private readonly returnees: ReturneeBatchService,
    private readonly cipher: FieldCipher,
  ) {}

  // Re-running it (a retried job) recomputes every line from the raw cells. The database work of a batch (duplicate
  // query, write-back) runs while the next batch is checked here, so both cores work: Node on the checks, PostgreSQL
  // on the queries. In-file duplicates are decided in line order before a batch is handed over, so the overlap does
  // not change any outcome.
  async validateImport(importId: string, onProgress?: ProgressListener): Promise<void> {
    const imp = await this.imports.findInScope(this.ds.manager, { kind: 'all' }, importId);
    if (!imp || imp.status !== 'validating') return;
    const header = checkHeader(imp.columns);
    if (!header.ok) throw new Error('the stored header no longer fits the import columns');
    const actor = uploaderOf(imp);
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
        this.logger.debug(
          `import ${importId}: read ${elapsed(t0, t1)}, checks ${elapsed(t1, t2)}, waited for the previous write ${elapsed(t2, t3)} (${rows.length} rows)`,
        );
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

  private async writeChecks(
    importId: string,
    actor: Actor,
    checks: RowCheck[],
    processed: number,
    total: number,
    onProgress?: ProgressListener,
  ): Promise<void> {
    const t0 = performance.now();
    const candidates = checks
      .filter((c) => !c.errors && !c.duplicateKind)
      .map((c) => ({ key: c.line, pinHmac: c.pinHmac, birthDate: c.birthDate as string, skeleton: c.skeleton ?? '' }));
    applyDuplicates(checks, await this.returnees.findBatchDuplicates(actor, candidates));
    const t1 = performance.now();
    await this.ds.transaction(async (m) => {
      await this.imports.saveChecks(m, importId, checks);
      await this.imports.setProgress(m, importId, processed);
    });
    const t2 = performance.now();
    this.logger.debug(`import ${importId}: duplicates ${elapsed(t0, t1)}, write-back ${elapsed(t1, t2)} (${checks.length} rows)`);
    await onProgress?.({ processed, total });
  }
}

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
    return {
      ...base,
      values: null,
      errors: { row: `has ${r.raw.length} values; the header has ${columns.length}` },
      errorCodes: { row: { code: ROW_LENGTH, params: { values: r.raw.length, columns: columns.length } } },
      pinHmac: null,
      birthDate: null,
      skeleton: null,
    };
  }
  const res = checkReturneeInput(lineToBody(columns, r.raw));
  if (!res.ok) return { ...base, values: null, ...columnProblems(res.errors, res.fieldCodes, res.fieldParams), pinHmac: null, birthDate: null, skeleton: null };
  const { skeleton, ...record } = res.record;
  const values = sealBatchRecord(cipher, record);
  return { ...base, values, errors: null, errorCodes: null, pinHmac: values.pinHmac, birthDate: values.birthDate, skeleton };
}

function applyDuplicates(checks: RowCheck[], duplicates: BatchDuplicate[]): void {
  const byLine = new Map(checks.map((c) => [c.line, c]));
  for (const d of duplicates) {
    const c = byLine.get(d.key);
    if (c) Object.assign(c, { duplicateKind: d.kind, duplicateOfId: d.id, duplicateOfCode: d.code });
  }
}
