import { MigrationInterface, QueryRunner } from 'typeorm';

// Reintegration assistance (issue 19): programmes with budget lines per assistance type, assistance items on a
// returnee moving proposed → approved → disbursed → verified, and the ledger every budget state is derived from.
// Money is bigint in minor units (tyiyn, cents), never a float. The ledger is append-only like audit_log: a trigger
// refuses UPDATE, DELETE and TRUNCATE whoever runs them, and the app role has neither privilege. The role `donor`
// (no office, no organisation) sees the programmes granted to it in donor_programme, and never a person's data.
export class Assistance1765200000000 implements MigrationInterface {
  name = 'Assistance1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('admin','supervisor','caseworker','ngo_staff','donor'))`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_scope_check`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_scope_check CHECK (
        (role IN ('supervisor','caseworker') AND office_id IS NOT NULL AND organization_id IS NULL) OR
        (role = 'ngo_staff' AND organization_id IS NOT NULL AND office_id IS NULL) OR
        (role = 'admin' AND organization_id IS NULL) OR
        (role = 'donor' AND office_id IS NULL AND organization_id IS NULL))`);

    await q.query(`CREATE TABLE programme (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      funder text NOT NULL,
      currency text NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      oblasts text[] NOT NULL DEFAULT '{}',
      assistance_types text[] NOT NULL DEFAULT '{}',
      eligibility jsonb NOT NULL DEFAULT '{}',
      approval_threshold_minor bigint,
      active boolean NOT NULL DEFAULT true,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CONSTRAINT programme_pkey PRIMARY KEY (id),
      CONSTRAINT programme_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT programme_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
      CONSTRAINT programme_funder_check CHECK (char_length(funder) BETWEEN 1 AND 200),
      CONSTRAINT programme_currency_check CHECK (currency IN ('KGS','USD','EUR')),
      CONSTRAINT programme_dates_check CHECK (ends_on >= starts_on),
      CONSTRAINT programme_threshold_check CHECK (approval_threshold_minor IS NULL OR approval_threshold_minor > 0),
      CONSTRAINT programme_eligibility_check CHECK (jsonb_typeof(eligibility) = 'object')
    )`);

    await q.query(`CREATE TABLE budget_line (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      programme_id uuid NOT NULL,
      assistance_type text NOT NULL,
      amount_minor bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT budget_line_pkey PRIMARY KEY (id),
      CONSTRAINT budget_line_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programme(id),
      CONSTRAINT budget_line_programme_type_key UNIQUE (programme_id, assistance_type),
      CONSTRAINT budget_line_type_check CHECK (assistance_type IN
        ('business_grant','in_kind','training_voucher','medical_costs','legal_fees','transport','other')),
      CONSTRAINT budget_line_amount_check CHECK (amount_minor > 0)
    )`);

    await q.query(`CREATE TABLE assistance_item (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      programme_id uuid NOT NULL,
      budget_line_id uuid NOT NULL,
      plan_goal_id uuid,
      case_id uuid,
      type text NOT NULL,
      amount_minor bigint NOT NULL,
      currency text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      justification text NOT NULL,
      status text NOT NULL DEFAULT 'proposed',
      first_approved_by uuid,
      first_approved_at timestamptz,
      second_approved_by uuid,
      second_approved_at timestamptz,
      rejection_reason text,
      disbursed_on date,
      disbursement_method text,
      disbursement_reference text,
      disbursed_minor bigint,
      used_as_intended text,
      verification_note text,
      verified_at timestamptz,
      cancel_reason text,
      proposed_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CONSTRAINT assistance_item_pkey PRIMARY KEY (id),
      CONSTRAINT assistance_item_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT assistance_item_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT assistance_item_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programme(id),
      CONSTRAINT assistance_item_budget_line_id_fkey FOREIGN KEY (budget_line_id) REFERENCES budget_line(id),
      CONSTRAINT assistance_item_plan_goal_id_fkey FOREIGN KEY (plan_goal_id) REFERENCES plan_goal(id),
      CONSTRAINT assistance_item_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT assistance_item_first_approved_by_fkey FOREIGN KEY (first_approved_by) REFERENCES app_user(id),
      CONSTRAINT assistance_item_second_approved_by_fkey FOREIGN KEY (second_approved_by) REFERENCES app_user(id),
      CONSTRAINT assistance_item_proposed_by_fkey FOREIGN KEY (proposed_by) REFERENCES app_user(id),
      CONSTRAINT assistance_item_type_check CHECK (type IN
        ('business_grant','in_kind','training_voucher','medical_costs','legal_fees','transport','other')),
      CONSTRAINT assistance_item_amount_check CHECK (amount_minor > 0),
      CONSTRAINT assistance_item_currency_check CHECK (currency IN ('KGS','USD','EUR')),
      CONSTRAINT assistance_item_details_check CHECK (jsonb_typeof(details) = 'object'),
      CONSTRAINT assistance_item_justification_check CHECK (char_length(justification) BETWEEN 1 AND 4000),
      CONSTRAINT assistance_item_status_check CHECK (status IN ('proposed','approved','rejected','disbursed','verified','cancelled')),
      CONSTRAINT assistance_item_method_check CHECK (disbursement_method IS NULL OR disbursement_method IN
        ('bank_transfer','mobile_wallet','cash','in_kind_delivery')),
      CONSTRAINT assistance_item_used_check CHECK (used_as_intended IS NULL OR used_as_intended IN ('yes','partly','no')),
      CONSTRAINT assistance_item_own_approval_check CHECK (first_approved_by IS NULL OR first_approved_by <> proposed_by),
      CONSTRAINT assistance_item_second_approval_check CHECK (second_approved_by IS NULL OR
        (first_approved_by IS NOT NULL AND second_approved_by <> first_approved_by AND second_approved_by <> proposed_by)),
      CONSTRAINT assistance_item_disbursed_check CHECK (disbursed_minor IS NULL OR (disbursed_minor > 0 AND disbursed_minor <= amount_minor)),
      CONSTRAINT assistance_item_disbursement_check CHECK (
        (status IN ('disbursed','verified')) = (disbursed_on IS NOT NULL AND disbursement_method IS NOT NULL AND disbursed_minor IS NOT NULL)),
      CONSTRAINT assistance_item_verified_check CHECK ((status = 'verified') = (used_as_intended IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX assistance_item_returnee_idx ON assistance_item (returnee_id, created_at DESC)`);
    await q.query(`CREATE INDEX assistance_item_office_status_idx ON assistance_item (office_id, status)`);
    await q.query(`CREATE INDEX assistance_item_programme_idx ON assistance_item (programme_id)`);

    await q.query(`CREATE TABLE ledger_entry (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      programme_id uuid NOT NULL,
      budget_line_id uuid NOT NULL,
      assistance_item_id uuid NOT NULL,
      kind text NOT NULL,
      amount_minor bigint NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_id uuid NOT NULL,
      CONSTRAINT ledger_entry_pkey PRIMARY KEY (id),
      CONSTRAINT ledger_entry_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programme(id),
      CONSTRAINT ledger_entry_budget_line_id_fkey FOREIGN KEY (budget_line_id) REFERENCES budget_line(id),
      CONSTRAINT ledger_entry_assistance_item_id_fkey FOREIGN KEY (assistance_item_id) REFERENCES assistance_item(id),
      CONSTRAINT ledger_entry_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES app_user(id),
      CONSTRAINT ledger_entry_kind_check CHECK (kind IN ('commit','release','disburse','reverse')),
      CONSTRAINT ledger_entry_amount_check CHECK (amount_minor > 0)
    )`);
    await q.query(`CREATE INDEX ledger_entry_budget_line_idx ON ledger_entry (budget_line_id)`);
    await q.query(`CREATE INDEX ledger_entry_item_idx ON ledger_entry (assistance_item_id, at)`);
    await q.query(`CREATE FUNCTION ledger_entry_guard() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
      BEGIN
        RAISE EXCEPTION 'ledger_entry is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(`CREATE TRIGGER ledger_entry_guard_update BEFORE UPDATE ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard()`);
    await q.query(`CREATE TRIGGER ledger_entry_guard_delete BEFORE DELETE ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard()`);
    await q.query(`CREATE TRIGGER ledger_entry_guard_truncate BEFORE TRUNCATE ON ledger_entry FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_guard()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entry FROM kaytuu_app`);

    await q.query(`CREATE TABLE donor_programme (
      user_id uuid NOT NULL,
      programme_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT donor_programme_pkey PRIMARY KEY (user_id, programme_id),
      CONSTRAINT donor_programme_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE,
      CONSTRAINT donor_programme_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programme(id)
    )`);
    await q.query(`CREATE INDEX donor_programme_programme_idx ON donor_programme (programme_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE donor_programme`);
    await q.query(`DROP TABLE ledger_entry`);
    await q.query(`DROP FUNCTION ledger_entry_guard()`);
    await q.query(`DROP TABLE assistance_item`);
    await q.query(`DROP TABLE budget_line`);
    await q.query(`DROP TABLE programme`);
    await q.query(`DELETE FROM app_user WHERE role = 'donor'`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_scope_check`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_scope_check CHECK (
        (role IN ('supervisor','caseworker') AND office_id IS NOT NULL AND organization_id IS NULL) OR
        (role = 'ngo_staff' AND organization_id IS NOT NULL AND office_id IS NULL) OR
        (role = 'admin' AND organization_id IS NULL))`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('admin','supervisor','caseworker','ngo_staff'))`);
  }
}
