import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

// The next getUpdates offset per bot (polling mode); it only moves forward.
@Injectable()
export class TelegramPollStateRepository {
  async findOffset(m: EntityManager, botId: number): Promise<number | undefined> {
    const rows: Array<{ offset: string }> = await m.query(`SELECT update_offset AS "offset" FROM telegram_poll_state WHERE bot_id = $1`, [botId]);
    return rows[0] ? Number(rows[0].offset) : undefined;
  }

  async saveOffset(m: EntityManager, botId: number, offset: number): Promise<void> {
    await m.query(
      `INSERT INTO telegram_poll_state (bot_id, update_offset, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (bot_id) DO UPDATE SET update_offset = GREATEST(telegram_poll_state.update_offset, EXCLUDED.update_offset), updated_at = now()`,
      [botId, offset],
    );
  }
}
