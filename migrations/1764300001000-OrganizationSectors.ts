import { MigrationInterface, QueryRunner } from 'typeorm';

// Job placement matching (issue 5): the job sectors a partner places people in, and how many it can take a month.
export class OrganizationSectors1764300001000 implements MigrationInterface {
  name = 'OrganizationSectors1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization
      ADD COLUMN sectors text[] NOT NULL DEFAULT '{}',
      ADD COLUMN capacity integer,
      ADD CONSTRAINT organization_sectors_check CHECK (sectors <@ ARRAY['construction','trade','services','domestic_work','transport','agriculture','manufacturing','other']::text[]),
      ADD CONSTRAINT organization_capacity_check CHECK (capacity >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE organization DROP CONSTRAINT organization_capacity_check, DROP CONSTRAINT organization_sectors_check, DROP COLUMN capacity, DROP COLUMN sectors`,
    );
  }
}
