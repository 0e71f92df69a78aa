import { MigrationInterface, QueryRunner } from 'typeorm';

// The supervisor dashboard's counts kept current as the data changes (issue 20: rollups instead of caches), so each
// figure is a small read instead of a scan of an office's cases, returnees or referrals (seconds at 1M returnees).
// Statement-level triggers with transition tables fold each statement's rows into the rollups in one aggregated
// upsert (+1 for every new row, −1 for every old row, grouped by the rollup's key), so a bulk import pays one
// statement per rollup, and an UPDATE that changes nothing counted (a note, a version bump) touches no rollup row.
// Everything stays in the database: the cases, returnees, referrals and follow-ups contexts write their tables as
// before and never call the dashboard's code. Read by libs/supervision/src/dashboard.repository.ts; the figures are
// exactly those of the queries they replace (test/e2e/dashboard-rollups.e2e-spec.ts compares them cell by cell).
//
// What depends on the clock is not stored: the overdue trend's current week and the follow-ups that are scheduled and
// fell due today (UTC) are counted live from indexes over that week or day only.
//
// ALWAYS: bulk loads that skip triggers with session_replication_role = replica (seed:big, pg_restore
// --disable-triggers) must still feed the rollups, as for the search tables (1764500000000-ScaleIndexes).

const TZ = 'Asia/Bishkek';

interface Rollup {
  table: string;
  keys: string[];
  values: string[];
  // rows of the rollup contributed by the relation `src`, each value multiplied by `s` (+1 new, −1 old)
  facts: (src: string, s: string) => string;
}

const caseRollups: Rollup[] = [
  {
    table: 'dashboard_case_month',
    keys: ['office_id', 'month', 'type'],
    values: ['opened', 'closed'],
    facts: (src, s) =>
      `SELECT office_id, date_trunc('month', opened_at AT TIME ZONE '${TZ}')::date AS month, type, ${s} AS opened, 0 AS closed
         FROM ${src} WHERE deleted_at IS NULL
       UNION ALL
       SELECT office_id, date_trunc('month', closed_at AT TIME ZONE '${TZ}')::date, type, 0, ${s}
         FROM ${src} WHERE deleted_at IS NULL AND status = 'closed' AND closed_at IS NOT NULL`,
  },
  {
    table: 'dashboard_case_status',
    keys: ['office_id', 'status'],
    values: ['n'],
    facts: (src, s) => `SELECT office_id, status, ${s} AS n FROM ${src} WHERE deleted_at IS NULL`,
  },
  {
    // cases whose due date fell in the (Bishkek, Monday-first) week and was not met by closing first
    table: 'dashboard_case_overdue_week',
    keys: ['office_id', 'week'],
    values: ['n'],
    facts: (src, s) =>
      `SELECT office_id, date_trunc('week', due_at AT TIME ZONE '${TZ}')::date AS week, ${s} AS n
         FROM ${src} WHERE deleted_at IS NULL AND due_at IS NOT NULL AND (closed_at IS NULL OR closed_at > due_at)`,
  },
];

const returneeRollups: Rollup[] = [
  {
    table: 'dashboard_returnee_oblast',
    keys: ['office_id', 'oblast'],
    values: ['n'],
    facts: (src, s) => `SELECT office_id, oblast, ${s} AS n FROM ${src} WHERE deleted_at IS NULL`,
  },
];

const referralRollups: Rollup[] = [
  {
    table: 'dashboard_referral',
    keys: ['office_id', 'organization_id'],
    values: ['sent', 'accepted', 'completed'],
    facts: (src, s) =>
      `SELECT office_id, organization_id, ${s} AS sent,
              CASE WHEN accepted_at IS NOT NULL OR status IN ('accepted','in_service','completed') THEN ${s} ELSE 0 END AS accepted,
              CASE WHEN status = 'completed' THEN ${s} ELSE 0 END AS completed
         FROM ${src}`,
  },
];

