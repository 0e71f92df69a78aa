import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { appConfig, createWorker, QUEUE_NAMES, Queues } from '@kaytuu/shared';
import { IMPORT_JOBS, ImportCommitService, ImportJobData, ImportJobs, ImportValidationService } from '@kaytuu/imports';
import { UUID_RE } from './outbox-queue';
import { closeWorkerWithGrace } from './worker-shutdown';

// Bulk returnee imports: validation of an uploaded file and the insert after the user confirms, one job each, with
// progress reported to the job and to the import row. Only the import's id travels through the queue.
@Injectable()
export class ImportsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ImportsProcessor');
  private worker: Worker<ImportJobData, void> | null = null;

  constructor(
    private readonly queues: Queues,
    private readonly validation: ImportValidationService,
    private readonly commit: ImportCommitService,
    private readonly jobs: ImportJobs,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // one import at a time: each job already works in large set-based batches on both cores
    this.worker = createWorker<ImportJobData, void>(QUEUE_NAMES.imports, (job) => this.process(job), this.queues.settings, {
      concurrency: 1,
      lockDuration: this.cfg.jobLockSeconds * 1000,
      stalledInterval: this.cfg.jobLockSeconds * 1000,
    });
    this.worker.on('error', (err) => this.logger.error(`imports worker: ${err.message}`));
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    await this.worker.waitUntilReady();
  }

  async process(job: Job<ImportJobData>): Promise<void> {
    const id = job.data?.importId;
    if (typeof id !== 'string' || !UUID_RE.test(id)) throw new UnrecoverableError('not an import job');
    const progress = (p: { processed: number; total: number }) => job.updateProgress(p);
    if (job.name === IMPORT_JOBS.validate) return this.validation.validateImport(id, progress);
    if (job.name === IMPORT_JOBS.import) return this.commit.runImport(id, progress);
    throw new UnrecoverableError(`unknown import job ${job.name}`);
  }

  // only once the queue has given up (no retry left) does the import itself fail
  private async onFailed(job: Job<ImportJobData> | undefined, err: Error): Promise<void> {
    this.logger.warn(`import job #${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`);
    const id = job?.data?.importId;
    if (!job?.finishedOn || typeof id !== 'string' || !UUID_RE.test(id)) return;
    await this.jobs.failImport(id, 'The import stopped on an unexpected error; upload the file again').catch(() => undefined);
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeWorkerWithGrace(this.worker, this.logger);
  }
}
