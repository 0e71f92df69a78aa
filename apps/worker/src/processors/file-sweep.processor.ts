import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, OBJECT_STORE, ObjectStore, OrphanSweepResult, sweepOrphans } from '@kaytuu/shared';
import { IntervalLoop } from './interval-loop';

export const FILE_SWEEP_EVERY_MS = 3_600_000;
export type FileSweepProcessorOptions = { everyMs?: number };
export const FILE_SWEEP_PROCESSOR_OPTIONS = Symbol('FILE_SWEEP_PROCESSOR_OPTIONS');

// The orphan sweep of the file store, every FILE_SWEEP_EVERY_MS (and once at start): objects that no document_version
// row names (as its file or its thumbnail) and older than an hour are removed — left by an upload whose row was never
// committed (the API or the store failing between the two) or by a purge whose removal failed. Idempotent, so
// several workers sweeping at once is harmless.
@Injectable()
export class FileSweepProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('FileSweepProcessor');
  private readonly loop: IntervalLoop;
  private readonly everyMs: number;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly clock: Clock,
    @Optional() @Inject(FILE_SWEEP_PROCESSOR_OPTIONS) opts: FileSweepProcessorOptions | null,
  ) {
    this.everyMs = opts?.everyMs ?? FILE_SWEEP_EVERY_MS;
    this.loop = new IntervalLoop(
      this.everyMs,
      async () => void (await this.sweepOnce()),
      (err) => this.logger.warn(`file sweep failed, retrying on the next tick: ${err instanceof Error ? err.message : 'unknown error'}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.logger.log(`Sweeping orphan objects from the ${this.store.kind} file store every ${this.everyMs / 60_000} min`);
  }

  isRunning(): boolean {
    return this.loop.isRunning();
  }

  async sweepOnce(): Promise<OrphanSweepResult> {
    // a database without a single document version next to a store with objects is most likely a worker pointed at
    // the wrong store (or a store shared by mistake): remove nothing rather than everything
    const [{ any }] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM document_version) AS any`);
    if (!any) {
      for await (const o of this.store.list()) {
        void o;
        this.logger.warn('file sweep skipped: the file store holds objects but the database has no document version at all');
        return { scanned: 0, removed: 0, tempRemoved: 0 };
      }
    }
    const r = await sweepOrphans(this.store, (keys) => this.referenced(keys), { now: this.clock.now() });
    if (r.removed || r.tempRemoved) this.logger.log(`removed ${r.removed} orphan object(s) and ${r.tempRemoved} stale temp file(s) of ${r.scanned}`);
    return r;
  }

  private async referenced(keys: string[]): Promise<Set<string>> {
    const rows: Array<{ k: string }> = await this.ds.query(
      `SELECT k FROM unnest($1::text[]) AS k
        WHERE EXISTS (SELECT 1 FROM document_version v WHERE v.object_key = k OR v.thumb_object_key = k)`,
      [keys],
    );
    return new Set(rows.map((r) => r.k));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
