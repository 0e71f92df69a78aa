import { MigrationInterface, QueryRunner } from 'typeorm';

// Tamper-evident audit log and the least-privilege role of the API and the worker (issue 8).
//
// Sealing is asynchronous: rows are inserted unsealed (seq, prev_hash, hash NULL) so an audited request never waits on
// a chain lock; audit_seal() (run by the worker every 2 s and by GET /api/audit/verify) takes the head lock, and gives
// pending rows in id order the next seq, the previous hash and
//   hash = sha256(prev_hash || '|' || canonical row)
// where the canonical row is a jsonb array of the columns as text (jsonb's text form is the same under any session
// setting, and its quoting keeps field boundaries unambiguous; '|'-joined text would let a '|' move between fields).
// The same expression is in libs/audit/src/audit-chain.ts (the verifier); a sealed row's columns can never change
// again (trigger below), and the app role may only INSERT and SELECT audit_log.
const AUDIT_GENESIS_HASH = '0'.repeat(64);

export class AuditChain1764600000000 implements MigrationInterface {
  name = 'AuditChain1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN seq bigint`);
    await q.query(`CREATE UNIQUE INDEX audit_log_seq_uq ON audit_log (seq)`);
    // the sealer's queue: small, since a row leaves it once sealed
    await q.query(`CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE seq IS NULL`);
    await q.query(`CREATE TABLE audit_chain_head (
      id int NOT NULL,
      seq bigint,
      hash text,
      CONSTRAINT audit_chain_head_pkey PRIMARY KEY (id),
      CONSTRAINT audit_chain_head_single_check CHECK (id = 1)
    )`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, NULL, NULL)`);

    // A plpgsql loop (the chain is sequential by nature) collecting into arrays, then one set-based UPDATE: 100k rows
    // seal in about a second. Concurrent callers serialise on the head row.
    await q.query(`CREATE FUNCTION audit_seal(max_rows int) RETURNS int
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      DECLARE
        h_seq bigint;
        h_hash text;
        prev text;
        r record;
        n int := 0;
        ids bigint[] := '{}';
        seqs bigint[] := '{}';
        prevs text[] := '{}';
        hashes text[] := '{}';
      BEGIN
        IF max_rows IS NULL OR max_rows < 1 THEN RETURN 0; END IF;
        SELECT h.seq, h.hash INTO h_seq, h_hash FROM audit_chain_head h WHERE h.id = 1 FOR UPDATE;
        FOR r IN SELECT a.id, a.at, a.actor_id, a.action, a.entity, a.entity_id, a.ip, a.diff
                 FROM audit_log a WHERE a.seq IS NULL ORDER BY a.id LIMIT max_rows LOOP
          h_seq := coalesce(h_seq, 0) + 1;
          prev := coalesce(h_hash, '${AUDIT_GENESIS_HASH}');
          h_hash := encode(sha256(convert_to(prev || '|' || jsonb_build_array(h_seq::text, r.id::text,
            to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), r.actor_id::text, r.action, r.entity,
            r.entity_id, r.ip, r.diff)::text, 'UTF8')), 'hex');
          n := n + 1;
          ids[n] := r.id;
          seqs[n] := h_seq;
          prevs[n] := prev;
          hashes[n] := h_hash;
        END LOOP;
        IF n = 0 THEN RETURN 0; END IF;
        UPDATE audit_log a SET seq = u.seq, prev_hash = u.prev_hash, hash = u.hash
          FROM unnest(ids, seqs, prevs, hashes) AS u(id, seq, prev_hash, hash) WHERE a.id = u.id;
        UPDATE audit_chain_head SET seq = h_seq, hash = h_hash WHERE id = 1;
        RETURN n;
      END
      $fn$`);

    // Append-only: the one change ever allowed is sealing (seq, prev_hash and hash filled from NULL, nothing else
    // touched), so not even audit_seal can rewrite a sealed row. Only the owner can get past this, by disabling the
    // trigger, and GET /api/audit/verify then finds the altered row.
    await q.query(`CREATE FUNCTION audit_log_guard() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
             AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
             AND (NEW.id, NEW.at, NEW.actor_id, NEW.action, NEW.entity, NEW.entity_id, NEW.ip, NEW.diff)
                 IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor_id, OLD.action, OLD.entity, OLD.entity_id, OLD.ip, OLD.diff) THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(`CREATE TRIGGER audit_log_guard_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`);
    await q.query(`CREATE TRIGGER audit_log_guard_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`);
    await q.query(`CREATE TRIGGER audit_log_guard_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()`);

    // The group role of the API and the worker. Roles are cluster-wide and many databases of one cluster may migrate
    // at once (tests): the advisory lock orders the callers of this database, the exception the others.
    await q.query(`DO $do$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('kaytuu_app_role', 0));
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kaytuu_app') THEN
          BEGIN
            CREATE ROLE kaytuu_app NOLOGIN;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
              NULL;
            WHEN insufficient_privilege THEN
              RAISE EXCEPTION 'The migrating role may not create roles: as a superuser run CREATE ROLE kaytuu_app NOLOGIN, then start again';
          END;
        END IF;
      END
      $do$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO kaytuu_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kaytuu_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kaytuu_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_chain_head FROM kaytuu_app`);
    await q.query(`REVOKE INSERT ON audit_chain_head FROM kaytuu_app`);
    await q.query(`REVOKE ALL ON FUNCTION audit_seal(int) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_seal(int) TO kaytuu_app`);
    // tables and sequences of later migrations (run by this same owner role) are the app's too
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO kaytuu_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO kaytuu_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM kaytuu_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM kaytuu_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM kaytuu_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM kaytuu_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM kaytuu_app`);
    // the role itself stays: it is cluster-wide and other databases may use it
    await q.query(`DROP TRIGGER audit_log_guard_truncate ON audit_log`);
    await q.query(`DROP TRIGGER audit_log_guard_delete ON audit_log`);
    await q.query(`DROP TRIGGER audit_log_guard_update ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_guard()`);
    await q.query(`DROP FUNCTION audit_seal(int)`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP INDEX audit_log_unsealed_idx`);
    await q.query(`DROP INDEX audit_log_seq_uq`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN seq`);
  }
}
