import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { appConfig, createWorker, DEFAULT_JOB_OPTIONS, QUEUE_NAMES, Queues } from '@kaytuu/shared';
import { MessageDeliveryResult, ReferralMessageService } from '@kaytuu/referrals';
import { IntervalLoop } from './interval-loop';
import { addOutboxJobs, retryFailedJobs, UUID_RE } from './outbox-queue';
import { closeWorkerWithGrace } from './worker-shutdown';

export const DELIVER_MESSAGE_JOB = 'deliver';
type MessageJobData = { messageId: string };
const RELAY_BATCH = 500;
// a few rounds of DEFAULT_JOB_OPTIONS.attempts (exponential backoff within each), STALE_ENQUEUED_SECONDS apart
export const MAX_MESSAGE_ATTEMPTS = (DEFAULT_JOB_OPTIONS.attempts ?? 1) * 4;

// Emails and signed webhooks to partner organisations about referrals, from the referral_message outbox: the relay
// queues pending rows (jobId = message id) and hands back lost or failed ones; delivery is idempotent in
// ReferralMessageService.deliver, and a failing webhook is retried with exponential backoff by the queue.
@Injectable()
export class ReferralMessagesProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReferralMessagesProcessor');
  private worker: Worker<MessageJobData, MessageDeliveryResult> | null = null;
  private readonly relay: IntervalLoop;

  constructor(
    private readonly queues: Queues,
    private readonly messages: ReferralMessageService,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
  ) {
    this.relay = new IntervalLoop(
      cfg.relayIntervalMs,
      async () => void (await this.relayOnce()),
      (err) => this.logger.warn(`referral message relay failed, retrying on the next tick: ${err instanceof Error ? err.message : 'unknown error'}`),
    );
  }

  private get queue(): Queue<MessageJobData> {
    return this.queues.get(QUEUE_NAMES.referralMessages) as Queue<MessageJobData>;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = createWorker<MessageJobData, MessageDeliveryResult>(QUEUE_NAMES.referralMessages, (job) => this.process(job), this.queues.settings, {
      concurrency: 5,
      lockDuration: this.cfg.jobLockSeconds * 1000,
      stalledInterval: this.cfg.jobLockSeconds * 1000,
    });
    this.worker.on('error', (err) => this.logger.error(`referral messages worker: ${err.message}`));
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    await this.worker.waitUntilReady();
    this.relay.start();
  }

  async process(job: Job<MessageJobData>): Promise<MessageDeliveryResult> {
    const id = job.data?.messageId;
    if (job.name !== DELIVER_MESSAGE_JOB || typeof id !== 'string' || !UUID_RE.test(id)) throw new UnrecoverableError('not a referral message job');
    return this.messages.deliver(id);
  }

  async relayOnce(): Promise<{ enqueued: number; retried: number }> {
    const now = Date.now();
    const pending = (await this.messages.claimPending(RELAY_BATCH)).map((id) => ({ id }));
    await addOutboxJobs(this.queue, DELIVER_MESSAGE_JOB, pending, now, (messageId) => ({ messageId }));
    const again = (await this.messages.claimForRetry(this.cfg.staleEnqueuedSeconds * 1000, MAX_MESSAGE_ATTEMPTS, RELAY_BATCH)).map((id) => ({ id }));
    await retryFailedJobs(this.queue, again, RELAY_BATCH);
    await addOutboxJobs(this.queue, DELIVER_MESSAGE_JOB, again, now, (messageId) => ({ messageId }));
    return { enqueued: pending.length, retried: again.length };
  }

  private async onFailed(job: Job<MessageJobData> | undefined, err: Error): Promise<void> {
    this.logger.warn(`referral message job #${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`);
    const id = job?.data?.messageId;
    if (!job?.finishedOn || typeof id !== 'string' || !UUID_RE.test(id)) return;
    await this.messages.markFailed(id, err.message, job.attemptsMade).catch(() => undefined);
  }

  // The relay first (waiting for a pass in progress), so it adds no job to a closing worker.
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await closeWorkerWithGrace(this.worker, this.logger);
  }
}
