import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import DataLoader from 'dataloader';
import { appConfig, Clock, createWorker, QUEUE_NAMES, QueueBackendKind, Queues } from '@kaytuu/shared';
import {
  ChannelError,
  ChannelRegistry,
  MessagingService,
  messagingConfig,
  SmppChannel,
  TEMPLATES,
  type ChannelSentRecord,
  type ClaimedMessage,
  type PreparedMessage,
} from '@kaytuu/messaging';
import { IntervalLoop } from './interval-loop';
import { addOutboxJobs, queueStoreWasLost, UUID_RE } from './outbox-queue';
import { closeWorkerWithGrace } from './worker-shutdown';

export const SEND_MESSAGE_JOB = 'send';
// Only the message id travels through the queue: no numbers, chat ids or texts in Redis or in logs.
export type MessageJobData = { messageId: string };
export type SendOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

// rows per claim/add round; a tick drains at most RELAY_MAX_ROUNDS rounds so shutdown never waits long for it
const RELAY_BATCH = 1000;
const RELAY_MAX_ROUNDS = 20;
// backoff of a message a channel refused for now: MESSAGES_RETRY_BASE_MS (10 s), then twice as long each attempt,
// capped at 30 min (a provider's retry_after / ESME_RTHROTTLED pause wins when longer)
const RETRY_MAX_MS = 30 * 60_000;
// Telegram messages sent at once (the Bot API allows about 30 a second)
const TELEGRAM_SLOTS = 8;
// Jobs in flight beyond the channels' slots, waiting for one (fetched ahead so a freed slot is taken at once, with no
// queue round trip in between): per backend, as the reminders' (bench/messages.mjs on 2 cores).
const WAITING_JOBS: Record<QueueBackendKind, number> = { redis: 100, postgres: 40 };
// The reads, claims and 'sent' updates of the jobs in flight go to the database together (DataLoader, as the
// reminders relay batches its deliveries): the ids asked for within BATCH_WINDOW_MS, at most BATCH_MAX. What to send
// to whom is read (MessagingService.prepareForSend) before a job waits for a slot, in batches as large as the jobs
// fetched; while it holds one, a job costs its share of one claim statement and of one 'sent' update. A claim batch is
// never larger than the slots held, so a killed worker leaves at most the SMPP window 'sending' (outcome unknown).
const BATCH_WINDOW_MS = 2;
// what was read of a message before its job waited for a slot is read again after a wait longer than this
const PREPARED_FOR_MS = 2000;
const BATCH_MAX = 200;
// jobs of a message are removed once done: a message put back to 'queued' gets a new job
const JOB_OPTS = { removeOnComplete: true, removeOnFail: { count: 1000 }, attempts: 3 };

