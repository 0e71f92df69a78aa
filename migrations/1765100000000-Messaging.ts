import { MigrationInterface, QueryRunner } from 'typeorm';

// Reaching the returnee (issue 18): the outbox of messages to and from a returnee over SMS (SMPP) and Telegram, the
// returnee's contact preferences (linked Telegram chat, preferred channel, opt-out), one-time Telegram link codes, TB
// treatment check-in schedules and the check-ins themselves. Message text is sealed by the field cipher (AAD
// message.body); the Telegram chat id is sealed too (AAD message_contact.telegram_chat_id) and matched through an HMAC
// blind index like the returnee's phone. claimed_at is when the relay last moved the row to 'sending' (a row still
// 'sending' long after it belongs to a worker that died mid-send). A new consent scope `contact_by_telegram` sits beside `contact_by_phone`.
export class Messaging1765100000000 implements MigrationInterface {
  name = 'Messaging1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent DROP CONSTRAINT consent_scope_check`);
    await q.query(`ALTER TABLE consent ADD CONSTRAINT consent_scope_check CHECK (scope <@
      ARRAY['data_processing','share_with_ngo','share_health','contact_by_phone','contact_by_telegram']::text[] AND cardinality(scope) > 0)`);

    await q.query(`CREATE TABLE message (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      channel text NOT NULL,
      direction text NOT NULL,
      kind text NOT NULL,
      template_key text,
      language text,
      body_enc text NOT NULL,
      status text NOT NULL DEFAULT 'queued',
      fire_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      claimed_at timestamptz,
      last_error text,
      segments integer,
      encoding text,
      provider_id text,
      source_type text,
      source_id uuid,
      dedupe_key text,
      reply_to uuid,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      delivered_at timestamptz,
      CONSTRAINT message_pkey PRIMARY KEY (id),
      CONSTRAINT message_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT message_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT message_reply_to_fkey FOREIGN KEY (reply_to) REFERENCES message(id),
      CONSTRAINT message_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT message_dedupe_key_key UNIQUE (dedupe_key),
      CONSTRAINT message_channel_check CHECK (channel IN ('sms','telegram')),
      CONSTRAINT message_direction_check CHECK (direction IN ('out','in')),
      CONSTRAINT message_kind_check CHECK (kind IN ('appointment_reminder','tb_checkin','monitoring','free','system','reply')),
      CONSTRAINT message_language_check CHECK (language IS NULL OR language IN ('ky','ru','en')),
      CONSTRAINT message_status_check CHECK (status IN ('queued','sending','sent','delivered','failed','expired','cancelled','received')),
      CONSTRAINT message_received_check CHECK ((direction = 'in') = (status = 'received')),
      CONSTRAINT message_encoding_check CHECK (encoding IS NULL OR encoding IN ('gsm7','ucs2')),
      CONSTRAINT message_source_type_check CHECK (source_type IS NULL OR source_type IN ('follow_up','case','checkin','monitoring','message')),
      CONSTRAINT message_attempts_check CHECK (attempts >= 0),
      CONSTRAINT message_segments_check CHECK (segments IS NULL OR segments >= 1),
      CONSTRAINT message_body_sealed_check CHECK (body_enc LIKE 'v1.%')
    )`);
    await q.query(`CREATE INDEX message_due_idx ON message (status, fire_at) WHERE status IN ('queued','sending')`);
    await q.query(`CREATE INDEX message_returnee_idx ON message (returnee_id, created_at DESC)`);
    await q.query(`CREATE INDEX message_office_idx ON message (office_id, created_at)`);
    await q.query(`CREATE INDEX message_source_idx ON message (source_type, source_id) WHERE source_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX message_inbound_provider_idx ON message (channel, provider_id) WHERE direction = 'in'`);
    await q.query(`CREATE INDEX message_outbound_provider_idx ON message (channel, provider_id) WHERE direction = 'out' AND provider_id IS NOT NULL`);

