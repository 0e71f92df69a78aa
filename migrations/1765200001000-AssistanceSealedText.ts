import { MigrationInterface, QueryRunner } from 'typeorm';

// The free text of an assistance item (why it is given, why it was rejected or cancelled, what the monitoring visit
// found) can carry a person's health or family situation: sealed by the field cipher like recovery notes (AAD
// assistance_item.<column>), re-sealed by rotate-keys. The table was created empty a moment before (1765200000000).
export class AssistanceSealedText1765200001000 implements MigrationInterface {
  name = 'AssistanceSealedText1765200001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assistance_item DROP CONSTRAINT assistance_item_justification_check`);
    for (const col of ['justification', 'rejection_reason', 'verification_note', 'cancel_reason']) {
      await q.query(`ALTER TABLE assistance_item RENAME COLUMN ${col} TO ${col}_enc`);
      await q.query(`ALTER TABLE assistance_item ADD CONSTRAINT assistance_item_${col}_sealed_check CHECK (${col}_enc IS NULL OR ${col}_enc LIKE 'v1.%')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const col of ['justification', 'rejection_reason', 'verification_note', 'cancel_reason']) {
      await q.query(`ALTER TABLE assistance_item DROP CONSTRAINT assistance_item_${col}_sealed_check`);
      await q.query(`ALTER TABLE assistance_item RENAME COLUMN ${col}_enc TO ${col}`);
    }
    await q.query(`ALTER TABLE assistance_item ADD CONSTRAINT assistance_item_justification_check CHECK (char_length(justification) BETWEEN 1 AND 4000)`);
  }
}
