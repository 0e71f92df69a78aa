import { MigrationInterface, QueryRunner } from 'typeorm';

// Self-reported monitoring (issue 18): a reintegration score the returnee gave themselves (the short form answered
// over SMS or Telegram at a 1/3/6/12-month monitoring follow-up) is marked self_reported, with nobody as recorder.
// monitoring_self_report holds the questionnaire in progress, one row per monitoring follow-up: the next question to
// ask and the answers so far (question id → option id, as reintegration_score.answers), until the score is recorded.
// checkin_schedule.channel: the channel a case's check-ins go by (null: the returnee's preferred or linked one).
export class SelfReportedMonitoring1765100001000 implements MigrationInterface {
  name = 'SelfReportedMonitoring1765100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reintegration_score ADD COLUMN self_reported boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE checkin_schedule ADD COLUMN channel text,
      ADD CONSTRAINT checkin_schedule_channel_check CHECK (channel IS NULL OR channel IN ('sms','telegram'))`);
    await q.query(`CREATE TABLE monitoring_self_report (
      follow_up_id uuid NOT NULL,
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      case_id uuid NOT NULL,
      occasion text NOT NULL,
      next_question integer NOT NULL DEFAULT 0,
      answers jsonb NOT NULL DEFAULT '{}'::jsonb,
      score_id uuid,
      started_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT monitoring_self_report_pkey PRIMARY KEY (follow_up_id),
      CONSTRAINT monitoring_self_report_follow_up_id_fkey FOREIGN KEY (follow_up_id) REFERENCES follow_up(id),
      CONSTRAINT monitoring_self_report_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT monitoring_self_report_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT monitoring_self_report_case_id_fkey FOREIGN KEY (case_id) REFERENCES case_file(id),
      CONSTRAINT monitoring_self_report_score_id_fkey FOREIGN KEY (score_id) REFERENCES reintegration_score(id),
      CONSTRAINT monitoring_self_report_occasion_check CHECK (occasion IN ('monitoring_1m','monitoring_3m','monitoring_6m','monitoring_12m')),
      CONSTRAINT monitoring_self_report_next_check CHECK (next_question >= 0),
      CONSTRAINT monitoring_self_report_completed_check CHECK ((completed_at IS NULL) = (score_id IS NULL))
    )`);
    await q.query(`CREATE INDEX monitoring_self_report_returnee_idx ON monitoring_self_report (returnee_id) WHERE completed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE monitoring_self_report`);
    await q.query(`ALTER TABLE checkin_schedule DROP COLUMN channel`);
    await q.query(`ALTER TABLE reintegration_score DROP COLUMN self_reported`);
  }
}