    await q.query(`CREATE TABLE message_contact (
      returnee_id uuid NOT NULL,
      telegram_chat_id_enc text,
      telegram_chat_hmac text,
      preferred_channel text,
      opted_out_at timestamptz,
      opted_out_channel text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT message_contact_pkey PRIMARY KEY (returnee_id),
      CONSTRAINT message_contact_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT message_contact_telegram_chat_hmac_key UNIQUE (telegram_chat_hmac),
      CONSTRAINT message_contact_preferred_channel_check CHECK (preferred_channel IS NULL OR preferred_channel IN ('sms','telegram')),
      CONSTRAINT message_contact_opted_out_channel_check CHECK (opted_out_channel IS NULL OR opted_out_channel IN ('sms','telegram')),
      CONSTRAINT message_contact_chat_check CHECK ((telegram_chat_id_enc IS NULL) = (telegram_chat_hmac IS NULL))
    )`);

    await q.query(`CREATE TABLE telegram_link_code (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      code_hmac text NOT NULL,
      returnee_id uuid NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      CONSTRAINT telegram_link_code_pkey PRIMARY KEY (id),
      CONSTRAINT telegram_link_code_code_hmac_key UNIQUE (code_hmac),
      CONSTRAINT telegram_link_code_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT telegram_link_code_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id)
    )`);
    await q.query(`CREATE INDEX telegram_link_code_returnee_idx ON telegram_link_code (returnee_id)`);

    await q.query(`CREATE TABLE checkin_schedule (
      case_id uuid NOT NULL,
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      frequency text NOT NULL,
      weekday integer,
      local_time text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      starts_on date NOT NULL,
      created_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT checkin_schedule_pkey PRIMARY KEY (case_id),
      CONSTRAINT checkin_schedule_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT checkin_schedule_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT checkin_schedule_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT checkin_schedule_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT checkin_schedule_frequency_check CHECK (frequency IN ('daily','weekly')),
      CONSTRAINT checkin_schedule_weekday_check CHECK (weekday IS NULL OR weekday BETWEEN 1 AND 7),
      CONSTRAINT checkin_schedule_weekly_check CHECK (frequency <> 'weekly' OR weekday IS NOT NULL),
      CONSTRAINT checkin_schedule_local_time_check CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
    )`);
    await q.query(`CREATE INDEX checkin_schedule_active_idx ON checkin_schedule (active) WHERE active`);

    await q.query(`CREATE TABLE checkin (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      due_at timestamptz NOT NULL,
      message_id uuid,
      answer text,
      answered_at timestamptz,
      escalated_at timestamptz,
      CONSTRAINT checkin_pkey PRIMARY KEY (id),
      CONSTRAINT checkin_case_due_key UNIQUE (case_id, due_at),
      CONSTRAINT checkin_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT checkin_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT checkin_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT checkin_message_id_fkey FOREIGN KEY (message_id) REFERENCES message(id),
      CONSTRAINT checkin_answer_check CHECK (answer IS NULL OR answer IN ('yes','no','side_effects')),
      CONSTRAINT checkin_answered_check CHECK ((answer IS NULL) = (answered_at IS NULL))
    )`);
    await q.query(`CREATE INDEX checkin_case_idx ON checkin (case_id, due_at DESC)`);
    await q.query(`CREATE INDEX checkin_open_idx ON checkin (due_at) WHERE answer IS NULL AND escalated_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE checkin`);
    await q.query(`DROP TABLE checkin_schedule`);
    await q.query(`DROP TABLE telegram_link_code`);
    await q.query(`DROP TABLE message_contact`);
    await q.query(`DROP TABLE message`);
    await q.query(`DELETE FROM consent WHERE scope = ARRAY['contact_by_telegram']::text[]`);
    await q.query(`UPDATE consent SET scope = array_remove(scope, 'contact_by_telegram') WHERE 'contact_by_telegram' = ANY(scope)`);
    await q.query(`ALTER TABLE consent DROP CONSTRAINT consent_scope_check`);
    await q.query(`ALTER TABLE consent ADD CONSTRAINT consent_scope_check CHECK (scope <@
      ARRAY['data_processing','share_with_ngo','share_health','contact_by_phone']::text[] AND cardinality(scope) > 0)`);
  }
}
