import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import DataLoader from 'dataloader';
import { appConfig, Clock, createWorker, DEFAULT_JOB_OPTIONS, QUEUE_NAMES, QueueBackendKind, Queues } from '@kaytuu/shared';
import { ReminderService, UnsupportedReminderChannel } from '@kaytuu/follow-ups';
import { IntervalLoop } from './interval-loop';
import { addOutboxJobs, queueStoreWasLost, retryFailedJobs, UUID_RE } from './outbox-queue';
import { closeWorkerWithGrace } from './worker-shutdown';

export const DELIVER_REMINDER_JOB = 'deliver';
// Only the outbox row's id travels through the queue: no names, phones or case details in Redis or in logs.
export type ReminderJobData = { reminderId: string };
export type DeliveryOutcome = Awaited<ReturnType<ReminderService['deliver']>>;

export type RemindersProcessorOptions = { concurrency?: number; batchSize?: number };
export const REMINDERS_PROCESSOR_OPTIONS = Symbol('REMINDERS_PROCESSOR_OPTIONS');

// Jobs in flight per backend (measured with bench/reminders.mjs on 2 cores): Redis hands out jobs cheaply, so many in
// flight fill the delivery batches; BullMQ's PostgreSQL backend pays a query per fetch, and more slots only add contention.
export const REMINDER_CONCURRENCY: Record<QueueBackendKind, number> = { redis: 400, postgres: 50 };
// Jobs in flight are delivered together: the ids asked for within BATCH_WINDOW_MS (at most DELIVERY_BATCH) go to one
// ReminderService.deliverMany transaction, so a burst costs a few statements per batch instead of several per reminder.
export const DELIVERY_BATCH = 200;
// How long a batch waits for more ids before it is delivered (measured with bench/reminders.mjs on 2 cores): longer
// windows make bigger batches, so fewer commits and less CPU per reminder, for a few ms of lateness. On BullMQ's
// PostgreSQL backend (a commit per job of its own) 2 ms gave batches of 1–3 and half the throughput of 25 ms.
const BATCH_WINDOW_MS: Record<QueueBackendKind, number> = { redis: 15, postgres: 25 };
// A reminder that failed for good (its job used up DEFAULT_JOB_OPTIONS.attempts) is given further rounds by the relay,
// STALE_ENQUEUED_SECONDS apart, up to this many attempts in all; then it stays 'failed' (health counts it).
export const MAX_REMINDER_ATTEMPTS = (DEFAULT_JOB_OPTIONS.attempts ?? 1) * 4;
// rows per claim/add round; a tick drains at most RELAY_MAX_ROUNDS rounds so shutdown never waits long for it
const RELAY_BATCH = 1000;
const RELAY_MAX_ROUNDS = 20;