// Consumer of the 'messages' queue and the relay of the message outbox (libs/messaging), the same outbox pattern as
// the reminders: the relay marks due rows handed over (claimed_at) and adds delayed jobs whose id is the message id;
// the consumer claims the row ('sending', attempt counted) in a committed transaction before the protocol call, then
// records 'sent' with the provider's id and the segments. Jobs in flight are batched: one lookup, one claim transaction
// and one 'sent' update for the messages that reach that step together; the submit_sm of the claimed messages are
// pipelined within the SMPP window (a slot is held from the claim to the commit of 'sent'). A row still 'sending' after MESSAGES_SENDING_LEASE_SECONDS
// belongs to a worker that died mid-send: it is settled as failed 'outcome_unknown', never sent a second time
// (README "Reaching the returnee: SMS"). This process holds the channels: the SMPP bind when SMPP_URL is set.
@Injectable()
export class MessagesProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MessagesProcessor');
  private worker: Worker<MessageJobData, SendOutcome> | null = null;
  private readonly relay: IntervalLoop;
  private sms: SmppChannel | null = null;
  private stopping = false;
  private readonly slots: Record<'sms' | 'telegram', Slots>;
  private readonly prepared: DataLoader<string, (PreparedMessage & { at: number }) | null>;
  private readonly claims: DataLoader<string, { attempts: number; fireAt: Date } | null>;
  private readonly sentUpdates: DataLoader<{ id: string } & ChannelSentRecord, boolean>;

  constructor(
    private readonly queues: Queues,
    private readonly messaging: MessagingService,
    private readonly channels: ChannelRegistry,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    @Inject(messagingConfig.KEY) private readonly mcfg: ConfigType<typeof messagingConfig>,
  ) {
    this.slots = { sms: new Slots(mcfg.smpp?.window ?? 1), telegram: new Slots(TELEGRAM_SLOTS) };
    const batching = { cache: false, maxBatchSize: BATCH_MAX, batchScheduleFn: (run: () => void) => setTimeout(run, BATCH_WINDOW_MS) };
    this.prepared = new DataLoader(async (ids) => {
      const at = Date.now();
      const prepared = await this.messaging.prepareForSend([...ids], this.channels.kinds());
      return ids.map((id) => {
        const p = prepared.get(id);
        return p ? { ...p, at } : null;
      });
    }, batching);
    // a job holding a slot does not wait for a timer: its claim and its 'sent' update join the batch of the jobs that
    // reached the same step in the same turn of the event loop (slots are freed together, by one 'sent' update)
    const inSlot = { cache: false, maxBatchSize: BATCH_MAX };
    // Two jobs of one message can reach the claim in the same batch (a retry's own job and the relay's hand-over of a
    // row it found stale): the claim is the first one's only, the other skips, as it would on its own statement.
    this.claims = new DataLoader(async (ids) => {
      const claimed = await this.messaging.claimPrepared([...ids]);
      return ids.map((id, i) => (ids.indexOf(id) === i ? (claimed.get(id) ?? null) : null));
    }, inSlot);
    this.sentUpdates = new DataLoader(async (rows) => {
      const recorded = await this.messaging.markSentMany([...rows]);
      return rows.map((r) => recorded.has(r.id));
    }, inSlot);
    this.relay = new IntervalLoop(
      cfg.relayIntervalMs,
      async () => void (await this.relayOnce()),
      (err) => this.logger.warn(`message relay failed, retrying on the next tick: ${err instanceof Error ? err.message : 'unknown error'}`),
    );
  }

  private get queue(): Queue<MessageJobData> {
    return this.queues.get(QUEUE_NAMES.messages) as Queue<MessageJobData>;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.mcfg.smpp) {
      this.sms = new SmppChannel(
        this.mcfg.smpp,
        {
          onReceipt: (r) => this.messaging.markDelivered('sms', r.providerId, { delivered: r.delivered, reason: r.reason, at: r.at }),
          onMo: async (mo) =>
            void (await this.messaging.receive({ channel: 'sms', from: { phone: mo.from }, text: mo.text, providerId: mo.providerId, at: mo.at })),
        },
        { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
      );
      this.channels.register(this.sms);
      this.sms.start();
    } else {
      this.logger.log('SMS channel off (SMPP_URL is not set): SMS messages stay queued');
    }
    this.queue.on('error', (err) => this.logger.error(`messages queue: ${err.message}`));
    // enough jobs in flight to fill the SMPP window and Telegram's slots (a job waits for its channel's slot)
    const concurrency = (this.mcfg.smpp?.window ?? 0) + TELEGRAM_SLOTS + WAITING_JOBS[this.queues.settings.kind];
    this.worker = createWorker<MessageJobData, SendOutcome>(QUEUE_NAMES.messages, (job) => this.process(job), this.queues.settings, {
      concurrency,
      lockDuration: this.cfg.jobLockSeconds * 1000,
      stalledInterval: this.cfg.jobLockSeconds * 1000,
    });
    this.worker.on('error', (err) => this.logger.error(`messages worker: ${err.message}`));
    this.worker.on('failed', (job, err) => this.logger.warn(`message job #${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
    await this.worker.waitUntilReady();
    this.relay.start();
    this.logger.log(`Processing queue '${QUEUE_NAMES.messages}' on the ${this.queues.settings.kind} backend (concurrency ${concurrency})`);
  }

  isRunning(): boolean {
    return (this.worker?.isRunning() ?? false) && this.relay.isRunning();
  }

  async process(job: Job<MessageJobData>): Promise<SendOutcome> {
    const id = job.data?.messageId;
    if (job.name !== SEND_MESSAGE_JOB) throw new UnrecoverableError(`No handler for job '${job.name}' on queue '${QUEUE_NAMES.messages}'`);
    if (typeof id !== 'string' || !UUID_RE.test(id)) throw new UnrecoverableError('message job without a valid messageId');
    let prepared = await this.prepared.load(id);
    if (!prepared || !this.channels.get(prepared.channel)) return 'skipped';
    // a message is claimed only once there is room to send it at once: the rows a killed worker leaves 'sending'
    // (outcome unknown) are at most the channel's window
    const slot = this.slots[prepared.channel];
    await slot.acquire();
    try {
      // read again what a long wait for room may have made stale (the returnee's consent, opt-out, number)
      if (Date.now() - prepared.at > PREPARED_FOR_MS) prepared = await this.prepared.load(id);
      return prepared ? await this.sendClaimed(prepared) : 'skipped';
    } finally {
      slot.release();
    }
  }

  private async sendClaimed(prepared: PreparedMessage): Promise<SendOutcome> {
    const id = prepared.id;
    const claim = await this.claims.load(id);
    if (!claim) return 'skipped';
    const claimed: ClaimedMessage = { ...prepared, ...claim };
    const channel = this.channels.get(claimed.channel);
    if (!channel) return this.retry(claimed, 'channel_off');
    let sent;
    try {
      sent = await channel.send(claimed.to, claimed.text, { messageId: claimed.id, keyboard: keyboardOf(claimed) });
    } catch (e) {
      if (e instanceof ChannelError && !e.retryable) {
        await this.messaging.markFailed(id, e.reason);
        return 'failed';
      }
      return this.retry(claimed, e instanceof ChannelError ? e.reason : 'internal_error', e instanceof ChannelError ? e.retryAfterMs : undefined);
    }
    // the provider has the message: recording it must not be given up on a database hiccup
    for (let attempt = 0; ; attempt++) {
      try {
        await this.sentUpdates.load({ id, ...sent });
        return 'sent';
      } catch (e) {
        if (attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  private async retry(m: ClaimedMessage, reason: string, retryAfterMs?: number): Promise<SendOutcome> {
    const backoff = Math.min(this.mcfg.retryBaseMs * 2 ** Math.max(0, m.attempts - 1), RETRY_MAX_MS);
    const retryAt = new Date(this.clock.now().getTime() + Math.max(backoff, retryAfterMs ?? 0));
    const status = await this.messaging.markRetry(m.id, reason, retryAt);
    if (status !== 'queued') return 'failed';
    // a job of its own (the running one still holds the message id)
    await this.queue.add(SEND_MESSAGE_JOB, { messageId: m.id }, { ...JOB_OPTS, jobId: `${m.id}-r${m.attempts}`, delay: retryAt.getTime() - Date.now() });
    return 'retry';
  }

  // One relay pass: expire, settle the abandoned, then hand the due rows of the channels this worker holds to the queue.
  async relayOnce(): Promise<{ enqueued: number; expired: number; abandoned: number }> {
    const now = this.clock.now();
    if (await queueStoreWasLost(this.queue, this.queues.settings.kind, now)) {
      const n = await this.messaging.forgetRelayed();
      if (n) this.logger.log(`queue store was empty: ${n} queued message(s) handed over again`);
    }
    const expired = await this.messaging.markExpired(now);
    const abandoned = await this.messaging.settleAbandoned(now);
    if (abandoned) this.logger.warn(`${abandoned} message(s) left 'sending' by a stopped worker marked failed (outcome unknown)`);
    const kinds = this.channels.kinds();
    let enqueued = 0;
    for (let round = 0; round < RELAY_MAX_ROUNDS && !this.stopping && kinds.length; round++) {
      const t = this.clock.now();
      const due = await this.messaging.claimDueForRelay(
        new Date(t.getTime() + this.cfg.relayHorizonSeconds * 1000),
        kinds,
        new Date(t.getTime() - this.cfg.staleEnqueuedSeconds * 1000),
        RELAY_BATCH,
      );
      await addOutboxJobs(this.queue, SEND_MESSAGE_JOB, due, t.getTime(), (messageId) => ({ messageId }), JOB_OPTS);
      enqueued += due.length;
      if (due.length < RELAY_BATCH) break;
    }
    return { enqueued, expired, abandoned };
  }

  // Stop the relay, then the consumer (jobs in flight get their grace), then the channels (unbind).
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.relay.stop();
    await closeWorkerWithGrace(this.worker, this.logger);
    if (this.sms) {
      this.channels.unregister('sms');
      await this.sms.stop();
    }
  }
}

// Answer buttons of a template (Telegram inline keyboard), in the message's language.
type Button = { data: string; label: Record<string, string> };
function keyboardOf(m: ClaimedMessage): Array<{ label: string; data: string }> | undefined {
  if (m.channel !== 'telegram' || !m.templateKey) return undefined;
  const buttons = (TEMPLATES[m.templateKey] as { buttons?: Button[] } | undefined)?.buttons;
  if (!buttons?.length) return undefined;
  return buttons.map((b) => ({ label: b.label[m.language ?? 'ru'] ?? b.data, data: b.data }));
}

// A counting semaphore: at most `size` holders at a time, the others wait in turn.
class Slots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}
