export { TelegramModule } from './telegram.module';
export { TelegramLinkService, LINK_CODE_TTL_MS, EXPIRED_CODE_KEPT_MS, type TelegramLinkDto } from './telegram-link.service';
export { TelegramUpdateService } from './telegram-update.service';
export { TelegramBotRunner, type TelegramRunnerOptions } from './telegram-bot.runner';
export { CONTACT_CHANNELS, type ContactChannel, type ContactDto } from './contact.dto';
