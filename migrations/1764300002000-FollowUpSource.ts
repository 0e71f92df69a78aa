import { MigrationInterface, QueryRunner } from 'typeorm';

// Where a follow-up came from when the system proposed it (issue 5 pathways): a TB plan or a legal-aid deadline.
// Null for follow-ups scheduled by hand and for post-closure monitoring (those are known by their kind).
export class FollowUpSource1764300002000 implements MigrationInterface {
  name = 'FollowUpSource1764300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE follow_up ADD COLUMN source text`);
    await q.query(`ALTER TABLE follow_up ADD CONSTRAINT follow_up_source_check CHECK (source IN ('tb_intensive','tb_continuation','legal_deadline'))`);
    // a deadline is followed by one call at a time: a changed deadline moves it, never adds a second
    await q.query(`CREATE UNIQUE INDEX follow_up_legal_deadline_uq ON follow_up (case_id) WHERE source = 'legal_deadline' AND status = 'scheduled'`);
    await q.query(`CREATE INDEX follow_up_case_source_idx ON follow_up (case_id, source) WHERE source IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX follow_up_case_source_idx`);
    await q.query(`DROP INDEX follow_up_legal_deadline_uq`);
    await q.query(`ALTER TABLE follow_up DROP CONSTRAINT follow_up_source_check`);
    await q.query(`ALTER TABLE follow_up DROP COLUMN source`);
  }
}
