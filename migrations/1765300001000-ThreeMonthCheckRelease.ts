import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 19, the last pieces. The first tranche of a 1+1 grant also schedules a 3-month business check
// (matching_application.follow_up_3m_id), and the second tranche waits for it, so survival checks gain the '3m'
// milestone. A partly paid grant can have the rest of its commitment released: a 'release' row next to its ledger
// entry in assistance_disbursement, with the sealed reason (AAD assistance_disbursement.reason). Existing rows satisfy
// the widened checks; applications approved before keep follow_up_3m_id null.
export class ThreeMonthCheckRelease1765300001000 implements MigrationInterface {
  name = 'ThreeMonthCheckRelease1765300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching_application ADD COLUMN follow_up_3m_id uuid`);
    await q.query(`ALTER TABLE business_survival_check DROP CONSTRAINT business_survival_check_milestone_check`);
    await q.query(`ALTER TABLE business_survival_check ADD CONSTRAINT business_survival_check_milestone_check CHECK (milestone IN ('3m','6m','12m'))`);
    await q.query(`ALTER TABLE assistance_disbursement DROP CONSTRAINT assistance_disbursement_kind_check`);
    await q.query(`ALTER TABLE assistance_disbursement DROP CONSTRAINT assistance_disbursement_shape_check`);
    await q.query(`ALTER TABLE assistance_disbursement ADD CONSTRAINT assistance_disbursement_kind_check CHECK (kind IN ('disburse','reverse','release'))`);
    await q.query(`ALTER TABLE assistance_disbursement ADD CONSTRAINT assistance_disbursement_shape_check CHECK (
      (kind = 'disburse' AND disbursed_on IS NOT NULL AND method IS NOT NULL AND reason_enc IS NULL) OR
      (kind IN ('reverse','release') AND reason_enc IS NOT NULL AND reason_enc LIKE 'v1.%'))`);
  }

  // Refused while release rows or 3-month checks exist: dropping them would rewrite the record of what happened.
  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(
      `SELECT (SELECT count(*) FROM assistance_disbursement WHERE kind = 'release') + (SELECT count(*) FROM business_survival_check WHERE milestone = '3m') AS n`,
    )) as Array<{ n: string }>;
    if (Number(n) > 0) throw new Error(`${n} release rows or 3-month checks exist; they cannot be dropped by a revert`);
    await q.query(`ALTER TABLE assistance_disbursement DROP CONSTRAINT assistance_disbursement_shape_check`);
    await q.query(`ALTER TABLE assistance_disbursement DROP CONSTRAINT assistance_disbursement_kind_check`);
    await q.query(`ALTER TABLE assistance_disbursement ADD CONSTRAINT assistance_disbursement_kind_check CHECK (kind IN ('disburse','reverse'))`);
    await q.query(`ALTER TABLE assistance_disbursement ADD CONSTRAINT assistance_disbursement_shape_check CHECK (
      (kind = 'disburse' AND disbursed_on IS NOT NULL AND method IS NOT NULL AND reason_enc IS NULL) OR
      (kind = 'reverse' AND reason_enc IS NOT NULL AND reason_enc LIKE 'v1.%'))`);
    await q.query(`ALTER TABLE business_survival_check DROP CONSTRAINT business_survival_check_milestone_check`);
    await q.query(`ALTER TABLE business_survival_check ADD CONSTRAINT business_survival_check_milestone_check CHECK (milestone IN ('6m','12m'))`);
    await q.query(`ALTER TABLE matching_application DROP COLUMN follow_up_3m_id`);
  }
}
