import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Update } from 'grammy/types';
import { DataSource } from 'typeorm';
import { appConfig } from '@kaytuu/shared';
import { TELEGRAM_CHANNEL, TelegramChannel, toChannelError } from '../channels/telegram.channel';
import { TelegramPollStateRepository } from './telegram-poll-state.repository';
import { TelegramUpdateService } from './telegram-update.service';

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
// an update whose handling keeps failing is skipped after this many tries (logged), so one bad update cannot stop the bot
const MAX_TRIES_PER_UPDATE = 5;

export type TelegramRunnerOptions = { pollTimeoutSeconds?: number; backoffMs?: number };

// The worker's side of the bot. Webhook mode: tells Telegram where the webhook is (PUBLIC_URL/api/telegram/webhook/
// <secret>, with the secret token header). Polling mode (no public URL): drops any webhook and long-polls getUpdates,
// handing each update to TelegramUpdateService and saving the next offset in telegram_poll_state after each one, so a
// restarted worker resumes where it stopped; an update handled but not yet confirmed when the worker died comes again
// and is recorded once (MessagingService.receive is idempotent by update id).
@Injectable()
export class TelegramBotRunner {
  private readonly log = new Logger('TelegramBot');
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    @Inject(TELEGRAM_CHANNEL) private readonly channel: TelegramChannel | null,
    private readonly updates: TelegramUpdateService,
    private readonly pollState: TelegramPollStateRepository,
  ) {}

  async start(opts: TelegramRunnerOptions = {}): Promise<void> {
    const channel = this.channel;
    if (!channel || this.loop) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    if (channel.settings.mode === 'webhook') {
      this.loop = this.untilDone(signal, opts.backoffMs ?? 5000, async () => {
        await channel.api.setWebhook(`${this.cfg.publicUrl}/api/telegram/webhook/${channel.settings.webhookSecret}`, {
          secret_token: channel.settings.webhookSecret,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        this.log.log('Telegram webhook registered');
      });
      return;
    }
    this.loop = this.untilDone(signal, opts.backoffMs ?? 5000, async () => {
      await channel.api.deleteWebhook({ drop_pending_updates: false });
    }).then(() => this.poll(channel, signal, opts));
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = null;
    this.abort = null;
  }

  private async poll(channel: TelegramChannel, signal: AbortSignal, opts: TelegramRunnerOptions): Promise<void> {
    const botId = Number(channel.settings.token.split(':')[0]);
    let offset = await this.pollState.findOffset(this.ds.manager, botId);
    const tries = new Map<number, number>();
    while (!signal.aborted) {
      let batch: Update[];
      try {
        batch = await channel.api.getUpdates({ offset, timeout: opts.pollTimeoutSeconds ?? 25, allowed_updates: [...ALLOWED_UPDATES] }, grammySignal(signal));
      } catch (err) {
        if (signal.aborted) return;
        this.log.warn(`Telegram getUpdates failed (${toChannelError(err).reason}); retrying`);
        await pause(toChannelError(err).retryAfterMs ?? opts.backoffMs ?? 5000, signal);
        continue;
      }
      for (const update of batch) {
        try {
          await this.updates.handle(update);
        } catch (err) {
          const n = (tries.get(update.update_id) ?? 0) + 1;
          tries.set(update.update_id, n);
          if (n < MAX_TRIES_PER_UPDATE) {
            this.log.warn(`Telegram update could not be handled (try ${n}): ${err instanceof Error ? err.constructor.name : 'error'}`);
            await pause(opts.backoffMs ?? 5000, signal);
            break;
          }
          this.log.error(`Telegram update ${update.update_id} skipped after ${n} tries`);
        }
        tries.delete(update.update_id);
        offset = update.update_id + 1;
        await this.pollState.saveOffset(this.ds.manager, botId, offset);
      }
    }
  }

  private async untilDone(signal: AbortSignal, backoffMs: number, fn: () => Promise<void>): Promise<void> {
    while (!signal.aborted) {
      try {
        return await fn();
      } catch (err) {
        this.log.warn(`Telegram call failed (${toChannelError(err).reason}); retrying`);
        await pause(toChannelError(err).retryAfterMs ?? backoffMs, signal);
      }
    }
  }
}

// grammY types its signal with the abort-controller package's class; Node's own AbortSignal is what it uses at run time
const grammySignal = (s: AbortSignal) => s as unknown as Parameters<TelegramChannel['api']['getUpdates']>[1];

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