// Scheduled ones by the UTC day they fall due (whether that has passed depends on the clock); done and missed ones
// under -infinity, as their due date does not matter; cancelled ones never count.
const followUpRollups: Rollup[] = [
  {
    table: 'dashboard_follow_up',
    keys: ['office_id', 'status', 'due_day'],
    values: ['n'],
    facts: (src, s) =>
      `SELECT office_id, status, CASE WHEN status = 'scheduled' THEN (due_at AT TIME ZONE 'UTC')::date ELSE '-infinity'::date END AS due_day, ${s} AS n
         FROM ${src} WHERE status IN ('scheduled','done','missed')`,
  },
];

// Current plan versions of returnees not deleted: the returnee's side is read as it stands (a statement on
// plan_version does not change it); a returnee's deletion or restoration moves its plans (trigger on returnee below).
const planRollups: Rollup[] = [
  {
    table: 'dashboard_plan_status',
    keys: ['office_id', 'status'],
    values: ['n'],
    facts: (src, s) =>
      `SELECT p.office_id, p.status, ${s} AS n FROM ${src} p JOIN returnee r ON r.id = p.returnee_id
        WHERE p.is_current AND r.deleted_at IS NULL`,
  },
];

function fold(r: Rollup, parts: Array<[string, string]>): string {
  const sums = r.values.map((v) => `sum(${v})::int AS ${v}`).join(', ');
  const keys = r.keys.join(', ');
  return `INSERT INTO ${r.table} AS t (${keys}, ${r.values.join(', ')})
    SELECT ${keys}, ${sums} FROM (${parts.map(([src, s]) => r.facts(src, s)).join(' UNION ALL ')}) f
     GROUP BY ${keys} HAVING ${r.values.map((v) => `sum(${v}) <> 0`).join(' OR ')}
     ORDER BY ${keys}
    ON CONFLICT (${keys}) DO UPDATE SET ${r.values.map((v) => `${v} = t.${v} + excluded.${v}`).join(', ')}`;
}

const OPS: Array<{ op: 'INSERT' | 'UPDATE' | 'DELETE'; suffix: string; referencing: string; parts: Array<[string, string]> }> = [
  { op: 'INSERT', suffix: 'ins', referencing: 'NEW TABLE AS new_rows', parts: [['new_rows', '1']] },
  {
    op: 'UPDATE',
    suffix: 'upd',
    referencing: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    parts: [
      ['new_rows', '1'],
      ['old_rows', '-1'],
    ],
  },
  { op: 'DELETE', suffix: 'del', referencing: 'OLD TABLE AS old_rows', parts: [['old_rows', '-1']] },
];

const SOURCES: Array<{ source: string; rollups: Rollup[] }> = [
  { source: 'case_file', rollups: caseRollups },
  { source: 'returnee', rollups: returneeRollups },
  { source: 'referral', rollups: referralRollups },
  { source: 'follow_up', rollups: followUpRollups },
  { source: 'plan_version', rollups: planRollups },
];

const ALL_ROLLUPS = SOURCES.flatMap((s) => s.rollups);

