import { MigrationInterface, QueryRunner } from 'typeorm';

// Counselling and visit notes (issue 16): the text sealed by the field cipher (AAD returnee_note.text), a blind index
// of keyed word hashes for search (libs/notes/src/note-search.ts says what it leaks), corrections as new rows pointing
// to the corrected one; no row is ever deleted by the application.
export class ReturneeNotes1764800001000 implements MigrationInterface {
  name = 'ReturneeNotes1764800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE returnee_note (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      case_id uuid,
      kind text NOT NULL,
      note_date date NOT NULL,
      duration_minutes integer NOT NULL DEFAULT 0,
      text_enc text NOT NULL,
      search_tokens text[] NOT NULL DEFAULT '{}',
      confidential boolean NOT NULL DEFAULT false,
      author_id uuid NOT NULL,
      corrects_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz,
      CONSTRAINT returnee_note_pkey PRIMARY KEY (id),
      CONSTRAINT returnee_note_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id) ON DELETE CASCADE,
      CONSTRAINT returnee_note_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id) ON DELETE SET NULL,
      CONSTRAINT returnee_note_author_id_fkey FOREIGN KEY (author_id) REFERENCES app_user(id),
      CONSTRAINT returnee_note_corrects_id_fkey FOREIGN KEY (corrects_id) REFERENCES returnee_note(id),
      CONSTRAINT returnee_note_kind_check CHECK (kind IN ('counselling','home_visit','phone_call','office_visit','other')),
      CONSTRAINT returnee_note_duration_check CHECK (duration_minutes BETWEEN 0 AND 600),
      CONSTRAINT returnee_note_text_sealed_check CHECK (text_enc LIKE 'v1.%')
    )`);
    // a returnee's notes newest first, a case's notes, and the blind-index search (array containment)
    await q.query(`CREATE INDEX returnee_note_returnee_id_note_date_idx ON returnee_note (returnee_id, note_date DESC, created_at DESC)`);
    await q.query(`CREATE INDEX returnee_note_case_id_idx ON returnee_note (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX returnee_note_corrects_id_idx ON returnee_note (corrects_id) WHERE corrects_id IS NOT NULL`);
    await q.query(`CREATE INDEX returnee_note_search_tokens_idx ON returnee_note USING gin (search_tokens)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE returnee_note`);
  }
}
