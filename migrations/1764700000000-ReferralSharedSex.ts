import { MigrationInterface, QueryRunner } from 'typeorm';

// Sex becomes a field of its own that a referral may share (it used to travel with the birth date). Referrals already
// sent keep exactly what they listed: none of them shared sex on its own, so none shows it from now on.
export class ReferralSharedSex1764700000000 implements MigrationInterface {
  name = 'ReferralSharedSex1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referral DROP CONSTRAINT referral_shared_fields_check`);
    await q.query(
      `ALTER TABLE referral ADD CONSTRAINT referral_shared_fields_check CHECK (shared_fields <@ ARRAY['name','phone','pin','address','birthDate','sex','documents','healthDetails']::text[])`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE referral SET shared_fields = array_remove(shared_fields, 'sex') WHERE 'sex' = ANY (shared_fields)`);
    await q.query(`ALTER TABLE referral DROP CONSTRAINT referral_shared_fields_check`);
    await q.query(
      `ALTER TABLE referral ADD CONSTRAINT referral_shared_fields_check CHECK (shared_fields <@ ARRAY['name','phone','pin','address','birthDate','documents','healthDetails']::text[])`,
    );
  }
}
