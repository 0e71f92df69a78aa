import { MigrationInterface, QueryRunner } from 'typeorm';

// The members of a returnee's household. A returnee's `dependents` and `household_size` are derived from the members
// once members are recorded (the household service rewrites both in the transaction of every member change); the values
// existing returnees already carry were entered by hand and are left exactly as they are until their first member is
// added. `child_without_caregiver` is the flag a child under 18 without a caregiver raises on the returnee; it starts
// false everywhere because no member exists yet.
export class HouseholdMembers1764800000000 implements MigrationInterface {
  name = 'HouseholdMembers1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE returnee ADD COLUMN child_without_caregiver boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE household_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        returnee_id uuid NOT NULL REFERENCES returnee(id),
        relation text NOT NULL CHECK (relation IN ('spouse','child','parent','sibling','other')),
        last_name text NOT NULL,
        first_name text NOT NULL,
        sex text NOT NULL CHECK (sex IN ('male','female')),
        birth_date date NOT NULL,
        lives_where text NOT NULL CHECK (lives_where IN ('with_returnee','with_caregiver','abroad')),
        caregiver_name text,
        in_school text CHECK (in_school IN ('yes','no','unknown')),
        concerns text[] NOT NULL DEFAULT '{}'
          CHECK (concerns <@ ARRAY['no_caregiver','not_in_school','health','disability','child_labour_risk','other']::text[]),
        linked_returnee_id uuid REFERENCES returnee(id),
        created_by uuid,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (linked_returnee_id IS NULL OR linked_returnee_id <> returnee_id)
      )`);
    await q.query(`CREATE INDEX household_member_returnee_idx ON household_member (returnee_id, id)`);
    await q.query(`CREATE INDEX household_member_linked_idx ON household_member (linked_returnee_id) WHERE linked_returnee_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE household_member`);
    await q.query(`ALTER TABLE returnee DROP COLUMN child_without_caregiver`);
  }
}
