import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Update } from 'grammy/types';
import { MessagingService } from '../messaging.service';
import { TELEGRAM_CHANNEL, TelegramChannel } from '../channels/telegram.channel';
import { TelegramLinkService } from './telegram-link.service';
import { botLanguage, botText } from './telegram-texts';

const START = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const isId = (v: unknown) => Number.isSafeInteger(v);
const isChat = (v: unknown) => isObj(v) && isId(v.id) && typeof v.type === 'string';
const isUser = (v: unknown) => isObj(v) && isId(v.id) && (v.language_code === undefined || typeof v.language_code === 'string');
const isMessage = (v: unknown) =>
  isObj(v) &&
  isId(v.message_id) &&
  isId(v.date) &&
  isChat(v.chat) &&
  (v.text === undefined || typeof v.text === 'string') &&
  (v.from === undefined || isUser(v.from));

// The parts of an update the bot reads, checked before any is used (the webhook is reachable by anyone who knows the
// secret; a malformed body answers 400 and touches nothing). Other kinds of updates pass and are ignored.
export function parseUpdate(body: unknown): Update | null {
  if (!isObj(body) || !isId(body.update_id)) return null;
  if (body.message !== undefined && !isMessage(body.message)) return null;
  const q = body.callback_query;
  if (q !== undefined) {
    if (!isObj(q) || typeof q.id !== 'string' || !isUser(q.from)) return null;
    if (q.data !== undefined && typeof q.data !== 'string') return null;
    if (q.message !== undefined && !isMessage(q.message)) return null;
  }
  return body as unknown as Update;
}

// What the bot does with one update, whether it came by webhook (API) or by long polling (worker): "/start <code>"
// links the chat; any other text and every button press go to MessagingService.receive (STOP, answers, replies), with
// the update id as the provider id so a retransmitted update is recorded once. Group chats are ignored. Nothing about
// the chat or the text is logged.
@Injectable()
export class TelegramUpdateService {
  private readonly log = new Logger('TelegramUpdates');

  constructor(
    @Inject(TELEGRAM_CHANNEL) private readonly channel: TelegramChannel | null,
    private readonly links: TelegramLinkService,
    private readonly messaging: MessagingService,
  ) {}

  async handle(update: Update): Promise<void> {
    const providerId = `update:${update.update_id}`;
    const msg = update.message;
    if (msg) {
      if (msg.chat.type !== 'private' || typeof msg.text !== 'string') return;
      const chatId = String(msg.chat.id);
      const start = START.exec(msg.text.trim());
      if (start) {
        const reply = start[1]
          ? (await this.links.redeem(chatId, start[1], msg.from?.language_code)).reply
          : (await this.links.isLinked(chatId))
            ? null
            : botText('welcome', botLanguage([], msg.from?.language_code));
        if (reply) await this.call('sendMessage', () => this.channel?.api.sendMessage(chatId, reply));
        return;
      }
      await this.messaging.receive({ channel: 'telegram', from: { chatId }, text: msg.text, providerId, at: new Date(msg.date * 1000) });
      return;
    }
    const q = update.callback_query;
    if (q) {
      const chat = q.message?.chat;
      if (chat && chat.type !== 'private') return;
      const chatId = String(chat?.id ?? q.from.id);
      if (typeof q.data === 'string') {
        await this.messaging.receive({ channel: 'telegram', from: { chatId }, callbackData: q.data, providerId, at: new Date() });
      }
      // stop the spinner on the button, and take the buttons away so a question is answered once
      await this.call('answerCallbackQuery', () => this.channel?.api.answerCallbackQuery(q.id));
      if (q.message) {
        const messageId = q.message.message_id;
        await this.call('editMessageReplyMarkup', () => this.channel?.api.editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: [] } }));
      }
    }
  }

  // The answer is a courtesy: its failure must not make Telegram deliver the update again (it is already recorded).
  private async call(method: string, fn: () => Promise<unknown> | undefined): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.log.warn(`Telegram ${method} failed: ${err instanceof Error ? err.constructor.name : 'error'}`);
    }
  }
}
