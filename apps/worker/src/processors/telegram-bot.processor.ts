import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { TelegramBotRunner } from '@kaytuu/messaging';

// The Telegram bot's side in the worker (TelegramBotRunner): registers the webhook (TELEGRAM_MODE=webhook) or long-polls
// getUpdates (polling). Nothing runs when TELEGRAM_BOT_TOKEN is unset. Sending goes through the messages relay.
@Injectable()
export class TelegramBotProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly runner: TelegramBotRunner) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
