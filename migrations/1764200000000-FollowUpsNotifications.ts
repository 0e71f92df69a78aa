import { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowUpsNotifications1764200000000 implements MigrationInterface {
  name = 'FollowUpsNotifications1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE follow_up (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      assignee_id uuid NOT NULL,
      kind text NOT NULL,
      status text NOT NULL DEFAULT 'scheduled',
      due_at timestamptz NOT NULL,
      notes text,
      outcome text,
      done_at timestamptz,
      missed_at timestamptz,
      cancelled_at timestamptz,
      created_by uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT follow_up_pkey PRIMARY KEY (id),
      CONSTRAINT follow_up_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT follow_up_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT follow_up_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT follow_up_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES app_user(id),
      CONSTRAINT follow_up_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT follow_up_kind_check CHECK (kind IN ('call','visit','check_in','monitoring_1m','monitoring_3m','monitoring_6m','monitoring_12m')),
      CONSTRAINT follow_up_status_check CHECK (status IN ('scheduled','done','missed','cancelled'))
    )`);
    await q.query(`CREATE INDEX follow_up_assignee_status_due_idx ON follow_up (assignee_id, status, due_at)`);
    await q.query(`CREATE INDEX follow_up_office_status_due_idx ON follow_up (office_id, status, due_at)`);
    await q.query(`CREATE INDEX follow_up_case_id_idx ON follow_up (case_id, due_at)`);
    await q.query(`CREATE INDEX follow_up_returnee_id_idx ON follow_up (returnee_id)`);
    // the escalation sweep looks only at scheduled follow-ups past due
    await q.query(`CREATE INDEX follow_up_scheduled_due_idx ON follow_up (due_at) WHERE status = 'scheduled'`);

    // Transactional outbox: written in the same transaction as the follow-up; the worker's relay moves due-soon rows
    // into the queue (jobId = reminder id) and the delivery marks them sent.
    await q.query(`CREATE TABLE reminder (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      follow_up_id uuid NOT NULL,
      user_id uuid NOT NULL,
      kind text NOT NULL,
      channel text NOT NULL DEFAULT 'in_app',
      fire_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      enqueued_at timestamptz,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT reminder_pkey PRIMARY KEY (id),
      CONSTRAINT reminder_follow_up_id_fkey FOREIGN KEY (follow_up_id) REFERENCES follow_up(id) ON DELETE CASCADE,
      CONSTRAINT reminder_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user(id),
      CONSTRAINT reminder_kind_check CHECK (kind IN ('before_due','at_due')),
      CONSTRAINT reminder_channel_check CHECK (channel IN ('in_app','email','webhook')),
      CONSTRAINT reminder_status_check CHECK (status IN ('pending','enqueued','sent','failed','superseded'))
    )`);
    await q.query(`CREATE INDEX reminder_open_fire_at_idx ON reminder (fire_at) WHERE status IN ('pending','enqueued')`);
    await q.query(`CREATE INDEX reminder_follow_up_id_idx ON reminder (follow_up_id)`);

    await q.query(`CREATE TABLE notification (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL DEFAULT '',
      link text,
      data jsonb NOT NULL DEFAULT '{}',
      dedupe_key text,
      read_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT notification_pkey PRIMARY KEY (id),
      CONSTRAINT notification_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user(id),
      -- delivering the same reminder (or escalation) twice yields one notification
      CONSTRAINT notification_dedupe_key_uq UNIQUE (dedupe_key)
    )`);
    await q.query(`CREATE INDEX notification_user_created_idx ON notification (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notification_user_unread_idx ON notification (user_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE reminder`);
    await q.query(`DROP TABLE follow_up`);
  }
}
