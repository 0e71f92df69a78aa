import { DashboardRepository } from '../../libs/supervision/src/dashboard.repository';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

// The dashboard reads rollup tables kept by triggers (migration 1765300000000-DashboardRollups). Here every figure is
// compared, cell by cell, with the direct query it replaced (kept below as the reference), for each office and for
// all offices, on randomised data put through inserts, status changes, reopenings, reassignments to other offices,
// soft and hard deletes, date corrections, new episodes and plan versions — in bulk statements and row by row — and
// at clock instants on week, month and UTC-day boundaries.

const TZ = 'Asia/Bishkek';
const TYPES = ['health_referral', 'legal_aid', 'job_placement', 'pension_claim'];
const OPEN_STATUSES = ['open', 'in_progress', 'on_hold', 'pending_closure'];
const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'under_review', 'completed', 'closed'];
const NOWS = [
  new Date('2026-03-18T06:00:00Z'), // a Wednesday midday in Bishkek
  new Date('2026-03-15T18:10:00Z'), // Monday 00:10 in Bishkek: the week has just begun
  new Date('2026-02-28T18:05:00Z'), // 1 March 00:05 in Bishkek: the month has just begun
  new Date('2026-03-18T00:00:01Z'), // one second into a UTC day
];

// The queries the dashboard ran before the rollups (libs/supervision/src/dashboard.repository.ts before issue 20).
const REFERENCE = {
  openedVsClosed: `WITH bounds AS (SELECT date_trunc('month', $2::timestamptz AT TIME ZONE '${TZ}') AS this_month),
            months AS (SELECT generate_series(this_month - interval '11 months', this_month, interval '1 month') AS m FROM bounds),
            types AS (SELECT unnest($3::text[]) AS type),
            opened AS (
              SELECT date_trunc('month', opened_at AT TIME ZONE '${TZ}') AS m, type, count(*)::int AS n
                FROM case_file
               WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR office_id = $1)
                 AND opened_at >= ((SELECT this_month FROM bounds) - interval '11 months') AT TIME ZONE '${TZ}'
               GROUP BY 1, 2),
            closed AS (
              SELECT date_trunc('month', closed_at AT TIME ZONE '${TZ}') AS m, type, count(*)::int AS n
                FROM case_file
               WHERE deleted_at IS NULL AND status = 'closed' AND ($1::uuid IS NULL OR office_id = $1)
                 AND closed_at >= ((SELECT this_month FROM bounds) - interval '11 months') AT TIME ZONE '${TZ}'
               GROUP BY 1, 2)
       SELECT to_char(months.m, 'YYYY-MM') AS month, types.type,
              coalesce(o.n, 0) AS opened, coalesce(c.n, 0) AS closed
         FROM months CROSS JOIN types
         LEFT JOIN opened o ON o.m = months.m AND o.type = types.type
         LEFT JOIN closed c ON c.m = months.m AND c.type = types.type
        ORDER BY month, array_position($3::text[], types.type)`,
  openByStatus: `SELECT s.status, coalesce(c.n, 0) AS n
         FROM unnest($2::text[]) WITH ORDINALITY AS s(status, pos)
         LEFT JOIN (SELECT status, count(*)::int AS n FROM case_file
                     WHERE deleted_at IS NULL AND status = ANY($2::text[]) AND ($1::uuid IS NULL OR office_id = $1) GROUP BY status) c ON c.status = s.status
        ORDER BY s.pos`,
  overdueTrend: `WITH bounds AS (SELECT date_trunc('week', $2::timestamptz AT TIME ZONE '${TZ}') AS this_week),
            weeks AS (SELECT generate_series(this_week - interval '11 weeks', this_week, interval '1 week') AS w FROM bounds),
            missed AS (
              SELECT date_trunc('week', due_at AT TIME ZONE '${TZ}') AS w, count(*)::int AS n
                FROM case_file
               WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR office_id = $1)
                 AND due_at < $2 AND due_at >= ((SELECT this_week FROM bounds) - interval '11 weeks') AT TIME ZONE '${TZ}'
                 AND (closed_at IS NULL OR closed_at > due_at)
               GROUP BY 1)
       SELECT to_char(weeks.w, 'YYYY-MM-DD') AS week, coalesce(missed.n, 0) AS overdue
         FROM weeks LEFT JOIN missed ON missed.w = weeks.w
        ORDER BY weeks.w`,
  referralFunnel: `SELECT o.id AS "organizationId", o.name AS "organizationName",
              count(*)::int AS sent,
              count(*) FILTER (WHERE r.accepted_at IS NOT NULL OR r.status IN ('accepted','in_service','completed'))::int AS accepted,
              count(*) FILTER (WHERE r.status = 'completed')::int AS completed
         FROM referral r JOIN organization o ON o.id = r.organization_id
        WHERE ($1::uuid IS NULL OR r.office_id = $1)
        GROUP BY o.id, o.name
        ORDER BY sent DESC, o.name`,
  followUpCompletion: `SELECT count(*) FILTER (WHERE status IN ('done','missed') OR (status = 'scheduled' AND due_at < $2))::int AS due,
              count(*) FILTER (WHERE status = 'done')::int AS done,
              count(*) FILTER (WHERE status = 'missed')::int AS missed
         FROM follow_up WHERE ($1::uuid IS NULL OR office_id = $1)`,
  returneesByOblast: `SELECT oblast, count(*)::int AS n FROM returnee
        WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR office_id = $1)
        GROUP BY oblast ORDER BY n DESC, oblast`,
  returneesByReturnReason: `SELECT e.return_reason AS "returnReason", count(*)::int AS n
         FROM returnee r
         JOIN LATERAL (SELECT return_reason FROM migration_episode
                        WHERE returnee_id = r.id ORDER BY departed_on DESC, position DESC LIMIT 1) e ON true
        WHERE r.deleted_at IS NULL AND ($1::uuid IS NULL OR r.office_id = $1)
        GROUP BY e.return_reason ORDER BY n DESC, "returnReason"`,
  plansByStatus: `SELECT s.status, coalesce(c.n, 0) AS n
         FROM unnest($2::text[]) WITH ORDINALITY AS s(status, pos)
         LEFT JOIN (SELECT pv.status, count(*)::int AS n FROM plan_version pv JOIN returnee r ON r.id = pv.returnee_id
                     WHERE pv.is_current AND r.deleted_at IS NULL AND ($1::uuid IS NULL OR pv.office_id = $1) GROUP BY pv.status) c ON c.status = s.status
        ORDER BY s.pos`,
};

