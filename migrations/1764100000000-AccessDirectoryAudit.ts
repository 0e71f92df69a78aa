import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessDirectoryAudit1764100000000 implements MigrationInterface {
  name = 'AccessDirectoryAudit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE office (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      oblast text NOT NULL,
      district text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT office_pkey PRIMARY KEY (id),
      CONSTRAINT office_name_uq UNIQUE (name)
    )`);
    await q.query(`CREATE TABLE organization (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL,
      services text[] NOT NULL DEFAULT '{}',
      oblasts text[] NOT NULL DEFAULT '{}',
      contact_email text NOT NULL,
      webhook_url text,
      notes text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT organization_pkey PRIMARY KEY (id),
      CONSTRAINT organization_name_uq UNIQUE (name),
      CONSTRAINT organization_kind_check CHECK (kind IN ('ngo','state','international'))
    )`);
    await q.query(`CREATE TABLE app_user (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      email text NOT NULL,
      full_name text NOT NULL,
      role text NOT NULL,
      office_id uuid,
      organization_id uuid,
      locale text NOT NULL DEFAULT 'ru',
      active boolean NOT NULL DEFAULT true,
      password_hash text NOT NULL,
      last_login_at timestamptz,
      failed_login_count integer NOT NULL DEFAULT 0,
      first_failed_login_at timestamptz,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT app_user_pkey PRIMARY KEY (id),
      CONSTRAINT app_user_email_uq UNIQUE (email),
      CONSTRAINT app_user_email_lower_check CHECK (email = lower(email)),
      CONSTRAINT app_user_role_check CHECK (role IN ('admin','supervisor','caseworker','ngo_staff')),
      CONSTRAINT app_user_locale_check CHECK (locale IN ('ky','ru','en')),
      CONSTRAINT app_user_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT app_user_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization(id),
      CONSTRAINT app_user_scope_check CHECK (
        (role IN ('supervisor','caseworker') AND office_id IS NOT NULL AND organization_id IS NULL) OR
        (role = 'ngo_staff' AND organization_id IS NOT NULL AND office_id IS NULL) OR
        (role = 'admin' AND organization_id IS NULL))
    )`);
    await q.query(`CREATE INDEX app_user_office_id_idx ON app_user (office_id)`);
    await q.query(`CREATE TABLE refresh_token (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      family_id uuid NOT NULL,
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      rotated_at timestamptz,
      revoked_at timestamptz,
      CONSTRAINT refresh_token_pkey PRIMARY KEY (id),
      CONSTRAINT refresh_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX refresh_token_family_id_idx ON refresh_token (family_id)`);
    await q.query(`CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      action text NOT NULL,
      entity text NOT NULL,
      entity_id text,
      ip text,
      diff jsonb,
      prev_hash text,
      hash text,
      CONSTRAINT audit_log_pkey PRIMARY KEY (id),
      CONSTRAINT audit_log_action_check CHECK (action IN ('read','create','update','delete','login','login_failed','logout','export'))
    )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id)`);
    await q.query(`CREATE INDEX audit_log_actor_id_at_idx ON audit_log (actor_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE organization`);
    await q.query(`DROP TABLE office`);
  }
}
