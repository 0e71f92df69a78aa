import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { toString as qrToString } from 'qrcode';
import { DataSource } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { AAD, Actor, appConfig, Clock, CommonError, FieldCipher } from '@kaytuu/shared';
import { TelegramLinkRepository } from './telegram-link.repository';
import { botLanguage, botText } from './telegram-texts';

// a link code works this long, once
export const LINK_CODE_TTL_MS = 15 * 60_000;
// an expired code is kept this long (a late scan still hears "this link has expired", not "unknown"), then deleted
export const EXPIRED_CODE_KEPT_MS = 24 * 3600_000;

export type TelegramLinkDto = { url: string; expiresAt: string; qrSvg: string };
export type RedeemOutcome = { outcome: 'linked' | 'used' | 'expired' | 'unknown'; reply: string };

// Linking a returnee's Telegram chat: the caseworker makes a one-time deep link (t.me/<bot>?start=<code>, shown as a
// QR code); the returnee opens it and Telegram sends "/start <code>" to the bot, which ties that chat to the returnee.
// Only the code's HMAC is stored, the chat id is sealed (AAD message_contact.telegram_chat_id) and found through its
// HMAC. Linking gives no consent: nothing is sent until a caseworker records contact_by_telegram.
@Injectable()
export class TelegramLinkService {
  private readonly log = new Logger('TelegramLink');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    private readonly links: TelegramLinkRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  // The sweep's part (worker, CheckinsProcessor): link codes expired more than EXPIRED_CODE_KEPT_MS ago are deleted,
  // used or not — a code is worth nothing once expired and only its HMAC was ever stored.
  async deleteExpiredCodes(now: Date = this.clock.now()): Promise<number> {
    return this.links.deleteExpiredCodes(this.ds.manager, new Date(now.getTime() - EXPIRED_CODE_KEPT_MS));
  }

  async createLink(actor: Actor, returneeId: string): Promise<TelegramLinkDto> {
    const telegram = this.cfg.telegram;
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
    // 128 random bits in Telegram's start-parameter alphabet (A-Z a-z 0-9 _ -, at most 64 characters)
    const code = randomBytes(16).toString('base64url');
    await this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, returneeId, m);
      if (!telegram) throw CommonError.unprocessable({ telegram: 'the Telegram bot is not configured' }, 'Telegram is off on this server');
      await this.links.expireOpenCodes(m, returnee.id, now);
      await this.links.insertCode(m, { codeHmac: this.cipher.linkCodeHmac(code), returneeId: returnee.id, createdBy: actor.userId, expiresAt });
      await this.audit.record(
        actor,
        { action: 'create', entity: 'telegram_link_code', entityId: null, diff: { returneeId: returnee.id, expiresAt: expiresAt.toISOString() } },
        m,
      );
    });
    const url = `https://t.me/${telegram!.username}?start=${code}`;
    const qrSvg = await qrToString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { url, expiresAt: expiresAt.toISOString(), qrSvg };
  }

  // "/start <code>" from a chat. A retransmitted update (the same chat, the code already used for this returnee by
  // this chat) answers "linked" again rather than "used".
  async redeem(chatId: string, code: string, telegramLanguage?: string): Promise<RedeemOutcome> {
    const now = this.clock.now();
    const chatHmac = this.cipher.telegramChatHmac(chatId);
    return this.ds.transaction(async (m) => {
      const row = /^[A-Za-z0-9_-]{1,64}$/.test(code) ? await this.links.lockCode(m, this.cipher.linkCodeHmac(code)) : null;
      if (!row) {
        this.log.log('Telegram link attempt with an unknown code');
        return { outcome: 'unknown' as const, reply: botText('codeUnknown', botLanguage([], telegramLanguage)) };
      }
      const header = (await this.returnees.planHeadersByIds([row.returneeId], m)).get(row.returneeId);
      const lang = botLanguage(header?.languages ?? [], telegramLanguage);
      if (row.usedAt) {
        const linkedHere = (await this.links.findReturneeByChat(m, chatHmac)) === row.returneeId;
        return linkedHere ? { outcome: 'linked' as const, reply: botText('linked', lang) } : { outcome: 'used' as const, reply: botText('codeUsed', lang) };
      }
      if (row.expiresAt.getTime() <= now.getTime() || !header) return { outcome: 'expired' as const, reply: botText('codeExpired', lang) };
      await this.links.markCodeUsed(m, row.id, now);
      const released = await this.links.linkChat(m, row.returneeId, { enc: this.cipher.encrypt(chatId, AAD.telegramChatId), hmac: chatHmac }, now);
      const system = { userId: null, ip: null };
      await this.audit.record(
        system,
        { action: 'update', entity: 'message_contact', entityId: row.returneeId, diff: { telegramLinked: true, linkCodeId: row.id } },
        m,
      );
      for (const other of released) {
        await this.audit.record(
          system,
          { action: 'update', entity: 'message_contact', entityId: other, diff: { telegramLinked: false, reason: 'chat linked to another returnee' } },
          m,
        );
      }
      return { outcome: 'linked' as const, reply: botText('linked', lang) };
    });
  }

  // Whether this chat belongs to a returnee (a plain /start from a linked chat gets no welcome text).
  async isLinked(chatId: string): Promise<boolean> {
    return (await this.links.findReturneeByChat(this.ds.manager, this.cipher.telegramChatHmac(chatId))) !== null;
  }
}
