import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { appConfig, Clock, createWorker, QUEUE_NAMES, Queues } from '@kaytuu/shared';
import { FollowUpService, ReminderService } from '@kaytuu/follow-ups';
import { IntervalLoop } from './interval-loop';
import { SHUTDOWN_GRACE_MS } from './heartbeat.processor';

export const DELIVER_REMINDER_JOB = 'deliver';
// Only the outbox row's id travels through the queue: no names, phones or case details in Redis or in logs.
export type ReminderJobData = { reminderId: string };
export type DeliveryOutcome = Awaited<ReturnType<ReminderService['deliver']>>;

export type RemindersProcessorOptions = { concurrency?: number; escalationEveryMs?: number };
export const REMINDERS_PROCESSOR_OPTIONS = Symbol('REMINDERS_PROCESSOR_OPTIONS');

export const REMINDER_CONCURRENCY = 50;
export const ESCALATION_EVERY_MS = 60_000;
// rows per claim/add round; a tick drains at most RELAY_MAX_ROUNDS rounds so shutdown never waits long for it
const RELAY_BATCH = 1000;
const RELAY_MAX_ROUNDS = 20;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  private readonly escalation: IntervalLoop;
  private readonly concurrency: number;
  private stopping = false;

  constructor(
    private readonly queues: Queues,
    private readonly reminders: ReminderService,
    private readonly followUps: FollowUpService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    @Optional() @Inject(REMINDERS_PROCESSOR_OPTIONS) opts: RemindersProcessorOptions | null,
  ) {
    this.concurrency = opts?.concurrency ?? REMINDER_CONCURRENCY;
    const warn = (what: string) => (err: unknown) => this.logger.warn(`${what} failed, retrying on the next tick: ${err instanceof Error ? err.message : 'unknown error'}`);
    this.relay = new IntervalLoop(cfg.relayIntervalMs, async () => void (await this.relayOnce()), warn('reminder relay'));
    this.escalation = new IntervalLoop(opts?.escalationEveryMs ?? ESCALATION_EVERY_MS, async () => void (await this.escalateOnce()), warn('escalation'));
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
    this.worker.on('failed', (job, err) => this.logger.warn(`reminder job #${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
    await this.worker.waitUntilReady();
    this.relay.start();
    this.escalation.start();
    this.logger.log(`Processing queue '${QUEUE_NAMES.reminders}' on the ${this.queues.settings.kind} backend (concurrency ${this.concurrency}); relay every ${this.cfg.relayIntervalMs} ms`);
  }

  isRunning(): boolean {
    return (this.worker?.isRunning() ?? false) && this.relay.isRunning();
  }

  async process(job: Job<ReminderJobData>): Promise<DeliveryOutcome> {
    const reminderId = job.data?.reminderId;
    if (job.name !== DELIVER_REMINDER_JOB) throw new UnrecoverableError(`No handler for job '${job.name}' on queue '${QUEUE_NAMES.reminders}'`);
    // a malformed payload fails the same way on every attempt: do not retry it
    if (typeof reminderId !== 'string' || !UUID_RE.test(reminderId)) throw new UnrecoverableError('reminder job without a valid reminderId');
    return this.reminders.deliver(reminderId);
  }

  // One relay pass: claim the due-soon outbox rows and add their jobs, then re-add the stale ones.
  async relayOnce(): Promise<{ enqueued: number; requeued: number }> {
    const horizonMs = this.cfg.relayHorizonSeconds * 1000;
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
    if (enqueued) this.logger.debug(`relayed ${enqueued} reminder(s)`);
    return { enqueued, requeued: stale.length };
  }

  async escalateOnce(): Promise<number> {
    const missed = await this.followUps.escalateOverdue(this.clock.now());
    if (missed) this.logger.log(`${missed} follow-up(s) marked missed`);
    return missed;
  }

  // A job that used up its attempts (e.g. a long database outage) keeps its id, so re-adding it would do nothing and the
  // reminder would stay undelivered: the failed ones among the stale rows are retried instead (one lookup per tick).
  private async retryFailed(stale: Array<{ id: string }>): Promise<void> {
    if (stale.length === 0) return;
    const ids = new Set(stale.map((r) => r.id));
    const failed = await this.queue.getJobs(['failed'], 0, RELAY_BATCH - 1);
    for (const job of failed) if (job.id && ids.has(job.id)) await job.retry('failed');
  }

  // jobId = reminder id: BullMQ (both backends) ignores an add whose id exists, so re-adding is safe
  private async enqueue(rows: Array<{ id: string; fireAt: Date }>): Promise<void> {
    if (rows.length === 0) return;
    const now = this.clock.now().getTime();
    await this.queue.addBulk(rows.map((r) => ({
      name: DELIVER_REMINDER_JOB,
      data: { reminderId: r.id },
      opts: { jobId: r.id, delay: Math.max(0, r.fireAt.getTime() - now) },
    })));
  }

  // Stop the relay and the escalation tick first (waiting for a pass in progress), then the worker, which gets
  // SHUTDOWN_GRACE_MS for its jobs in flight; a job cut off is handed to the next worker by stalled-job recovery.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.relay.stop(), this.escalation.stop()]);
    const worker = this.worker;
    if (!worker) return;
    const finished = await Promise.race([worker.close().then(() => true), delay(SHUTDOWN_GRACE_MS).then(() => false)]);
    if (!finished) {
      this.logger.warn(`Reminder jobs in flight did not finish within ${SHUTDOWN_GRACE_MS / 1000} s; closing the worker anyway`);
      await worker.close(true);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
