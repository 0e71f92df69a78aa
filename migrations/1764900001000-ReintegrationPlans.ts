import { MigrationInterface, QueryRunner } from 'typeorm';

// Individual reintegration plans (issue 16). Each row of plan_version is ONE version of a returnee's plan; the versions
// of one plan share series_id. One active plan per returnee: at most one current version whose series is neither
// completed nor closed. Goals and actions belong to a version (a revision copies them); texts are sealed by the field
// cipher (AAD plan_goal.text, plan_action.text, plan_review_goal.progress). Reviews record progress per goal at a
// monitoring contact and may cite notes.
export class ReintegrationPlans1764900001000 implements MigrationInterface {
  name = 'ReintegrationPlans1764900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE plan_version (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      series_id uuid NOT NULL,
      returnee_id uuid NOT NULL,
      office_id uuid NOT NULL,
      version integer NOT NULL,
      status text NOT NULL DEFAULT 'draft',
      is_current boolean NOT NULL DEFAULT true,
      in_force boolean NOT NULL DEFAULT false,
      previous_version_id uuid,
      signed_on date,
      submitted_at timestamptz,
      submitted_by uuid,
      approved_at timestamptz,
      approved_by uuid,
      returned_at timestamptz,
      returned_by uuid,
      returned_comment text,
      completed_at timestamptz,
      closed_at timestamptz,
      close_reason text,
      last_reviewed_at timestamptz,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT plan_version_pkey PRIMARY KEY (id),
      CONSTRAINT plan_version_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id),
      CONSTRAINT plan_version_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT plan_version_previous_fkey FOREIGN KEY (previous_version_id) REFERENCES plan_version(id),
      CONSTRAINT plan_version_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT plan_version_status_check CHECK (status IN ('draft','submitted','approved','returned','under_review','completed','closed')),
      CONSTRAINT plan_version_version_check CHECK (version >= 1),
      CONSTRAINT plan_version_series_version_key UNIQUE (series_id, version)
    )`);
    // one active plan per returnee (the newest version of a series not yet completed or closed)
    await q.query(`CREATE UNIQUE INDEX plan_version_one_active_idx ON plan_version (returnee_id) WHERE is_current AND status NOT IN ('completed','closed')`);
    await q.query(`CREATE INDEX plan_version_returnee_idx ON plan_version (returnee_id, created_at DESC)`);
    await q.query(`CREATE INDEX plan_version_office_status_idx ON plan_version (office_id, status) WHERE is_current`);
    await q.query(`CREATE INDEX plan_version_series_idx ON plan_version (series_id, version DESC)`);

    await q.query(`CREATE TABLE plan_goal (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      plan_version_id uuid NOT NULL,
      position integer NOT NULL,
      dimension text NOT NULL,
      text_enc text NOT NULL,
      target_date date NOT NULL,
      status text NOT NULL DEFAULT 'not_started',
      dropped_reason text,
      last_progress_enc text,
      achieved_at timestamptz,
      CONSTRAINT plan_goal_pkey PRIMARY KEY (id),
      CONSTRAINT plan_goal_version_fkey FOREIGN KEY (plan_version_id) REFERENCES plan_version(id) ON DELETE CASCADE,
      CONSTRAINT plan_goal_dimension_check CHECK (dimension IN ('economic','social','psychosocial')),
      CONSTRAINT plan_goal_status_check CHECK (status IN ('not_started','in_progress','achieved','dropped')),
      CONSTRAINT plan_goal_dropped_check CHECK (status <> 'dropped' OR dropped_reason IS NOT NULL),
      CONSTRAINT plan_goal_text_sealed_check CHECK (text_enc LIKE 'v1.%')
    )`);
    await q.query(`CREATE INDEX plan_goal_version_idx ON plan_goal (plan_version_id, position)`);

    await q.query(`CREATE TABLE plan_action (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      goal_id uuid NOT NULL,
      plan_version_id uuid NOT NULL,
      position integer NOT NULL,
      kind text NOT NULL,
      ref_id uuid,
      text_enc text,
      owner_user_id uuid,
      owner_organization_id uuid,
      organization_id uuid,
      due_on date,
      status text NOT NULL DEFAULT 'pending',
      CONSTRAINT plan_action_pkey PRIMARY KEY (id),
      CONSTRAINT plan_action_goal_fkey FOREIGN KEY (goal_id) REFERENCES plan_goal(id) ON DELETE CASCADE,
      CONSTRAINT plan_action_version_fkey FOREIGN KEY (plan_version_id) REFERENCES plan_version(id) ON DELETE CASCADE,
      CONSTRAINT plan_action_owner_user_fkey FOREIGN KEY (owner_user_id) REFERENCES app_user(id),
      CONSTRAINT plan_action_owner_org_fkey FOREIGN KEY (owner_organization_id) REFERENCES organization(id),
      CONSTRAINT plan_action_kind_check CHECK (kind IN ('case','referral','follow_up','task')),
      CONSTRAINT plan_action_status_check CHECK (status IN ('pending','in_progress','done','cancelled')),
      CONSTRAINT plan_action_ref_check CHECK ((kind = 'task') = (ref_id IS NULL)),
      CONSTRAINT plan_action_task_check CHECK (kind <> 'task' OR text_enc IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX plan_action_goal_idx ON plan_action (goal_id, position)`);
    // NGO staff's plans: the versions whose actions involve their organisation
    await q.query(`CREATE INDEX plan_action_organization_idx ON plan_action (organization_id) WHERE organization_id IS NOT NULL`);

    await q.query(`CREATE TABLE plan_review (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      plan_version_id uuid NOT NULL,
      follow_up_id uuid,
      reviewed_on date NOT NULL,
      note_ids uuid[] NOT NULL DEFAULT '{}',
      reviewed_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT plan_review_pkey PRIMARY KEY (id),
      CONSTRAINT plan_review_version_fkey FOREIGN KEY (plan_version_id) REFERENCES plan_version(id),
      CONSTRAINT plan_review_by_fkey FOREIGN KEY (reviewed_by) REFERENCES app_user(id)
    )`);
    await q.query(`CREATE INDEX plan_review_version_idx ON plan_review (plan_version_id, reviewed_on DESC)`);
    await q.query(`CREATE TABLE plan_review_goal (
      review_id uuid NOT NULL,
      goal_id uuid NOT NULL,
      status text NOT NULL,
      progress_enc text NOT NULL,
      CONSTRAINT plan_review_goal_pkey PRIMARY KEY (review_id, goal_id),
      CONSTRAINT plan_review_goal_review_fkey FOREIGN KEY (review_id) REFERENCES plan_review(id) ON DELETE CASCADE,
      CONSTRAINT plan_review_goal_goal_fkey FOREIGN KEY (goal_id) REFERENCES plan_goal(id),
      CONSTRAINT plan_review_goal_status_check CHECK (status IN ('not_started','in_progress','achieved','dropped'))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_review_goal`);
    await q.query(`DROP TABLE plan_review`);
    await q.query(`DROP TABLE plan_action`);
    await q.query(`DROP TABLE plan_goal`);
    await q.query(`DROP TABLE plan_version`);
  }
}
