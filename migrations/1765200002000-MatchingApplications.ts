import { MigrationInterface, QueryRunner } from 'typeorm';

// "1+1" matching (issue 19): a programme's match terms, the returnee's application (business plan, own contribution,
// the matched amount), the committee's two approvals (the office supervisor and an admin, either order), the
// business-survival checks at 6 and 12 months; and, for every assistance item, one row per disbursement tranche or
// reversal next to its ledger entry (date, method, reference, receipt). Free text a person's situation may show in
// (rejection and reversal reasons, a survival check's note) is sealed by the field cipher, AAD <table>.<column>.
export class MatchingApplications1765200002000 implements MigrationInterface {
  name = 'MatchingApplications1765200002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme ADD COLUMN match_ratio_percent integer, ADD COLUMN match_cap_minor bigint`);
    await q.query(
      `ALTER TABLE programme ADD CONSTRAINT programme_match_ratio_check CHECK (match_ratio_percent IS NULL OR match_ratio_percent BETWEEN 1 AND 1000)`,
    );
    await q.query(`ALTER TABLE programme ADD CONSTRAINT programme_match_cap_check CHECK (match_cap_minor IS NULL OR match_cap_minor > 0)`);

    await q.query(`CREATE TABLE matching_application (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      programme_id uuid NOT NULL,
      budget_line_id uuid NOT NULL,
      case_id uuid NOT NULL,
      plan_goal_id uuid,
      currency text NOT NULL,
      sector text NOT NULL,
      oblast text NOT NULL,
      district text NOT NULL,
      description text NOT NULL,
      total_cost_minor bigint NOT NULL,
      expected_monthly_income_minor bigint NOT NULL,
      jobs_for_others integer NOT NULL,
      own_contribution_minor bigint NOT NULL,
      own_evidence_document_id uuid,
      match_ratio_percent integer NOT NULL,
      match_cap_minor bigint,
      matched_minor bigint NOT NULL,
      match_limited_by text,
      first_tranche_percent integer NOT NULL DEFAULT 50,
      status text NOT NULL DEFAULT 'proposed',
      supervisor_approved_by uuid,
      supervisor_approved_at timestamptz,
      admin_approved_by uuid,
      admin_approved_at timestamptz,
      rejection_reason_enc text,
      rejected_by uuid,
      rejected_at timestamptz,
      assistance_item_id uuid,
      follow_up_6m_id uuid,
      follow_up_12m_id uuid,
      proposed_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CONSTRAINT matching_application_pkey PRIMARY KEY (id),
      CONSTRAINT matching_application_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT matching_application_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT matching_application_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programme(id),
      CONSTRAINT matching_application_budget_line_id_fkey FOREIGN KEY (budget_line_id) REFERENCES budget_line(id),
      CONSTRAINT matching_application_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT matching_application_plan_goal_id_fkey FOREIGN KEY (plan_goal_id) REFERENCES plan_goal(id),
      CONSTRAINT matching_application_supervisor_approved_by_fkey FOREIGN KEY (supervisor_approved_by) REFERENCES app_user(id),
      CONSTRAINT matching_application_admin_approved_by_fkey FOREIGN KEY (admin_approved_by) REFERENCES app_user(id),
      CONSTRAINT matching_application_rejected_by_fkey FOREIGN KEY (rejected_by) REFERENCES app_user(id),
      CONSTRAINT matching_application_proposed_by_fkey FOREIGN KEY (proposed_by) REFERENCES app_user(id),
      CONSTRAINT matching_application_assistance_item_id_fkey FOREIGN KEY (assistance_item_id) REFERENCES assistance_item(id),
      CONSTRAINT matching_application_assistance_item_id_key UNIQUE (assistance_item_id),
      CONSTRAINT matching_application_currency_check CHECK (currency IN ('KGS','USD','EUR')),
      CONSTRAINT matching_application_sector_check CHECK (sector IN
        ('construction','trade','services','domestic_work','transport','agriculture','manufacturing','other')),
      CONSTRAINT matching_application_district_check CHECK (char_length(district) BETWEEN 1 AND 100),
      CONSTRAINT matching_application_description_check CHECK (char_length(description) BETWEEN 1 AND 4000),
      CONSTRAINT matching_application_total_cost_check CHECK (total_cost_minor > 0),
      CONSTRAINT matching_application_income_check CHECK (expected_monthly_income_minor >= 0),
      CONSTRAINT matching_application_jobs_check CHECK (jobs_for_others BETWEEN 0 AND 1000),
      CONSTRAINT matching_application_own_check CHECK (own_contribution_minor > 0),
      CONSTRAINT matching_application_matched_check CHECK (matched_minor > 0),
      CONSTRAINT matching_application_limited_check CHECK (match_limited_by IS NULL OR match_limited_by IN ('cap','budget')),
      CONSTRAINT matching_application_tranche_check CHECK (first_tranche_percent BETWEEN 1 AND 100),
      CONSTRAINT matching_application_status_check CHECK (status IN ('proposed','approved','rejected')),
      CONSTRAINT matching_application_own_approval_check CHECK (
        (supervisor_approved_by IS NULL OR supervisor_approved_by <> proposed_by) AND (admin_approved_by IS NULL OR admin_approved_by <> proposed_by)),
      CONSTRAINT matching_application_approved_check CHECK ((status = 'approved') =
        (supervisor_approved_by IS NOT NULL AND admin_approved_by IS NOT NULL AND assistance_item_id IS NOT NULL)),
      CONSTRAINT matching_application_rejected_check CHECK ((status = 'rejected') = (rejection_reason_enc IS NOT NULL)),
      CONSTRAINT matching_application_rejection_sealed_check CHECK (rejection_reason_enc IS NULL OR rejection_reason_enc LIKE 'v1.%')
    )`);
    await q.query(`CREATE INDEX matching_application_returnee_idx ON matching_application (returnee_id, created_at DESC)`);
    await q.query(`CREATE INDEX matching_application_office_status_idx ON matching_application (office_id, status)`);
    await q.query(`CREATE INDEX matching_application_programme_idx ON matching_application (programme_id)`);

