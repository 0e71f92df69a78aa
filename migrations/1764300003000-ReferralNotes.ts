import { MigrationInterface, QueryRunner } from 'typeorm';

// Service notes on a referral, written by the organisation's staff or the case side (SPEC: NGO staff add service notes).
export class ReferralNotes1764300003000 implements MigrationInterface {
  name = 'ReferralNotes1764300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE referral_note (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      referral_id uuid NOT NULL,
      author_id uuid NOT NULL,
      side text NOT NULL,
      text text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT referral_note_pkey PRIMARY KEY (id),
      CONSTRAINT referral_note_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES referral(id) ON DELETE CASCADE,
      CONSTRAINT referral_note_author_id_fkey FOREIGN KEY (author_id) REFERENCES app_user(id),
      CONSTRAINT referral_note_side_check CHECK (side IN ('organization','office')),
      CONSTRAINT referral_note_text_check CHECK (length(text) BETWEEN 1 AND 4000)
    )`);
    await q.query(`CREATE INDEX referral_note_referral_idx ON referral_note (referral_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_note`);
  }
}
