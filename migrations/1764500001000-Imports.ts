import { MigrationInterface, QueryRunner } from 'typeorm';

// Bulk CSV import of returnees (issue 7): one row per uploaded file and a staging table with one row per CSV line.
// The staging rows carry the raw values, the normalised values ready to insert, the per-field errors and the duplicate
// found, so the preview, the error report and the set-based insert all read the same rows.
export class Imports1764500001000 implements MigrationInterface {
  name = 'Imports1764500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE returnee_import (
      id uuid NOT NULL,
      status text NOT NULL,
      file_name text NOT NULL,
      columns text[] NOT NULL,
      office_id uuid NOT NULL,
      mode text,
      row_count integer NOT NULL DEFAULT 0,
      total integer NOT NULL DEFAULT 0,
      processed integer NOT NULL DEFAULT 0,
      valid integer NOT NULL DEFAULT 0,
      invalid integer NOT NULL DEFAULT 0,
      duplicates integer NOT NULL DEFAULT 0,
      imported integer NOT NULL DEFAULT 0,
      error text,
      created_by uuid NOT NULL,
      created_by_role text NOT NULL,
      created_ip text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      CONSTRAINT returnee_import_pkey PRIMARY KEY (id),
      CONSTRAINT returnee_import_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT returnee_import_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT returnee_import_status_check CHECK (status IN ('validating','preview','importing','done','failed','cancelled')),
      CONSTRAINT returnee_import_mode_check CHECK (mode IS NULL OR mode IN ('all_or_nothing','valid_rows'))
    )`);
    await q.query(`CREATE INDEX returnee_import_office_id_created_at_idx ON returnee_import (office_id, created_at)`);
    // the upload stages its rows before the import row exists (the office may arrive after the file in the form), all
    // in one transaction: the foreign key is checked at commit
    await q.query(`CREATE TABLE import_row (
      import_id uuid NOT NULL,
      line integer NOT NULL,
      raw jsonb NOT NULL,
      "values" jsonb,
      errors jsonb,
      pin text,
      birth_date date,
      skeleton text,
      duplicate_kind text,
      duplicate_of_id uuid,
      duplicate_of_code text,
      duplicate_of_line integer,
      returnee_id uuid,
      CONSTRAINT import_row_pkey PRIMARY KEY (import_id, line),
      CONSTRAINT import_row_import_id_fkey FOREIGN KEY (import_id) REFERENCES returnee_import(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      CONSTRAINT import_row_duplicate_kind_check CHECK (duplicate_kind IS NULL OR duplicate_kind IN ('pin','name_birth_date','file'))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_row`);
    await q.query(`DROP TABLE returnee_import`);
  }
}