    await q.query(`CREATE TABLE business_survival_check (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL,
      milestone text NOT NULL,
      checked_on date NOT NULL,
      business_status text NOT NULL,
      monthly_income_band text NOT NULL,
      people_employed integer NOT NULL,
      note_enc text,
      follow_up_id uuid,
      recorded_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT business_survival_check_pkey PRIMARY KEY (id),
      CONSTRAINT business_survival_check_application_id_fkey FOREIGN KEY (application_id) REFERENCES matching_application(id),
      CONSTRAINT business_survival_check_follow_up_id_fkey FOREIGN KEY (follow_up_id) REFERENCES follow_up(id),
      CONSTRAINT business_survival_check_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user(id),
      CONSTRAINT business_survival_check_milestone_key UNIQUE (application_id, milestone),
      CONSTRAINT business_survival_check_milestone_check CHECK (milestone IN ('6m','12m')),
      CONSTRAINT business_survival_check_status_check CHECK (business_status IN ('operating','paused','closed')),
      CONSTRAINT business_survival_check_income_check CHECK (monthly_income_band IN ('none','up_to_10k','10k_30k','30k_60k','over_60k')),
      CONSTRAINT business_survival_check_employed_check CHECK (people_employed BETWEEN 0 AND 1000),
      CONSTRAINT business_survival_check_note_sealed_check CHECK (note_enc IS NULL OR note_enc LIKE 'v1.%')
    )`);

    await q.query(`CREATE TABLE assistance_disbursement (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      assistance_item_id uuid NOT NULL,
      ledger_entry_id uuid NOT NULL,
      kind text NOT NULL,
      amount_minor bigint NOT NULL,
      disbursed_on date,
      method text,
      reference text,
      document_id uuid,
      reason_enc text,
      actor_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT assistance_disbursement_pkey PRIMARY KEY (id),
      CONSTRAINT assistance_disbursement_item_id_fkey FOREIGN KEY (assistance_item_id) REFERENCES assistance_item(id),
      CONSTRAINT assistance_disbursement_ledger_entry_id_fkey FOREIGN KEY (ledger_entry_id) REFERENCES ledger_entry(id),
      CONSTRAINT assistance_disbursement_ledger_entry_id_key UNIQUE (ledger_entry_id),
      CONSTRAINT assistance_disbursement_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES app_user(id),
      CONSTRAINT assistance_disbursement_kind_check CHECK (kind IN ('disburse','reverse')),
      CONSTRAINT assistance_disbursement_amount_check CHECK (amount_minor > 0),
      CONSTRAINT assistance_disbursement_method_check CHECK (method IS NULL OR method IN ('bank_transfer','mobile_wallet','cash','in_kind_delivery')),
      CONSTRAINT assistance_disbursement_shape_check CHECK (
        (kind = 'disburse' AND disbursed_on IS NOT NULL AND method IS NOT NULL AND reason_enc IS NULL) OR
        (kind = 'reverse' AND reason_enc IS NOT NULL AND reason_enc LIKE 'v1.%'))
    )`);
    await q.query(`CREATE INDEX assistance_disbursement_item_idx ON assistance_disbursement (assistance_item_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assistance_disbursement`);
    await q.query(`DROP TABLE business_survival_check`);
    await q.query(`DROP TABLE matching_application`);
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_match_cap_check`);
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_match_ratio_check`);
    await q.query(`ALTER TABLE programme DROP COLUMN match_cap_minor, DROP COLUMN match_ratio_percent`);
  }
}
