import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { ChannelRegistry, type ChannelState } from '@kaytuu/messaging';
import { createWorker, QUEUE_NAMES, Queues } from '@kaytuu/shared';
import { closeWorkerWithGrace } from './worker-shutdown';

export const HEARTBEAT_JOB = 'heartbeat';
export const HEARTBEAT_EVERY_MS = 15_000;

// `channels`: the state of the messaging channels this worker holds (SMPP bind, Telegram), which /api/health shows
export type HeartbeatResult = { at: string; pid: number; channels?: Record<string, ChannelState> };

export function recordHeartbeat(now: Date = new Date(), channels?: Record<string, ChannelState>): HeartbeatResult {
  return { at: now.toISOString(), pid: process.pid, ...(channels ? { channels } : {}) };
}

// Consumer of the 'system' queue. Its heartbeat jobs are how the API's /api/health knows the worker is alive:
// Queues.health() reads the finishedOn of the newest completed 'system' job as workerLastSeenAt.
@Injectable()
export class HeartbeatProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('HeartbeatProcessor');
  private worker: Worker<unknown, HeartbeatResult> | null = null;

  constructor(
    private readonly queues: Queues,
    @Optional() @Inject(ChannelRegistry) private readonly channels: ChannelRegistry | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.get(QUEUE_NAMES.system);
    queue.on('error', (err) => this.logger.error(`system queue: ${err.message}`));
    // a missed beat is replaced by the next one, so a heartbeat is never retried
    await queue.upsertJobScheduler(
      HEARTBEAT_JOB,
      { every: HEARTBEAT_EVERY_MS },
      { name: HEARTBEAT_JOB, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );

    this.worker = createWorker<unknown, HeartbeatResult>(QUEUE_NAMES.system, (job) => this.process(job), this.queues.settings, { concurrency: 1 });
    this.worker.on('error', (err) => this.logger.error(`system worker: ${err.message}`));
    // job data is never logged: payloads of other queues may carry personal data
    this.worker.on('failed', (job, err) => this.logger.warn(`job ${job?.name}#${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
    await this.worker.waitUntilReady();
    this.logger.log(`Processing queue '${QUEUE_NAMES.system}' on the ${this.queues.settings.kind} backend; heartbeat every ${HEARTBEAT_EVERY_MS / 1000} s`);
  }

  isRunning(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  async process(job: Job): Promise<HeartbeatResult> {
    if (job.name === HEARTBEAT_JOB) return recordHeartbeat(new Date(), this.channels?.states());
    throw new UnrecoverableError(`No handler for job '${job.name}' on queue '${QUEUE_NAMES.system}'`);
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeWorkerWithGrace(this.worker, this.logger);
  }
}
