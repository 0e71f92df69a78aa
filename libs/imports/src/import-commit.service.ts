import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, isUniqueViolation } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { ReturneeBatchService } from '@kaytuu/returnees';
import { elapsed, ImportJobs, ProgressListener, uploaderOf } from './import-jobs';
import { ImportRecord, ImportRepository } from './import.repository';

// Rows per set-based returnee INSERT.
const IMPORT_BATCH = 5000;

// The import job, once the user has confirmed the preview: clean rows in batches through the returnees context's
// set-based insert. all_or_nothing runs in one transaction; valid_rows commits per batch, and a retried job goes on
// after the rows already imported.
@Injectable()
export class ImportCommitService {
  private readonly logger = new Logger('ImportCommitService');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly imports: ImportRepository,
    private readonly returnees: ReturneeBatchService,
    private readonly audit: AuditService,
    private readonly jobs: ImportJobs,
  ) {}

  async runImport(importId: string, onProgress?: ProgressListener): Promise<void> {
    const imp = await this.imports.findInScope(this.ds.manager, { kind: 'all' }, importId);
    if (!imp || imp.status !== 'importing') return;
    const actor = uploaderOf(imp);
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
        await this.jobs.failImport(importId, 'A PIN of the file was registered by someone else after the preview; nothing was imported');
      }
      return;
    }
    await this.importBatches(this.ds.manager, imp, actor, true, progress, null);
    await this.ds.transaction((m) => this.finish(m, actor, imp));
  }

  private async importBatches(
    read: EntityManager,
    imp: ImportRecord,
    actor: Actor,
    skipTakenPins: boolean,
    progress: (n: number) => Promise<void>,
    tx: (() => EntityManager) | null,
  ): Promise<void> {
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
        this.logger.debug(
          `import ${imp.id}: read ${elapsed(t0, t1)}, insert ${elapsed(t1, t2)}, mark imported ${elapsed(t2, performance.now())} (${batch.count} rows)`,
        );
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
}
