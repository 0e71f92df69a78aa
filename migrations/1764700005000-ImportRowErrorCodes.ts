import { MigrationInterface, QueryRunner } from 'typeorm';

// A staged line's field problems keep their codes and params beside the English texts ({column: {code, params?}}), so
// the error report says them in the reader's language. Lines checked before keep error_codes null: the report reads
// their codes from the texts (field-codes.ts), else says "check this value".
export class ImportRowErrorCodes1764700005000 implements MigrationInterface {
  name = 'ImportRowErrorCodes1764700005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_row ADD COLUMN error_codes jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_row DROP COLUMN error_codes`);
  }
}
