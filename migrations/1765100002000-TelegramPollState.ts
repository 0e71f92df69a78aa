import { MigrationInterface, QueryRunner } from 'typeorm';

// The Telegram bot in polling mode (issue 18): the next getUpdates offset per bot, saved after each handled update so
// a restarted worker neither replays nor skips updates.
export class TelegramPollState1765100002000 implements MigrationInterface {
  name = 'TelegramPollState1765100002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE telegram_poll_state (
      bot_id bigint NOT NULL,
      update_offset bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT telegram_poll_state_pkey PRIMARY KEY (bot_id),
      CONSTRAINT telegram_poll_state_offset_check CHECK (update_offset >= 0)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telegram_poll_state`);
  }
}
