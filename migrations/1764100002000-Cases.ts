import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cases1764100002000 implements MigrationInterface {
  name = 'Cases1764100002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE case_code_seq`);
    // "case" is an SQL keyword; the table is case_file (the social-work term for it)
    await q.query(`CREATE TABLE case_file (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      code text NOT NULL,
      returnee_id uuid NOT NULL,
      type text NOT NULL,
      status text NOT NULL DEFAULT 'open',
      priority text NOT NULL DEFAULT 'normal',
      assignee_id uuid,
      office_id uuid NOT NULL,
      title text NOT NULL,
      summary text,
      details jsonb NOT NULL DEFAULT '{}',
      opened_at timestamptz NOT NULL DEFAULT now(),
      due_at timestamptz,
      closed_at timestamptz,
      closure_reason text,
      outcome text,
      created_by uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      CONSTRAINT case_file_pkey PRIMARY KEY (id),
      CONSTRAINT case_file_code_uq UNIQUE (code),
      CONSTRAINT case_file_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT case_file_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES app_user(id),
      CONSTRAINT case_file_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT case_file_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT case_file_type_check CHECK (type IN ('health_referral','legal_aid','job_placement','pension_claim')),
      CONSTRAINT case_file_status_check CHECK (status IN ('open','in_progress','on_hold','pending_closure','closed')),
      CONSTRAINT case_file_priority_check CHECK (priority IN ('low','normal','high','urgent'))
    )`);
    await q.query(`CREATE INDEX case_file_office_status_due_idx ON case_file (office_id, status, due_at) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX case_file_returnee_id_idx ON case_file (returnee_id)`);
    await q.query(`CREATE INDEX case_file_assignee_id_idx ON case_file (assignee_id, status) WHERE deleted_at IS NULL`);

    await q.query(`CREATE TABLE case_event (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_id uuid,
      kind text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT case_event_pkey PRIMARY KEY (id),
      CONSTRAINT case_event_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT case_event_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES app_user(id)
    )`);
    await q.query(`CREATE INDEX case_event_case_id_at_idx ON case_event (case_id, at)`);
    // the timeline is append-only: the database itself refuses to change or remove an event
    await q.query(`CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'case_event is append-only'; END $$`);
    await q.query(`CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event FOR EACH ROW EXECUTE FUNCTION case_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_event`);
    await q.query(`DROP FUNCTION case_event_append_only()`);
    await q.query(`DROP TABLE case_file`);
    await q.query(`DROP SEQUENCE case_code_seq`);
  }
}
