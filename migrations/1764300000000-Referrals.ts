import { MigrationInterface, QueryRunner } from 'typeorm';

// Closed-loop referrals to partner organisations (issue 5), and the organisation's webhook secret.
export class Referrals1764300000000 implements MigrationInterface {
  name = 'Referrals1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // the HMAC key of the organisation's webhook; write-only through the API
    await q.query(`ALTER TABLE organization ADD COLUMN webhook_secret text`);

    await q.query(`CREATE TABLE referral (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      organization_id uuid NOT NULL,
      consent_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'sent',
      reason text NOT NULL,
      shared_fields text[] NOT NULL,
      sent_at timestamptz NOT NULL,
      respond_by timestamptz NOT NULL,
      accepted_at timestamptz,
      in_service_at timestamptz,
      completed_at timestamptz,
      declined_at timestamptz,
      cancelled_at timestamptz,
      declined_reason text,
      outcome text,
      cancel_reason text,
      escalated_at timestamptz,
      created_by uuid NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT referral_pkey PRIMARY KEY (id),
      CONSTRAINT referral_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT referral_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT referral_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT referral_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization(id),
      CONSTRAINT referral_consent_id_fkey FOREIGN KEY (consent_id) REFERENCES consent(id),
      CONSTRAINT referral_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT referral_status_check CHECK (status IN ('sent','accepted','in_service','completed','declined','cancelled')),
      CONSTRAINT referral_shared_fields_check CHECK (shared_fields <@ ARRAY['name','phone','pin','address','birthDate','documents','healthDetails']::text[]),
      CONSTRAINT referral_reason_check CHECK (length(reason) BETWEEN 1 AND 2000)
    )`);
    // one open referral per case and organisation
    await q.query(`CREATE UNIQUE INDEX referral_open_uq ON referral (case_id, organization_id) WHERE status IN ('sent','accepted','in_service')`);
    await q.query(`CREATE INDEX referral_organization_status_idx ON referral (organization_id, status, sent_at DESC)`);
    await q.query(`CREATE INDEX referral_office_status_idx ON referral (office_id, status, sent_at DESC)`);
    await q.query(`CREATE INDEX referral_case_id_idx ON referral (case_id, sent_at DESC)`);
    await q.query(`CREATE INDEX referral_returnee_id_idx ON referral (returnee_id)`);
    await q.query(`CREATE INDEX referral_consent_id_idx ON referral (consent_id)`);
    // the SLA sweep looks only at unanswered referrals not yet escalated
    await q.query(`CREATE INDEX referral_unanswered_idx ON referral (respond_by) WHERE status = 'sent' AND escalated_at IS NULL`);

    // Outbox of messages to the organisation (email to its contact address, signed webhook), written in the referral's
    // transaction; the worker relays them to the queue (jobId = message id) and marks them sent.
    await q.query(`CREATE TABLE referral_message (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      referral_id uuid NOT NULL,
      channel text NOT NULL,
      event text NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      enqueued_at timestamptz,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT referral_message_pkey PRIMARY KEY (id),
      CONSTRAINT referral_message_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES referral(id) ON DELETE CASCADE,
      CONSTRAINT referral_message_uq UNIQUE (referral_id, channel, event),
      CONSTRAINT referral_message_channel_check CHECK (channel IN ('email','webhook')),
      CONSTRAINT referral_message_status_check CHECK (status IN ('pending','enqueued','sent','failed','superseded'))
    )`);
    await q.query(`CREATE INDEX referral_message_open_idx ON referral_message (created_at) WHERE status IN ('pending','enqueued','failed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_message`);
    await q.query(`DROP TABLE referral`);
    await q.query(`ALTER TABLE organization DROP COLUMN webhook_secret`);
  }
}
