import { MigrationInterface, QueryRunner } from 'typeorm';

// Reports broken down by country or return reason (issue 20) read each person's latest migration episode from the
// per-returnee fact the dashboard keeps (dashboard_returnee_reason, migration 1765300000000-DashboardRollups) instead
// of looking it up per report row (a LATERAL index probe for each of 330,000 case rows of a year at 100k returnees:
// more than half of such a report). The report counts rows of returnees deleted since, so the fact now holds every
// returnee with an episode — `deleted` marks those the dashboard's return-reason counts leave out — and the latest
// episode's country beside its return reason. The same triggers keep it (dashboard_reason_refresh, redefined here to
// count only the rows not deleted); the rebuild and the backfill fill it the same way.

const LATEST = `JOIN LATERAL (SELECT return_reason, country FROM migration_episode WHERE returnee_id = r.id
                                ORDER BY departed_on DESC, position DESC LIMIT 1) e ON true`;

const REFRESH_V2 = `CREATE OR REPLACE FUNCTION dashboard_reason_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(20520, b) FROM (SELECT DISTINCT abs(hashtext(id::text) % 64) AS b FROM unnest(ids) AS id ORDER BY 1) x;
        WITH want AS (
               SELECT r.id AS returnee_id, r.office_id, e.return_reason, e.country, r.deleted_at IS NOT NULL AS deleted FROM returnee r
                 ${LATEST}
                WHERE r.id = ANY(ids)),
             -- one index probe per returnee (OFFSET 0 keeps the lateral from being flattened into a scan of every fact)
             had AS (SELECT f.* FROM unnest(ids) AS i(id)
                       CROSS JOIN LATERAL (SELECT returnee_id, office_id, return_reason, deleted FROM dashboard_returnee_reason
                                            WHERE returnee_id = i.id OFFSET 0) f),
             counted AS (
               INSERT INTO dashboard_return_reason AS t (office_id, return_reason, n)
               SELECT office_id, return_reason, sum(s)::int FROM (
                        SELECT office_id, return_reason, 1 AS s FROM want WHERE NOT deleted
                        UNION ALL SELECT office_id, return_reason, -1 FROM had WHERE NOT deleted) d
                GROUP BY 1, 2 HAVING sum(s) <> 0 ORDER BY 1, 2
               ON CONFLICT (office_id, return_reason) DO UPDATE SET n = t.n + excluded.n
               RETURNING 1),
             gone AS (
               DELETE FROM dashboard_returnee_reason f USING had h
                WHERE f.returnee_id = h.returnee_id AND NOT EXISTS (SELECT 1 FROM want w WHERE w.returnee_id = h.returnee_id)
               RETURNING 1)
        INSERT INTO dashboard_returnee_reason AS t (returnee_id, office_id, return_reason, country, deleted)
          SELECT returnee_id, office_id, return_reason, country, deleted FROM want
          ON CONFLICT (returnee_id) DO UPDATE SET office_id = excluded.office_id, return_reason = excluded.return_reason,
                                                  country = excluded.country, deleted = excluded.deleted
           WHERE (t.office_id, t.return_reason, t.country, t.deleted) IS DISTINCT FROM
                 (excluded.office_id, excluded.return_reason, excluded.country, excluded.deleted);
      END $$`;

// the whole rebuild as before, with the fact of every returnee (deleted ones marked) and counts of those not deleted
const FILL_V2 = `INSERT INTO dashboard_returnee_reason (returnee_id, office_id, return_reason, country, deleted)
          SELECT r.id, r.office_id, e.return_reason, e.country, r.deleted_at IS NOT NULL FROM returnee r
            ${LATEST};
        INSERT INTO dashboard_return_reason
          SELECT office_id, return_reason, count(*)::int FROM dashboard_returnee_reason WHERE NOT deleted GROUP BY 1, 2`;
const FILL_V1 = `INSERT INTO dashboard_returnee_reason
          SELECT r.id, r.office_id, e.return_reason FROM returnee r
            JOIN LATERAL (SELECT return_reason FROM migration_episode WHERE returnee_id = r.id ORDER BY departed_on DESC, position DESC LIMIT 1) e ON true
           WHERE r.deleted_at IS NULL;
        INSERT INTO dashboard_return_reason SELECT office_id, return_reason, count(*)::int FROM dashboard_returnee_reason GROUP BY 1, 2`;