// Consumer of the 'reminders' queue and the relay of the reminder outbox.
// The relay moves outbox rows due within RELAY_HORIZON_SECONDS into delayed jobs (jobId = reminder id, so adding one
// twice is a no-op), and re-adds rows still 'enqueued' well after their fire time: their job was lost (Redis flushed,
// crash between claim and add). Delivery itself is idempotent in ReminderService.deliver, so a job that runs twice
// yields one notification; BullMQ retries a failed delivery with the backoff of DEFAULT_JOB_OPTIONS.
@Injectable()
export class RemindersProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RemindersProcessor');
  private worker: Worker<ReminderJobData, DeliveryOutcome> | null = null;
  private readonly relay: IntervalLoop;
  private readonly concurrency: number;
  private readonly batches: DataLoader<string, DeliveryOutcome>;
  private stopping = false;

  constructor(
    private readonly queues: Queues,
    private readonly reminders: ReminderService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    @Optional() @Inject(REMINDERS_PROCESSOR_OPTIONS) opts: RemindersProcessorOptions | null,
  ) {
    this.concurrency = opts?.concurrency ?? REMINDER_CONCURRENCY[queues.settings.kind];
    this.batches = new DataLoader<string, DeliveryOutcome>((ids) => this.reminders.deliverMany([...ids]), {
      cache: false,
      maxBatchSize: opts?.batchSize ?? DELIVERY_BATCH,
      batchScheduleFn: (run) => setTimeout(run, BATCH_WINDOW_MS[queues.settings.kind]),
    });
    this.relay = new IntervalLoop(
      cfg.relayIntervalMs,
      async () => void (await this.relayOnce()),
      (err) => this.logger.warn(`reminder relay failed, retrying on the next tick: ${err instanceof Error ? err.message : 'unknown error'}`),
    );
  }

  private get queue(): Queue<ReminderJobData> {
    return this.queues.get(QUEUE_NAMES.reminders) as Queue<ReminderJobData>;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.on('error', (err) => this.logger.error(`reminders queue: ${err.message}`));
    this.worker = createWorker<ReminderJobData, DeliveryOutcome>(QUEUE_NAMES.reminders, (job) => this.process(job), this.queues.settings, {
      concurrency: this.concurrency,
      lockDuration: this.cfg.jobLockSeconds * 1000,
      stalledInterval: this.cfg.jobLockSeconds * 1000,
    });
    this.worker.on('error', (err) => this.logger.error(`reminders worker: ${err.message}`));
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    await this.worker.waitUntilReady();
    this.relay.start();
    this.logger.log(
      `Processing queue '${QUEUE_NAMES.reminders}' on the ${this.queues.settings.kind} backend (concurrency ${this.concurrency}); relay every ${this.cfg.relayIntervalMs} ms`,
    );
  }

  isRunning(): boolean {
    return (this.worker?.isRunning() ?? false) && this.relay.isRunning();
  }

  async process(job: Job<ReminderJobData>): Promise<DeliveryOutcome> {
    const reminderId = job.data?.reminderId;
    if (job.name !== DELIVER_REMINDER_JOB) throw new UnrecoverableError(`No handler for job '${job.name}' on queue '${QUEUE_NAMES.reminders}'`);
    // a malformed payload fails the same way on every attempt: do not retry it
    if (typeof reminderId !== 'string' || !UUID_RE.test(reminderId)) throw new UnrecoverableError('reminder job without a valid reminderId');
    return this.batches.load(reminderId).catch((err: unknown) => {
      if (err instanceof UnsupportedReminderChannel) throw new UnrecoverableError(err.message);
      throw err;
    });
  }

  // Every failed attempt is logged; the last one (BullMQ sets finishedOn when it moves the job to 'failed') also marks
  // the outbox row failed, with the error, so the state is visible without bull-board.
  private async onFailed(job: Job<ReminderJobData> | undefined, err: Error): Promise<void> {
    this.logger.warn(`reminder job #${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`);
    const reminderId = job?.data?.reminderId;
    if (!job?.finishedOn || typeof reminderId !== 'string' || !UUID_RE.test(reminderId)) return;
    await this.reminders.markFailed(reminderId, err.message, job.attemptsMade).catch((e: unknown) =>
      // the row stays 'enqueued' and the relay's stale pass retries it
      this.logger.warn(`could not mark reminder ${reminderId} failed: ${e instanceof Error ? e.message : 'unknown error'}`),
    );
  }

  // One relay pass: claim the due-soon outbox rows and add their jobs, then re-add the stale ones and give failed ones
  // another round.
  async relayOnce(): Promise<{ enqueued: number; requeued: number; retried: number; restored: number }> {
    const horizonMs = this.cfg.relayHorizonSeconds * 1000;
    const restored = (await this.queueStoreWasLost()) ? await this.requeueAllEnqueued() : 0;
    let enqueued = 0;
    for (let round = 0; round < RELAY_MAX_ROUNDS && !this.stopping; round++) {
      const due = await this.reminders.claimDueForRelay(this.clock.now(), horizonMs, RELAY_BATCH);
      await this.enqueue(due);
      enqueued += due.length;
      if (due.length < RELAY_BATCH) break;
    }
    const stale = await this.reminders.findStaleEnqueued(this.clock.now(), this.cfg.staleEnqueuedSeconds * 1000, RELAY_BATCH);
    await this.retryFailed(stale);
    await this.enqueue(stale);
    const failed = await this.reminders.claimFailedForRetry(this.clock.now(), this.cfg.staleEnqueuedSeconds * 1000, MAX_REMINDER_ATTEMPTS, RELAY_BATCH);
    await this.retryFailed(failed);
    await this.enqueue(failed);
    if (enqueued) this.logger.debug(`relayed ${enqueued} reminder(s)`);
    if (failed.length) this.logger.log(`${failed.length} failed reminder(s) handed back to the queue`);
    return { enqueued, requeued: stale.length, retried: failed.length, restored };
  }

  private queueStoreWasLost(): Promise<boolean> {
    return queueStoreWasLost(this.queue, this.queues.settings.kind, this.clock.now());
  }

  private async requeueAllEnqueued(): Promise<number> {
    let after: string | null = null;
    let total = 0;
    while (!this.stopping) {
      const rows = await this.reminders.findEnqueuedAfter(after, RELAY_BATCH);
      await this.enqueue(rows);
      total += rows.length;
      if (rows.length < RELAY_BATCH) break;
      after = rows[rows.length - 1].id;
    }
    if (total) this.logger.log(`queue store was empty: ${total} enqueued reminder(s) added again`);
    return total;
  }

  // A job that used up its attempts keeps its id, so re-adding it would do nothing: the failed ones are retried.
  private retryFailed(rows: Array<{ id: string }>): Promise<void> {
    return retryFailedJobs(this.queue, rows, RELAY_BATCH);
  }

  private enqueue(rows: Array<{ id: string; fireAt: Date }>): Promise<void> {
    return addOutboxJobs(this.queue, DELIVER_REMINDER_JOB, rows, this.clock.now().getTime(), (reminderId) => ({ reminderId }));
  }

  // Stop the relay first (waiting for a pass in progress), then the worker, which gets SHUTDOWN_GRACE_MS for its jobs
  // in flight; a job cut off is handed to the next worker by stalled-job recovery.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.relay.stop();
    await closeWorkerWithGrace(this.worker, this.logger);
  }
}
