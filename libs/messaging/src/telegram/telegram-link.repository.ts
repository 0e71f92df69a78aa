import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type LinkCodeRow = { id: string; returneeId: string; expiresAt: Date; usedAt: Date | null };
export type ContactRow = {
  returneeId: string;
  telegramChatIdEnc: string | null;
  telegramChatHmac: string | null;
  preferredChannel: 'sms' | 'telegram' | null;
  optedOutAt: Date | null;
  optedOutChannel: 'sms' | 'telegram' | null;
  updatedAt: Date;
};

const CONTACT_COLUMNS = `returnee_id AS "returneeId", telegram_chat_id_enc AS "telegramChatIdEnc", telegram_chat_hmac AS "telegramChatHmac",
  preferred_channel AS "preferredChannel", opted_out_at AS "optedOutAt", opted_out_channel AS "optedOutChannel", updated_at AS "updatedAt"`;

// One-time Telegram link codes (only their HMAC is stored) and the Telegram columns of a returnee's message_contact.
@Injectable()
export class TelegramLinkRepository {
  async insertCode(m: EntityManager, row: { codeHmac: string; returneeId: string; createdBy: string; expiresAt: Date }): Promise<void> {
    await m.query(`INSERT INTO telegram_link_code (code_hmac, returnee_id, created_by, expires_at) VALUES ($1, $2, $3, $4)`, [
      row.codeHmac,
      row.returneeId,
      row.createdBy,
      row.expiresAt,
    ]);
  }

  // locked: two /start with the same code (Telegram's retries, a double tap) are decided one after the other
  async lockCode(m: EntityManager, codeHmac: string): Promise<LinkCodeRow | null> {
    const rows: LinkCodeRow[] = await m.query(
      `SELECT id, returnee_id AS "returneeId", expires_at AS "expiresAt", used_at AS "usedAt" FROM telegram_link_code WHERE code_hmac = $1 FOR UPDATE`,
      [codeHmac],
    );
    return rows[0] ?? null;
  }

  async markCodeUsed(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE telegram_link_code SET used_at = $2 WHERE id = $1 AND used_at IS NULL`, [id, at]);
  }

  // codes still open for this returnee end when another is made or the chat is linked: one live code at a time
  async expireOpenCodes(m: EntityManager, returneeId: string, at: Date): Promise<void> {
    await m.query(`UPDATE telegram_link_code SET expires_at = $2 WHERE returnee_id = $1 AND used_at IS NULL AND expires_at > $2`, [returneeId, at]);
  }

  // Codes that expired before `before` (used or not), in one statement; answers how many.
  async deleteExpiredCodes(m: EntityManager, before: Date): Promise<number> {
    const [, n] = (await m.query(`DELETE FROM telegram_link_code WHERE expires_at < $1`, [before])) as [unknown, number];
    return n;
  }

  async findContact(m: EntityManager, returneeId: string, lock = false): Promise<ContactRow | null> {
    const rows: ContactRow[] = await m.query(`SELECT ${CONTACT_COLUMNS} FROM message_contact WHERE returnee_id = $1${lock ? ' FOR UPDATE' : ''}`, [returneeId]);
    return rows[0] ?? null;
  }

  async findReturneeByChat(m: EntityManager, chatHmac: string): Promise<string | null> {
    const rows: Array<{ returneeId: string }> = await m.query(`SELECT returnee_id AS "returneeId" FROM message_contact WHERE telegram_chat_hmac = $1`, [
      chatHmac,
    ]);
    return rows[0]?.returneeId ?? null;
  }

  // A chat belongs to one returnee: linking it here unlinks it from whoever had it (a shared phone handed on).
  async linkChat(m: EntityManager, returneeId: string, chat: { enc: string; hmac: string }, at: Date): Promise<string[]> {
    const released: Array<{ returneeId: string }> = await m.query(
      `UPDATE message_contact SET telegram_chat_id_enc = NULL, telegram_chat_hmac = NULL,
         preferred_channel = CASE WHEN preferred_channel = 'telegram' THEN NULL ELSE preferred_channel END, updated_at = $3
       WHERE telegram_chat_hmac = $2 AND returnee_id <> $1 RETURNING returnee_id AS "returneeId"`,
      [returneeId, chat.hmac, at],
    );
    // linking makes Telegram the preferred channel unless the caseworker chose one (consent is still needed to send)
    await m.query(
      `INSERT INTO message_contact (returnee_id, telegram_chat_id_enc, telegram_chat_hmac, preferred_channel, updated_at)
       VALUES ($1, $2, $3, 'telegram', $4)
       ON CONFLICT (returnee_id) DO UPDATE SET telegram_chat_id_enc = EXCLUDED.telegram_chat_id_enc,
         telegram_chat_hmac = EXCLUDED.telegram_chat_hmac,
         preferred_channel = COALESCE(message_contact.preferred_channel, 'telegram'), updated_at = EXCLUDED.updated_at`,
      [returneeId, chat.enc, chat.hmac, at],
    );
    return released.map((r) => r.returneeId);
  }

  async updateContact(
    m: EntityManager,
    returneeId: string,
    patch: { preferredChannel?: 'sms' | 'telegram' | null; unlinkTelegram?: boolean },
    at: Date,
  ): Promise<void> {
    const unlink = patch.unlinkTelegram === true;
    await m.query(
      `INSERT INTO message_contact (returnee_id, preferred_channel, updated_at) VALUES ($1, $2, $4)
       ON CONFLICT (returnee_id) DO UPDATE SET
         preferred_channel = CASE WHEN $3 THEN $2 ELSE message_contact.preferred_channel END,
         telegram_chat_id_enc = CASE WHEN $5 THEN NULL ELSE message_contact.telegram_chat_id_enc END,
         telegram_chat_hmac = CASE WHEN $5 THEN NULL ELSE message_contact.telegram_chat_hmac END,
         updated_at = $4`,
      [returneeId, patch.preferredChannel ?? null, patch.preferredChannel !== undefined, at, unlink],
    );
  }
}