// dashboard_rollups_rebuild() as defined by 1765300000000, with its return-reason part replaced
// an episode whose country changes now changes the fact too
const episodeUpdate = (columns: string) => `CREATE OR REPLACE FUNCTION dashboard_reason_episode_upd() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE ids uuid[];
        BEGIN
          SELECT array_agg(DISTINCT x) INTO ids FROM (SELECT n.returnee_id FROM new_rows n JOIN old_rows o ON o.id = n.id
               WHERE (${columns.replace(/\w+/g, 'n.$&')}) IS DISTINCT FROM (${columns.replace(/\w+/g, 'o.$&')})
              UNION SELECT o.returnee_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.returnee_id <> o.returnee_id) AS s(x);
          IF ids IS NOT NULL THEN PERFORM dashboard_reason_refresh(ids); END IF;
          RETURN NULL;
        END $$`;

async function redefineRebuild(q: QueryRunner, from: string, to: string): Promise<void> {
  const rows = (await q.query(`SELECT pg_get_functiondef('dashboard_rollups_rebuild()'::regprocedure) AS def`)) as Array<{ def: string }>;
  const def = rows[0].def.replace(/\s+/g, ' ');
  const part = from.replace(/\s+/g, ' ');
  if (!def.includes(part)) throw new Error('dashboard_rollups_rebuild() is not the one this migration knows');
  await q.query(def.replace(part, to.replace(/\s+/g, ' ')));
}

export class ReportLatestEpisode1765400300000 implements MigrationInterface {
  name = 'ReportLatestEpisode1765400300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dashboard_returnee_reason ADD COLUMN country text, ADD COLUMN deleted boolean NOT NULL DEFAULT false`);
    await q.query(REFRESH_V2);
    await q.query(episodeUpdate('returnee_id, departed_on, position, return_reason, country'));
    await redefineRebuild(q, FILL_V1, FILL_V2);
    // backfill: the fact of every returnee with an episode (the counts by reason come out as they were)
    await q.query(`TRUNCATE dashboard_returnee_reason, dashboard_return_reason`);
    await q.query(FILL_V2);
    await q.query(`ANALYZE dashboard_returnee_reason`);
    await q.query(`ANALYZE dashboard_return_reason`);
  }

  async down(q: QueryRunner): Promise<void> {
    await redefineRebuild(q, FILL_V2, FILL_V1);
    await q.query(episodeUpdate('returnee_id, departed_on, position, return_reason'));
    await q.query(`DELETE FROM dashboard_returnee_reason WHERE deleted`);
    await q.query(`ALTER TABLE dashboard_returnee_reason DROP COLUMN country, DROP COLUMN deleted`);
    await q.query(`CREATE OR REPLACE FUNCTION dashboard_reason_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(20520, b) FROM (SELECT DISTINCT abs(hashtext(id::text) % 64) AS b FROM unnest(ids) AS id ORDER BY 1) x;
        WITH want AS (
               SELECT r.id AS returnee_id, r.office_id, e.return_reason FROM returnee r
                 JOIN LATERAL (SELECT return_reason FROM migration_episode WHERE returnee_id = r.id
                                ORDER BY departed_on DESC, position DESC LIMIT 1) e ON true
                WHERE r.id = ANY(ids) AND r.deleted_at IS NULL),
             had AS (SELECT f.* FROM unnest(ids) AS i(id)
                       CROSS JOIN LATERAL (SELECT returnee_id, office_id, return_reason FROM dashboard_returnee_reason
                                            WHERE returnee_id = i.id OFFSET 0) f),
             counted AS (
               INSERT INTO dashboard_return_reason AS t (office_id, return_reason, n)
               SELECT office_id, return_reason, sum(s)::int FROM (
                        SELECT office_id, return_reason, 1 AS s FROM want
                        UNION ALL SELECT office_id, return_reason, -1 FROM had) d
                GROUP BY 1, 2 HAVING sum(s) <> 0 ORDER BY 1, 2
               ON CONFLICT (office_id, return_reason) DO UPDATE SET n = t.n + excluded.n
               RETURNING 1),
             gone AS (
               DELETE FROM dashboard_returnee_reason f USING had h
                WHERE f.returnee_id = h.returnee_id AND NOT EXISTS (SELECT 1 FROM want w WHERE w.returnee_id = h.returnee_id)
               RETURNING 1)
        INSERT INTO dashboard_returnee_reason AS t SELECT * FROM want
          ON CONFLICT (returnee_id) DO UPDATE SET office_id = excluded.office_id, return_reason = excluded.return_reason
           WHERE (t.office_id, t.return_reason) IS DISTINCT FROM (excluded.office_id, excluded.return_reason);
      END $$`);
  }
}
