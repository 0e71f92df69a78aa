import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ChannelRegistry, TELEGRAM_CHANNEL, TelegramBotRunner, TelegramChannel } from '@kaytuu/messaging';

// The Telegram bot's side in the worker: its channel joins the registry the messages relay sends through, and
// TelegramBotRunner registers the webhook (TELEGRAM_MODE=webhook) or long-polls getUpdates (polling). Nothing runs
// when TELEGRAM_BOT_TOKEN is unset (Telegram messages then stay queued).
@Injectable()
export class TelegramBotProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly runner: TelegramBotRunner,
    private readonly channels: ChannelRegistry,
    @Inject(TELEGRAM_CHANNEL) private readonly channel: TelegramChannel | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.channel) return;
    this.channels.register(this.channel);
    await this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.channels.unregister('telegram');
    await this.runner.stop();
  }
}
