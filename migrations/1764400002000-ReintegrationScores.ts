import { MigrationInterface, QueryRunner } from 'typeorm';

// Reintegration sustainability scores (issue 6): one row per survey taken, with the raw answers kept so a later
// version of the scoring can be re-run; scores are 0–1 with three decimals.
export class ReintegrationScores1764400002000 implements MigrationInterface {
  name = 'ReintegrationScores1764400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reintegration_score (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      case_id uuid,
      follow_up_id uuid,
      occasion text NOT NULL,
      answers jsonb NOT NULL,
      economic numeric(4,3) NOT NULL,
      social numeric(4,3) NOT NULL,
      psychosocial numeric(4,3) NOT NULL,
      overall numeric(4,3) NOT NULL,
      survey_version text NOT NULL,
      recorded_by uuid,
      recorded_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT reintegration_score_pkey PRIMARY KEY (id),
      CONSTRAINT reintegration_score_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id) ON DELETE CASCADE,
      CONSTRAINT reintegration_score_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id) ON DELETE SET NULL,
      CONSTRAINT reintegration_score_follow_up_id_fkey FOREIGN KEY (follow_up_id) REFERENCES follow_up(id) ON DELETE SET NULL,
      CONSTRAINT reintegration_score_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user(id),
      CONSTRAINT reintegration_score_occasion_check CHECK (occasion IN ('intake','monitoring_1m','monitoring_3m','monitoring_6m','monitoring_12m','other')),
      CONSTRAINT reintegration_score_range_check CHECK (economic BETWEEN 0 AND 1 AND social BETWEEN 0 AND 1 AND psychosocial BETWEEN 0 AND 1 AND overall BETWEEN 0 AND 1)
    )`);
    // the returnee's history in order, and reports that pair each returnee's intake with a later occasion
    await q.query(`CREATE INDEX reintegration_score_returnee_id_recorded_at_idx ON reintegration_score (returnee_id, recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reintegration_score`);
  }
}
