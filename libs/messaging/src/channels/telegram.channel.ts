import type { Provider } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Api, GrammyError, HttpError } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { appConfig, type TelegramSettings } from '@kaytuu/shared';
import { ChannelError, type ChannelSendOptions, type ChannelSent, type ChannelState, type MessageChannel } from './message-channel';

// Telegram's limits: a callback_data of at most 64 bytes, a text of at most 4096 characters.
const MAX_CALLBACK_BYTES = 64;
const MAX_TEXT = 4096;

// Inline keyboard: up to three short answers side by side (yes / no / side effects), longer lists one per row.
export function inlineKeyboard(keys: Array<{ label: string; data: string }>): InlineKeyboardButton[][] {
  const buttons = keys.map((k) => {
    if (Buffer.byteLength(k.data, 'utf8') > MAX_CALLBACK_BYTES) {
      throw new ChannelError({ reason: 'telegram_callback_data_too_long', retryable: false });
    }
    return { text: k.label, callback_data: k.data };
  });
  const short = buttons.length <= 3 && buttons.reduce((n, b) => n + b.text.length, 0) <= 24;
  return short ? [buttons] : buttons.map((b) => [b]);
}

// A refusal or a transport failure of the Bot API as the relay understands it. The reason is a fixed code (never the
// chat id or the text, which grammY's error carries in its payload): 429 waits retry_after, 5xx and network failures
// are retried, 403 (the user blocked the bot) and other 4xx are final.
export function toChannelError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof GrammyError) {
    if (err.error_code === 429) {
      const seconds = Number(err.parameters?.retry_after ?? 1);
      return new ChannelError({ reason: 'telegram_429', retryable: true, retryAfterMs: Math.max(1, seconds) * 1000 });
    }
    if (err.error_code >= 500) return new ChannelError({ reason: `telegram_${err.error_code}`, retryable: true });
    if (err.error_code === 403) return new ChannelError({ reason: 'telegram_blocked', retryable: false });
    return new ChannelError({ reason: `telegram_${err.error_code}`, retryable: false });
  }
  if (err instanceof HttpError) return new ChannelError({ reason: 'telegram_unreachable', retryable: true });
  return new ChannelError({ reason: 'telegram_error', retryable: true });
}

// The Telegram side of MessageChannel, through grammY's Api client (its apiRoot points at the test server in tests).
// `to` is the chat id, decrypted by the relay from message_contact; it is never logged here.
export class TelegramChannel implements MessageChannel {
  readonly kind = 'telegram' as const;
  readonly api: Api;
  private last: { ok: boolean; reason?: string; at: Date } | null = null;

  constructor(readonly settings: TelegramSettings) {
    this.api = new Api(settings.token, { apiRoot: settings.apiRoot, timeoutSeconds: 60 });
  }

  async send(to: string, text: string, opts: ChannelSendOptions): Promise<ChannelSent> {
    if (!/^-?\d{1,20}$/.test(to)) throw new ChannelError({ reason: 'telegram_bad_chat', retryable: false });
    const body = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
    const reply_markup = opts.keyboard?.length ? { inline_keyboard: inlineKeyboard(opts.keyboard) } : undefined;
    try {
      const sent = await this.api.sendMessage(to, body, { reply_markup, link_preview_options: { is_disabled: true } });
      this.last = { ok: true, at: new Date() };
      return { providerId: String(sent.message_id), segments: 1 };
    } catch (err) {
      const e = toChannelError(err);
      this.last = { ok: false, reason: e.reason, at: new Date() };
      throw e;
    }
  }

  // Up unless the last call failed for a reason other than the user's chat (a blocked bot says nothing of the channel).
  state(): ChannelState {
    const last = this.last;
    if (!last || last.ok || last.reason === 'telegram_blocked' || last.reason === 'telegram_400') {
      return { up: true, detail: `@${this.settings.username} (${this.settings.mode})` };
    }
    return { up: false, detail: `last call failed: ${last.reason} at ${last.at.toISOString()}` };
  }
}

// The Nest provider: the channel when TELEGRAM_BOT_TOKEN is set, else null (Telegram off).
export const TELEGRAM_CHANNEL = 'TELEGRAM_CHANNEL';
export const telegramChannelProvider: Provider = {
  provide: TELEGRAM_CHANNEL,
  inject: [appConfig.KEY],
  useFactory: (cfg: ConfigType<typeof appConfig>) => (cfg.telegram ? new TelegramChannel(cfg.telegram) : null),
};