export class DashboardRollups1765300000000 implements MigrationInterface {
  name = 'DashboardRollups1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE dashboard_case_month (office_id uuid NOT NULL, month date NOT NULL, type text NOT NULL,
      opened int NOT NULL, closed int NOT NULL, PRIMARY KEY (office_id, month, type))`);
    await q.query(`CREATE TABLE dashboard_case_status (office_id uuid NOT NULL, status text NOT NULL, n int NOT NULL, PRIMARY KEY (office_id, status))`);
    await q.query(`CREATE TABLE dashboard_case_overdue_week (office_id uuid NOT NULL, week date NOT NULL, n int NOT NULL, PRIMARY KEY (office_id, week))`);
    await q.query(`CREATE TABLE dashboard_returnee_oblast (office_id uuid NOT NULL, oblast text NOT NULL, n int NOT NULL, PRIMARY KEY (office_id, oblast))`);
    await q.query(`CREATE TABLE dashboard_referral (office_id uuid NOT NULL, organization_id uuid NOT NULL,
      sent int NOT NULL, accepted int NOT NULL, completed int NOT NULL, PRIMARY KEY (office_id, organization_id))`);
    await q.query(`CREATE TABLE dashboard_follow_up (office_id uuid NOT NULL, status text NOT NULL, due_day date NOT NULL, n int NOT NULL,
      PRIMARY KEY (office_id, status, due_day))`);
    await q.query(`CREATE TABLE dashboard_plan_status (office_id uuid NOT NULL, status text NOT NULL, n int NOT NULL, PRIMARY KEY (office_id, status))`);
    // Return reasons: the latest episode of each returnee (not deleted) as counted now, so a change to episodes or to
    // the returnee moves exactly that returnee's contribution; and the counts by office and reason.
    await q.query(`CREATE TABLE dashboard_returnee_reason (returnee_id uuid PRIMARY KEY, office_id uuid NOT NULL, return_reason text NOT NULL)`);
    await q.query(
      `CREATE TABLE dashboard_return_reason (office_id uuid NOT NULL, return_reason text NOT NULL, n int NOT NULL, PRIMARY KEY (office_id, return_reason))`,
    );

    for (const { source, rollups } of SOURCES) {
      for (const { op, suffix, referencing, parts } of OPS) {
        const fn = `dashboard_${source}_${suffix}`;
        await q.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            ${rollups.map((r) => fold(r, parts)).join(';\n')};
            RETURN NULL;
          END $$`);
        await q.query(`CREATE TRIGGER ${fn} AFTER ${op} ON ${source} REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
        await q.query(`ALTER TABLE ${source} ENABLE ALWAYS TRIGGER ${fn}`);
      }
    }

    // A returnee deleted or restored takes its current plans out of the counts or back in.
    await q.query(`CREATE FUNCTION dashboard_returnee_plans() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO dashboard_plan_status AS t (office_id, status, n)
          SELECT p.office_id, p.status, sum(CASE WHEN n.deleted_at IS NULL THEN 1 ELSE -1 END)::int
            FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN plan_version p ON p.returnee_id = n.id AND p.is_current
           WHERE (n.deleted_at IS NULL) <> (o.deleted_at IS NULL)
           GROUP BY p.office_id, p.status HAVING sum(CASE WHEN n.deleted_at IS NULL THEN 1 ELSE -1 END) <> 0
           ORDER BY 1, 2
          ON CONFLICT (office_id, status) DO UPDATE SET n = t.n + excluded.n;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER dashboard_returnee_plans AFTER UPDATE ON returnee REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_returnee_plans()`,
    );
    await q.query(`ALTER TABLE returnee ENABLE ALWAYS TRIGGER dashboard_returnee_plans`);

    // The latest episode (latest departure, then position) of the given returnees, recomputed from the tables and
    // folded in as the difference from what was counted. Returnees are locked in 64 hash buckets (sorted, so two
    // writers cannot deadlock) until commit, so a concurrent writer of the same returnee recomputes after this one
    // has committed and sees its episodes.
    await q.query(`CREATE FUNCTION dashboard_reason_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(20520, b) FROM (SELECT DISTINCT abs(hashtext(id::text) % 64) AS b FROM unnest(ids) AS id ORDER BY 1) x;
        WITH want AS (
               SELECT r.id AS returnee_id, r.office_id, e.return_reason FROM returnee r
                 JOIN LATERAL (SELECT return_reason FROM migration_episode WHERE returnee_id = r.id
                                ORDER BY departed_on DESC, position DESC LIMIT 1) e ON true
                WHERE r.id = ANY(ids) AND r.deleted_at IS NULL),
             -- one index probe per returnee (OFFSET 0 keeps the lateral from being flattened into a scan of every fact)
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
    const reasonTriggers: Array<{ name: string; on: string; op: string; referencing: string; ids: string }> = [
      {
        name: 'dashboard_reason_episode_ins',
        on: 'migration_episode',
        op: 'INSERT',
        referencing: 'NEW TABLE AS new_rows',
        ids: 'SELECT returnee_id FROM new_rows',
      },
      {
        name: 'dashboard_reason_episode_upd',
        on: 'migration_episode',
        op: 'UPDATE',
        referencing: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
        ids: `SELECT n.returnee_id FROM new_rows n JOIN old_rows o ON o.id = n.id
               WHERE (n.returnee_id, n.departed_on, n.position, n.return_reason) IS DISTINCT FROM (o.returnee_id, o.departed_on, o.position, o.return_reason)
              UNION SELECT o.returnee_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.returnee_id <> o.returnee_id`,
      },
      {
        name: 'dashboard_reason_episode_del',
        on: 'migration_episode',
        op: 'DELETE',
        referencing: 'OLD TABLE AS old_rows',
        ids: 'SELECT returnee_id FROM old_rows',
      },
      {
        name: 'dashboard_reason_returnee_upd',
        on: 'returnee',
        op: 'UPDATE',
        referencing: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
        ids: `SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
               WHERE n.office_id <> o.office_id OR (n.deleted_at IS NULL) <> (o.deleted_at IS NULL)`,
      },
      { name: 'dashboard_reason_returnee_del', on: 'returnee', op: 'DELETE', referencing: 'OLD TABLE AS old_rows', ids: 'SELECT id FROM old_rows' },
    ];
    for (const t of reasonTriggers) {
      await q.query(`CREATE FUNCTION ${t.name}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE ids uuid[];
        BEGIN
          SELECT array_agg(DISTINCT x) INTO ids FROM (${t.ids}) AS s(x);
          IF ids IS NOT NULL THEN PERFORM dashboard_reason_refresh(ids); END IF;
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER ${t.name} AFTER ${t.op} ON ${t.on} REFERENCING ${t.referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${t.name}()`);
      await q.query(`ALTER TABLE ${t.on} ENABLE ALWAYS TRIGGER ${t.name}`);
    }

    // Every rollup recomputed from the tables: the backfill below, and the repair after a load that bypassed triggers
    // (ALTER TABLE … DISABLE TRIGGER ALL) or a TRUNCATE of a source table.
    await q.query(`CREATE FUNCTION dashboard_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE ${[...ALL_ROLLUPS.map((r) => r.table), 'dashboard_returnee_reason', 'dashboard_return_reason'].join(', ')};
        ${SOURCES.flatMap(({ source, rollups }) => rollups.map((r) => fold(r, [[source, '1']]))).join(';\n')};
        INSERT INTO dashboard_returnee_reason
          SELECT r.id, r.office_id, e.return_reason FROM returnee r
            JOIN LATERAL (SELECT return_reason FROM migration_episode WHERE returnee_id = r.id ORDER BY departed_on DESC, position DESC LIMIT 1) e ON true
           WHERE r.deleted_at IS NULL;
        INSERT INTO dashboard_return_reason SELECT office_id, return_reason, count(*)::int FROM dashboard_returnee_reason GROUP BY 1, 2;
      END $$`);
    await q.query(`SELECT dashboard_rollups_rebuild()`);
    for (const r of [...ALL_ROLLUPS.map((x) => x.table), 'dashboard_returnee_reason', 'dashboard_return_reason']) await q.query(`ANALYZE ${r}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { source } of SOURCES) {
      for (const { suffix } of OPS) {
        await q.query(`DROP TRIGGER dashboard_${source}_${suffix} ON ${source}`);
        await q.query(`DROP FUNCTION dashboard_${source}_${suffix}()`);
      }
    }
    await q.query(`DROP TRIGGER dashboard_returnee_plans ON returnee`);
    await q.query(`DROP FUNCTION dashboard_returnee_plans()`);
    for (const [name, on] of [
      ['dashboard_reason_episode_ins', 'migration_episode'],
      ['dashboard_reason_episode_upd', 'migration_episode'],
      ['dashboard_reason_episode_del', 'migration_episode'],
      ['dashboard_reason_returnee_upd', 'returnee'],
      ['dashboard_reason_returnee_del', 'returnee'],
    ]) {
      await q.query(`DROP TRIGGER ${name} ON ${on}`);
      await q.query(`DROP FUNCTION ${name}()`);
    }
    await q.query(`DROP FUNCTION dashboard_reason_refresh(uuid[])`);
    await q.query(`DROP FUNCTION dashboard_rollups_rebuild()`);
    for (const r of [...ALL_ROLLUPS.map((x) => x.table), 'dashboard_returnee_reason', 'dashboard_return_reason']) await q.query(`DROP TABLE ${r}`);
  }
}
