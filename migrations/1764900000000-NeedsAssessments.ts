import { MigrationInterface, QueryRunner } from 'typeorm';

// Needs assessments (issue 16): one row per assessment taken, under the form version it was taken with
// (libs/reintegration/src/needs-assessment-forms.ts); the answers sealed by the field cipher (AAD
// needs_assessment.answers), the scores 0–1 with three decimals in the clear for the reports, the lowest dimensions as
// priorities. The application only inserts.
export class NeedsAssessments1764900000000 implements MigrationInterface {
  name = 'NeedsAssessments1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE needs_assessment (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      form_version text NOT NULL,
      answers_enc text NOT NULL,
      economic numeric(4,3) NOT NULL,
      social numeric(4,3) NOT NULL,
      psychosocial numeric(4,3) NOT NULL,
      composite numeric(4,3) NOT NULL,
      priorities text[] NOT NULL DEFAULT '{}',
      self_reported boolean NOT NULL DEFAULT false,
      occasion text NOT NULL,
      follow_up_id uuid,
      taken_at timestamptz NOT NULL,
      taken_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT needs_assessment_pkey PRIMARY KEY (id),
      CONSTRAINT needs_assessment_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id) ON DELETE CASCADE,
      CONSTRAINT needs_assessment_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT needs_assessment_follow_up_id_fkey FOREIGN KEY (follow_up_id) REFERENCES follow_up(id) ON DELETE SET NULL,
      CONSTRAINT needs_assessment_taken_by_fkey FOREIGN KEY (taken_by) REFERENCES app_user(id),
      CONSTRAINT needs_assessment_occasion_check CHECK (occasion IN ('intake','monitoring_1m','monitoring_3m','monitoring_6m','monitoring_12m','other')),
      CONSTRAINT needs_assessment_range_check CHECK (economic BETWEEN 0 AND 1 AND social BETWEEN 0 AND 1 AND psychosocial BETWEEN 0 AND 1 AND composite BETWEEN 0 AND 1),
      CONSTRAINT needs_assessment_priorities_check CHECK (priorities <@ ARRAY['economic','social','psychosocial']::text[]),
      CONSTRAINT needs_assessment_answers_sealed_check CHECK (answers_enc LIKE 'v1.%')
    )`);
    // a returnee's history in order, and the report pairing each intake with the 12-month monitoring
    await q.query(`CREATE INDEX needs_assessment_returnee_id_taken_at_idx ON needs_assessment (returnee_id, taken_at)`);
    await q.query(`CREATE INDEX needs_assessment_occasion_taken_at_idx ON needs_assessment (occasion, taken_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE needs_assessment`);
  }
}
