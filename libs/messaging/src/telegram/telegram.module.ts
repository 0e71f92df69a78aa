import { Module } from '@nestjs/common';
import { ReturneesModule } from '@kaytuu/returnees';
import { telegramChannelProvider, TELEGRAM_CHANNEL } from '../channels/telegram.channel';
import { MessagingModule } from '../messaging.module';
import { ContactService } from './contact.service';
import { TelegramBotRunner } from './telegram-bot.runner';
import { TelegramLinkRepository } from './telegram-link.repository';
import { TelegramLinkService } from './telegram-link.service';
import { TelegramPollStateRepository } from './telegram-poll-state.repository';
import { TelegramUpdateService } from './telegram-update.service';
import { ContactController, TelegramWebhookController } from './telegram.controller';

// The Telegram bot and a returnee's contact settings. The API serves the webhook and the contact routes; the worker
// runs TelegramBotRunner (webhook registration or long polling) and relays through TELEGRAM_CHANNEL (null: off).
@Module({
  imports: [ReturneesModule, MessagingModule],
  controllers: [TelegramWebhookController, ContactController],
  providers: [
    telegramChannelProvider,
    TelegramLinkRepository,
    TelegramPollStateRepository,
    TelegramLinkService,
    TelegramUpdateService,
    ContactService,
    TelegramBotRunner,
  ],
  exports: [TELEGRAM_CHANNEL, TelegramLinkService, TelegramUpdateService, TelegramBotRunner],
})
export class TelegramModule {}
