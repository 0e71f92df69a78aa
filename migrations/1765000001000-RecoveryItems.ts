import { MigrationInterface, QueryRunner } from 'typeorm';

// Recovery of lost identity and work papers (issue 17): one row per document being got back for a returnee — which
// paper (a recoverable document type, and the country that issues it), from which authority, when it was requested and
// is expected, its status, the follow-up that chases it (on one of the returnee's cases) and, once received, the
// uploaded document. The note is sealed by the field cipher (AAD recovery_item.note). Rows are never deleted by the
// application. The report 'documents-recovered' reads received rows (requested_on → received_on).
export class RecoveryItems1765000001000 implements MigrationInterface {
  name = 'RecoveryItems1765000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE recovery_item (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      case_id uuid,
      document_type text NOT NULL,
      country text,
      authority text NOT NULL,
      authority_name text,
      requested_on date,
      expected_on date,
      status text NOT NULL DEFAULT 'to_request',
      document_id uuid,
      received_on date,
      follow_up_id uuid,
      note_enc text,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CONSTRAINT recovery_item_pkey PRIMARY KEY (id),
      CONSTRAINT recovery_item_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT recovery_item_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT recovery_item_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT recovery_item_document_id_fkey FOREIGN KEY (document_id) REFERENCES document(id),
      CONSTRAINT recovery_item_follow_up_id_fkey FOREIGN KEY (follow_up_id) REFERENCES follow_up(id),
      CONSTRAINT recovery_item_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT recovery_item_document_type_check CHECK (document_type IN ('passport','id_card','birth_certificate','work_book',
        'employment_contract','payslip','foreign_pension_statement')),
      CONSTRAINT recovery_item_authority_check CHECK (authority IN ('passport_office','former_employer','foreign_pension_fund','consulate','other')),
      CONSTRAINT recovery_item_status_check CHECK (status IN ('to_request','requested','received','refused')),
      CONSTRAINT recovery_item_country_check CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
      CONSTRAINT recovery_item_authority_name_check CHECK (authority_name IS NULL OR char_length(authority_name) BETWEEN 1 AND 200),
      CONSTRAINT recovery_item_dates_check CHECK (expected_on IS NULL OR requested_on IS NULL OR expected_on >= requested_on),
      CONSTRAINT recovery_item_requested_check CHECK (status NOT IN ('requested','refused') OR requested_on IS NOT NULL),
      CONSTRAINT recovery_item_received_check CHECK ((status = 'received') = (document_id IS NOT NULL AND received_on IS NOT NULL)),
      CONSTRAINT recovery_item_note_sealed_check CHECK (note_enc IS NULL OR note_enc LIKE 'v1.%')
    )`);
    await q.query(`CREATE INDEX recovery_item_returnee_idx ON recovery_item (returnee_id, created_at DESC)`);
    await q.query(`CREATE INDEX recovery_item_office_status_idx ON recovery_item (office_id, status)`);
    await q.query(`CREATE INDEX recovery_item_received_idx ON recovery_item (received_on) WHERE status = 'received'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recovery_item`);
  }
}