describe('dashboard rollups (issue 20): every figure equals the direct query', () => {
  let t: TestApp;
  let repo: DashboardRepository;
  let offices: string[];
  let staff: GivenUser[];
  let admin: GivenUser;
  const sql = (text: string, params: unknown[] = []) => t.db.query(text, params);

  async function compareAll(label: string): Promise<number> {
    let cells = 0;
    for (const office of [...offices, null]) {
      for (const now of NOWS) {
        const q = async (key: keyof typeof REFERENCE, params: unknown[]) => (await sql(REFERENCE[key], params)).rows;
        const got = {
          openedVsClosed: await repo.openedVsClosed(office, now, TYPES),
          openByStatus: await repo.openByStatus(office, OPEN_STATUSES),
          overdueTrend: await repo.overdueTrend(office, now),
          referralFunnel: await repo.referralFunnel(office),
          followUpCompletion: await repo.followUpCompletion(office, now),
          returneesByOblast: await repo.returneesByOblast(office),
          returneesByReturnReason: await repo.returneesByReturnReason(office),
          plansByStatus: await repo.plansByStatus(office, PLAN_STATUSES),
        };
        const fu = (await q('followUpCompletion', [office, now]))[0] as { due: number; done: number; missed: number };
        const want = {
          openedVsClosed: await q('openedVsClosed', [office, now, TYPES]),
          openByStatus: await q('openByStatus', [office, OPEN_STATUSES]),
          overdueTrend: await q('overdueTrend', [office, now]),
          referralFunnel: await q('referralFunnel', [office]),
          followUpCompletion: { ...fu, rate: fu.due > 0 ? Math.round((fu.done / fu.due) * 1000) / 1000 : null },
          returneesByOblast: await q('returneesByOblast', [office]),
          returneesByReturnReason: await q('returneesByReturnReason', [office]),
          plansByStatus: await q('plansByStatus', [office, PLAN_STATUSES]),
        };
        // and the same figures read together in one statement, as the dashboard does
        const together = await repo.dashboard(office, now, TYPES, OPEN_STATUSES, PLAN_STATUSES);
        expect({ label, office, now, together }).toEqual({ label, office, now, together: want });
        for (const key of Object.keys(want) as Array<keyof typeof want>) {
          expect({ label, office, now, key, value: got[key] }).toEqual({ label, office, now, key, value: want[key] });
          cells += Array.isArray(want[key]) ? (want[key] as unknown[]).length : 1;
        }
      }
    }
    return cells;
  }

  // a random office id among the test's, chosen in SQL from random()
  const anyOffice = () => `(ARRAY[${offices.map((o) => `'${o}'::uuid`).join(',')}])[1 + floor(random() * ${offices.length})::int]`;
  const anyUser = () => `(ARRAY[${staff.map((u) => `'${u.id}'::uuid`).join(',')}])[1 + floor(random() * ${staff.length})::int]`;
  const pick = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x}'`).join(',')}])[1 + floor(random() * ${xs.length})::int]`;
  // an instant between 2025-01-01 and 2026-06-30, often near the clock instants above
  const anyInstant = () =>
    `CASE WHEN random() < 0.3 THEN '2026-03-18T06:00:00Z'::timestamptz + (random() - 0.5) * interval '20 days'
          ELSE '2025-01-01T00:00:00Z'::timestamptz + random() * interval '545 days' END`;

  let serial = 0;
  async function addReturnees(n: number): Promise<void> {
    await sql(
      `INSERT INTO returnee (code, last_name, first_name, sex, birth_date, oblast, district, office_id, search_text)
       SELECT 'RR-' || $1 || '-' || g, 'Фамилия', 'Имя', ${pick(['female', 'male'])}, '1990-01-01',
              ${pick(['bishkek', 'osh', 'chuy', 'naryn', 'talas'])}, 'район', ${anyOffice()}, 'фамилия имя'
         FROM generate_series(1, $2) g`,
      [++serial, n],
    );
  }
  async function addEpisodes(n: number): Promise<void> {
    await sql(
      `INSERT INTO migration_episode (returnee_id, position, country, departed_on, sector, return_reason)
       SELECT r.id, floor(random() * 4)::int, 'RU', date '2015-01-01' + floor(random() * 40)::int * 90,
              'construction', ${pick(['entry_ban', 'deported', 'end_of_contract', 'health', 'family', 'economic', 'other'])}
         FROM (SELECT id FROM returnee ORDER BY random() LIMIT $1) r`,
      [n],
    );
  }
  async function addCases(n: number): Promise<void> {
    await sql(
      `INSERT INTO case_file (code, returnee_id, office_id, type, status, title, details_enc, opened_at, due_at, closed_at)
       SELECT 'RC-' || $1 || '-' || g, r.id, ${anyOffice()}, x.type, x.status, 'Дело',
              CASE WHEN x.type = 'health_referral' THEN 'v1.test' END, x.opened_at,
              CASE WHEN random() < 0.85 THEN x.opened_at + random() * interval '60 days' END,
              CASE WHEN x.status = 'closed' OR random() < 0.1 THEN x.opened_at + random() * interval '90 days' END
         FROM generate_series(1, $2) g
         CROSS JOIN LATERAL (SELECT id FROM returnee WHERE g > 0 ORDER BY random() LIMIT 1) r
         CROSS JOIN LATERAL (SELECT ${pick(TYPES)} AS type, ${pick([...OPEN_STATUSES, 'closed', 'closed'])} AS status,
                                    ${anyInstant()} AS opened_at WHERE g > 0) x`,
      [++serial, n],
    );
  }
  async function addReferrals(n: number): Promise<void> {
    await sql(
      `INSERT INTO referral (case_id, returnee_id, office_id, organization_id, consent_id, status, reason, shared_fields, sent_at, respond_by, accepted_at, created_by)
       SELECT c.id, c.returnee_id, ${anyOffice()}, o.id, k.id, x.status, 'Помощь', '{name}', now(), now() + interval '7 days',
              CASE WHEN x.status IN ('accepted','completed') OR (x.status IN ('declined','cancelled') AND random() < 0.5) THEN now() END, ${anyUser()}
         FROM generate_series(1, $1) g
         CROSS JOIN LATERAL (SELECT id, returnee_id FROM case_file WHERE g > 0 ORDER BY random() LIMIT 1) c
         CROSS JOIN LATERAL (SELECT id FROM organization WHERE g > 0 ORDER BY random() LIMIT 1) o
         CROSS JOIN LATERAL (SELECT ${pick(['completed', 'declined', 'cancelled', 'completed'])} AS status WHERE g > 0) x
         JOIN LATERAL (SELECT id FROM consent WHERE returnee_id = c.returnee_id LIMIT 1) k ON true`,
      [n],
    );
  }
  async function addFollowUps(n: number): Promise<void> {
    await sql(
      `INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, status, due_at)
       SELECT c.id, c.returnee_id, ${anyOffice()}, ${anyUser()}, 'call', x.status,
              CASE WHEN random() < 0.4 THEN '2026-03-18T00:00:00Z'::timestamptz + random() * interval '1 day' ELSE ${anyInstant()} END
         FROM generate_series(1, $1) g
         CROSS JOIN LATERAL (SELECT id, returnee_id FROM case_file WHERE g > 0 ORDER BY random() LIMIT 1) c
         CROSS JOIN LATERAL (SELECT ${pick(['scheduled', 'scheduled', 'done', 'missed', 'cancelled'])} AS status WHERE g > 0) x`,
      [n],
    );
  }
  async function addPlans(n: number): Promise<void> {
    await sql(
      `INSERT INTO plan_version (series_id, returnee_id, office_id, version, status, is_current, created_by)
       SELECT gen_random_uuid(), r.id, ${anyOffice()}, 1, ${pick(['draft', 'submitted', 'approved', 'completed'])}, true, ${anyUser()}
         FROM (SELECT id FROM returnee r WHERE NOT EXISTS (SELECT 1 FROM plan_version p WHERE p.returnee_id = r.id) ORDER BY random() LIMIT $1) r`,
      [n],
    );
  }

  // One round of changes, in bulk statements and one row at a time.
  async function churn(): Promise<void> {
    await addReturnees(15);
    await addEpisodes(30);
    await addCases(40);
    await addReferrals(10);
    await addFollowUps(20);
    await addPlans(5);
    // cases: closings (now and back-dated), reopenings keeping or clearing closedAt, reassignments, corrections of
    // dates, soft deletes and restorations, hard deletes of cases nothing refers to
    await sql(
      `UPDATE case_file SET status = 'closed', closed_at = ${anyInstant()} WHERE id IN (SELECT id FROM case_file WHERE status <> 'closed' ORDER BY random() LIMIT 15)`,
    );
    await sql(
      `UPDATE case_file SET status = 'in_progress', closed_at = CASE WHEN random() < 0.5 THEN NULL ELSE closed_at END
        WHERE id IN (SELECT id FROM case_file WHERE status = 'closed' ORDER BY random() LIMIT 8)`,
    );
    await sql(`UPDATE case_file SET office_id = ${anyOffice()} WHERE id IN (SELECT id FROM case_file ORDER BY random() LIMIT 10)`);
    await sql(
      `UPDATE case_file SET opened_at = ${anyInstant()}, due_at = CASE WHEN random() < 0.3 THEN NULL ELSE ${anyInstant()} END WHERE id IN (SELECT id FROM case_file ORDER BY random() LIMIT 10)`,
    );
    await sql(`UPDATE case_file SET deleted_at = now() WHERE id IN (SELECT id FROM case_file WHERE deleted_at IS NULL ORDER BY random() LIMIT 5)`);
    await sql(`UPDATE case_file SET deleted_at = NULL WHERE id IN (SELECT id FROM case_file WHERE deleted_at IS NOT NULL ORDER BY random() LIMIT 2)`);
    await sql(`UPDATE case_file SET title = 'Дело ' || version, version = version + 1 WHERE id IN (SELECT id FROM case_file ORDER BY random() LIMIT 20)`);
    await sql(
      `DELETE FROM case_file c WHERE c.id IN (SELECT id FROM case_file x WHERE NOT EXISTS (SELECT 1 FROM referral r WHERE r.case_id = x.id)
          AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = x.id) ORDER BY random() LIMIT 3)`,
    );
    const one = await sql(`SELECT id FROM case_file WHERE status <> 'closed' AND deleted_at IS NULL ORDER BY random() LIMIT 1`);
    if (one.rows[0]) await sql(`UPDATE case_file SET status = 'closed', closed_at = '2026-03-18T05:00:00Z' WHERE id = $1`, [one.rows[0].id]);
    // returnees: moved, oblast corrected, soft deleted and restored, hard deleted (their episodes go with them)
    await sql(`UPDATE returnee SET office_id = ${anyOffice()} WHERE id IN (SELECT id FROM returnee ORDER BY random() LIMIT 8)`);
    await sql(`UPDATE returnee SET oblast = ${pick(['batken', 'osh'])} WHERE id IN (SELECT id FROM returnee ORDER BY random() LIMIT 5)`);
    await sql(`UPDATE returnee SET deleted_at = now() WHERE id IN (SELECT id FROM returnee WHERE deleted_at IS NULL ORDER BY random() LIMIT 4)`);
    await sql(`UPDATE returnee SET deleted_at = NULL WHERE id IN (SELECT id FROM returnee WHERE deleted_at IS NOT NULL ORDER BY random() LIMIT 1)`);
    await sql(
      `DELETE FROM returnee r WHERE r.id IN (SELECT id FROM returnee x WHERE NOT EXISTS (SELECT 1 FROM case_file c WHERE c.returnee_id = x.id)
          AND NOT EXISTS (SELECT 1 FROM plan_version p WHERE p.returnee_id = x.id) AND NOT EXISTS (SELECT 1 FROM referral f WHERE f.returnee_id = x.id)
          AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.returnee_id = x.id) ORDER BY random() LIMIT 2)`,
    );
    // episodes: dates and reasons corrected, moved to another returnee, deleted
    await sql(
      `UPDATE migration_episode SET departed_on = date '2015-01-01' + floor(random() * 40)::int * 90, return_reason = ${pick(['health', 'family'])}
        WHERE id IN (SELECT id FROM migration_episode ORDER BY random() LIMIT 10)`,
    );
    await sql(
      `UPDATE migration_episode SET returnee_id = (SELECT id FROM returnee ORDER BY random() LIMIT 1) WHERE id IN (SELECT id FROM migration_episode ORDER BY random() LIMIT 2)`,
    );
    await sql(`UPDATE migration_episode SET country = 'KZ' WHERE id IN (SELECT id FROM migration_episode ORDER BY random() LIMIT 5)`);
    await sql(`DELETE FROM migration_episode WHERE id IN (SELECT id FROM migration_episode ORDER BY random() LIMIT 6)`);
    // referrals and follow-ups: status changes, reassignments, due dates corrected, deleted
    await sql(
      `UPDATE referral SET status = ${pick(['completed', 'declined', 'cancelled'])}, accepted_at = CASE WHEN random() < 0.5 THEN now() END
        WHERE id IN (SELECT id FROM referral ORDER BY random() LIMIT 6)`,
    );
    await sql(`UPDATE referral SET office_id = ${anyOffice()} WHERE id IN (SELECT id FROM referral ORDER BY random() LIMIT 3)`);
    await sql(
      `UPDATE follow_up SET status = ${pick(['done', 'missed', 'cancelled', 'scheduled'])} WHERE id IN (SELECT id FROM follow_up ORDER BY random() LIMIT 10)`,
    );
    await sql(
      `UPDATE follow_up SET due_at = '2026-03-18T00:00:00Z'::timestamptz + random() * interval '1 day', office_id = ${anyOffice()}
        WHERE id IN (SELECT id FROM follow_up ORDER BY random() LIMIT 6)`,
    );
    await sql(`DELETE FROM follow_up WHERE id IN (SELECT id FROM follow_up ORDER BY random() LIMIT 3)`);
    // plans: a new version supersedes the current one; statuses move; reassigned
    const superseded = await sql(
      `UPDATE plan_version SET is_current = false WHERE id IN (SELECT id FROM plan_version WHERE is_current ORDER BY random() LIMIT 3)
       RETURNING series_id, returnee_id, office_id, version, created_by`,
    );
    for (const p of superseded.rows) {
      await sql(`INSERT INTO plan_version (series_id, returnee_id, office_id, version, status, is_current, created_by) VALUES ($1,$2,$3,$4,'draft',true,$5)`, [
        p.series_id,
        p.returnee_id,
        p.office_id,
        p.version + 1,
        p.created_by,
      ]);
    }
    await sql(
      `UPDATE plan_version SET status = ${pick(['approved', 'under_review', 'closed'])} WHERE id IN (SELECT id FROM plan_version WHERE is_current ORDER BY random() LIMIT 4)`,
    );
    await sql(`UPDATE plan_version SET office_id = ${anyOffice()} WHERE id IN (SELECT id FROM plan_version ORDER BY random() LIMIT 2)`);
  }

  beforeAll(async () => {
    t = await createTestApp();
    repo = t.app.get(DashboardRepository);
    offices = [];
    for (let i = 0; i < 3; i++) offices.push((await t.given.office({ name: `Офис ${i}` })).id);
    staff = [];
    for (const o of offices) staff.push(await t.given.user('caseworker', { officeId: o }));
    admin = await t.given.user('admin');
    for (let i = 0; i < 4; i++) await t.given.organization({ name: `НКО ${i}` });
    await sql(`SELECT setseed(0.2026)`);
    await addReturnees(120);
    await sql(`INSERT INTO consent (returnee_id, scope, given_at) SELECT id, '{data_processing,share_with_ngo}', now() FROM returnee`);
    await addEpisodes(150);
    await addCases(300);
    await addReferrals(60);
    await addFollowUps(150);
    await addPlans(40);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('should equal the direct queries after the initial load and after each of several rounds of changes', async () => {
    expect(await compareAll('initial load')).toBeGreaterThan(1000);
    for (let round = 1; round <= 4; round++) {
      await sql(`INSERT INTO consent (returnee_id, scope, given_at) SELECT id, '{data_processing}', now() FROM returnee r
                  WHERE NOT EXISTS (SELECT 1 FROM consent c WHERE c.returnee_id = r.id)`);
      await churn();
      await compareAll(`round ${round}`);
    }
    // the data exercises what it should: every rollup has rows, some counted cells are non-zero
    const counts = await sql(
      `SELECT (SELECT count(*) FROM dashboard_case_month WHERE closed > 0)::int AS closed, (SELECT count(*) FROM dashboard_case_overdue_week WHERE n > 0)::int AS overdue,
              (SELECT count(*) FROM dashboard_referral WHERE accepted > 0)::int AS accepted, (SELECT count(*) FROM dashboard_follow_up WHERE status = 'scheduled')::int AS scheduled,
              (SELECT count(*) FROM dashboard_return_reason WHERE n > 0)::int AS reasons, (SELECT count(*) FROM dashboard_plan_status WHERE n > 0)::int AS plans`,
    );
    for (const v of Object.values(counts.rows[0])) expect(v).toBeGreaterThan(0);
  }, 240_000);

  it('should match a rebuild from scratch (the backfill) after all the changes', async () => {
    const tables = [
      'dashboard_case_month',
      'dashboard_case_status',
      'dashboard_case_overdue_week',
      'dashboard_returnee_oblast',
      'dashboard_referral',
      'dashboard_follow_up',
      'dashboard_plan_status',
      'dashboard_returnee_reason',
      'dashboard_return_reason',
    ];
    // rows whose counts all came back to zero are the same as no row
    const counted = (table: string, row: Record<string, unknown>) =>
      table === 'dashboard_returnee_reason' || Object.values(row).some((v) => typeof v === 'number' && v !== 0);
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of tables) {
        out[table] = (await sql(`SELECT * FROM ${table} ORDER BY 1, 2, 3`)).rows.filter((r: Record<string, unknown>) => counted(table, r));
      }
      return out;
    };
    const incremental = await snapshot();
    await sql(`SELECT dashboard_rollups_rebuild()`);
    expect(await snapshot()).toEqual(incremental);
  });

  it('should show a case closed a moment ago on the next dashboard request (no result cache by default)', async () => {
    const office = offices[0];
    const get = async () =>
      (await t.http.get(`/api/dashboard?officeId=${office}`).set(bearer(admin)).expect(200)).body as {
        openByStatus: Array<{ status: string; n: number }>;
        openedVsClosed: Array<{ month: string; closed: number }>;
      };
    const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const closedNow = (d: Awaited<ReturnType<typeof get>>) => d.openedVsClosed.filter((m) => m.month === thisMonth).reduce((s, m) => s + m.closed, 0);
    const open = (d: Awaited<ReturnType<typeof get>>) => d.openByStatus.reduce((s, x) => s + x.n, 0);
    const before = await get();
    const { rows } = await sql(`SELECT id FROM case_file WHERE office_id = $1 AND status <> 'closed' AND deleted_at IS NULL LIMIT 1`, [office]);
    expect(rows).toHaveLength(1);
    await sql(`UPDATE case_file SET status = 'closed', closed_at = now() WHERE id = $1`, [rows[0].id]);
    const after = await get();
    expect(closedNow(after)).toBe(closedNow(before) + 1);
    expect(open(after)).toBe(open(before) - 1);
  });
});
