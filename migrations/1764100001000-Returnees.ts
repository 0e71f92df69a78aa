import { MigrationInterface, QueryRunner } from 'typeorm';

export class Returnees1764100001000 implements MigrationInterface {
  name = 'Returnees1764100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // levenshtein() for name search: trigrams alone miss a 1–2 letter typo in a short name (asonov vs asanov scores 0.4)
    await q.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    await q.query(`CREATE SEQUENCE returnee_code_seq`);
    await q.query(`CREATE TABLE returnee (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      code text NOT NULL,
      pin text,
      last_name text NOT NULL,
      first_name text NOT NULL,
      patronymic text,
      sex text NOT NULL,
      birth_date date NOT NULL,
      phone text,
      oblast text NOT NULL,
      district text NOT NULL,
      address text,
      household_size integer,
      dependents integer NOT NULL DEFAULT 0,
      languages text[] NOT NULL DEFAULT '{}',
      education text,
      skills text[] NOT NULL DEFAULT '{}',
      disability text NOT NULL DEFAULT 'none',
      vulnerabilities text[] NOT NULL DEFAULT '{}',
      office_id uuid NOT NULL,
      created_by uuid,
      search_text text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      CONSTRAINT returnee_pkey PRIMARY KEY (id),
      CONSTRAINT returnee_code_uq UNIQUE (code),
      CONSTRAINT returnee_office_id_fkey FOREIGN KEY (office_id) REFERENCES office(id),
      CONSTRAINT returnee_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT returnee_sex_check CHECK (sex IN ('female','male')),
      CONSTRAINT returnee_pin_check CHECK (pin IS NULL OR pin ~ '^[0-9]{14}$'),
      CONSTRAINT returnee_phone_check CHECK (phone IS NULL OR phone ~ '^\\+996[0-9]{9}$'),
      CONSTRAINT returnee_oblast_check CHECK (oblast IN ('bishkek','osh_city','chuy','osh','jalal_abad','batken','naryn','issyk_kul','talas')),
      CONSTRAINT returnee_disability_check CHECK (disability IN ('none','physical','sensory','mental','other'))
    )`);
    // a PIN identifies one living record; a soft-deleted duplicate does not block re-registration
    await q.query(`CREATE UNIQUE INDEX returnee_pin_uq ON returnee (pin) WHERE pin IS NOT NULL AND deleted_at IS NULL`);
    await q.query(`CREATE INDEX returnee_office_id_idx ON returnee (office_id, last_name) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX returnee_birth_date_idx ON returnee (birth_date)`);
    await q.query(`CREATE INDEX returnee_phone_idx ON returnee (phone)`);
    await q.query(`CREATE INDEX returnee_search_text_trgm_idx ON returnee USING gin (search_text gin_trgm_ops)`);

    await q.query(`CREATE TABLE migration_episode (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      position integer NOT NULL DEFAULT 0,
      country text NOT NULL,
      city text,
      departed_on date NOT NULL,
      returned_on date,
      sector text NOT NULL,
      employment_formal boolean NOT NULL DEFAULT false,
      return_reason text NOT NULL,
      entry_ban_active boolean NOT NULL DEFAULT false,
      entry_ban_until date,
      entry_ban_authority text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT migration_episode_pkey PRIMARY KEY (id),
      CONSTRAINT migration_episode_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id) ON DELETE CASCADE,
      CONSTRAINT migration_episode_country_check CHECK (country ~ '^[A-Z]{2}$'),
      CONSTRAINT migration_episode_sector_check CHECK (sector IN ('construction','trade','services','domestic_work','transport','agriculture','manufacturing','other')),
      CONSTRAINT migration_episode_return_reason_check CHECK (return_reason IN ('entry_ban','deported','end_of_contract','health','family','economic','other')),
      CONSTRAINT migration_episode_dates_check CHECK (returned_on IS NULL OR returned_on >= departed_on)
    )`);
    await q.query(`CREATE INDEX migration_episode_returnee_id_idx ON migration_episode (returnee_id, position)`);

    await q.query(`CREATE TABLE consent (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      returnee_id uuid NOT NULL,
      scope text[] NOT NULL,
      given_at timestamptz NOT NULL,
      expires_at timestamptz,
      withdrawn_at timestamptz,
      recorded_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT consent_pkey PRIMARY KEY (id),
      CONSTRAINT consent_returnee_id_fkey FOREIGN KEY (returnee_id) REFERENCES returnee(id) ON DELETE CASCADE,
      CONSTRAINT consent_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user(id),
      CONSTRAINT consent_scope_check CHECK (scope <@ ARRAY['data_processing','share_with_ngo','share_health','contact_by_phone']::text[] AND cardinality(scope) > 0)
    )`);
    await q.query(`CREATE INDEX consent_returnee_id_idx ON consent (returnee_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent`);
    await q.query(`DROP TABLE migration_episode`);
    await q.query(`DROP TABLE returnee`);
    await q.query(`DROP SEQUENCE returnee_code_seq`);
  }
}
