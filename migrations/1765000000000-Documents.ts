import { MigrationInterface, QueryRunner } from 'typeorm';

// Documents (issue 17): a returnee's files (scans of papers, signed forms, photos), each attached to the returnee and
// optionally to one of its cases, referrals or plans. A document is the metadata; its bytes are versions, each ONE
// encrypted object in the file store (libs/shared/src/storage): the object key is a random id (no personal data), the
// data key of the object is wrapped by DATA_KEYS (wrapped_key, re-wrapped by the rotation command). Images also have
// a thumbnail object. Deleting is soft (deleted_at/by); an admin purges a deleted document after the retention period:
// its objects are removed and the row stays, marked purged_at, for the audit trail.
export class Documents1765000000000 implements MigrationInterface {
  name = 'Documents1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE document (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      case_id uuid,
      referral_id uuid,
      plan_id uuid,
      type text NOT NULL,
      title text NOT NULL,
      issued_on date,
      issuer_country text,
      issuer text,
      expires_on date,
      current_version integer NOT NULL DEFAULT 1,
      deleted_at timestamptz,
      deleted_by uuid,
      purged_at timestamptz,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT document_pkey PRIMARY KEY (id),
      CONSTRAINT document_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT document_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT document_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT document_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES referral(id),
      CONSTRAINT document_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES plan_version(id),
      CONSTRAINT document_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT document_deleted_by_fkey FOREIGN KEY (deleted_by) REFERENCES app_user(id),
      CONSTRAINT document_type_check CHECK (type IN ('passport','id_card','birth_certificate','work_book','employment_contract',
        'payslip','foreign_pension_statement','entry_ban_notice','court_decision','medical_discharge','tb_treatment_card',
        'consent_form','signed_plan','photo','other')),
      CONSTRAINT document_title_check CHECK (char_length(title) BETWEEN 1 AND 200),
      CONSTRAINT document_issuer_check CHECK (issuer IS NULL OR char_length(issuer) <= 200),
      CONSTRAINT document_issuer_country_check CHECK (issuer_country IS NULL OR issuer_country ~ '^[A-Z]{2}$'),
      CONSTRAINT document_current_version_check CHECK (current_version >= 1),
      CONSTRAINT document_deleted_check CHECK ((deleted_at IS NULL) = (deleted_by IS NULL)),
      CONSTRAINT document_purged_check CHECK (purged_at IS NULL OR deleted_at IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX document_returnee_idx ON document (returnee_id, created_at DESC)`);
    await q.query(`CREATE INDEX document_case_idx ON document (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX document_referral_idx ON document (referral_id) WHERE referral_id IS NOT NULL`);
    await q.query(`CREATE INDEX document_plan_idx ON document (plan_id) WHERE plan_id IS NOT NULL`);
    await q.query(`CREATE INDEX document_deleted_idx ON document (deleted_at) WHERE deleted_at IS NOT NULL AND purged_at IS NULL`);

    await q.query(`CREATE TABLE document_version (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      document_id uuid NOT NULL,
      version integer NOT NULL,
      object_key text NOT NULL,
      wrapped_key text NOT NULL,
      content_type text NOT NULL,
      bytes bigint NOT NULL,
      sha256 text NOT NULL,
      file_name text NOT NULL,
      thumb_object_key text,
      thumb_wrapped_key text,
      uploaded_by uuid NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT document_version_pkey PRIMARY KEY (id),
      CONSTRAINT document_version_document_id_fkey FOREIGN KEY (document_id) REFERENCES document(id),
      CONSTRAINT document_version_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES app_user(id),
      CONSTRAINT document_version_object_key_key UNIQUE (object_key),
      CONSTRAINT document_version_thumb_object_key_key UNIQUE (thumb_object_key),
      CONSTRAINT document_version_version_key UNIQUE (document_id, version),
      CONSTRAINT document_version_bytes_check CHECK (bytes > 0),
      CONSTRAINT document_version_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      CONSTRAINT document_version_content_type_check CHECK (content_type IN ('application/pdf','image/jpeg','image/png','image/webp',
        'image/heic','application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
      CONSTRAINT document_version_thumb_check CHECK ((thumb_object_key IS NULL) = (thumb_wrapped_key IS NULL))
    )`);
    // duplicate detection per returnee (by the hash of the plain bytes)
    await q.query(`CREATE INDEX document_version_sha256_idx ON document_version (sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_version`);
    await q.query(`DROP TABLE document`);
  }
}
