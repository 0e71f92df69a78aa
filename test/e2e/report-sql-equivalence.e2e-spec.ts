import { buildReportSql, DIMENSION_SQL, Dimension, REPORT_DEFINITIONS, REPORTS } from '../../libs/reports/src/report-definitions';
import { createTestApp, TestApp } from '../support/test-app';

// Issue 20: the report SQL was changed for speed — the parameters CTE `p` is inlined (NOT MATERIALIZED), the age
// band compares the birth date with the last birth date of each age limit at the end of the range instead of calling
// age() per band, and the latest episode (country, return reason) is read from the fact the triggers keep
// (dashboard_returnee_reason) instead of a LATERAL lookup per row. Here every report, for every breakdown alone and with the age band, over ranges whose end falls on
// leap days and month ends, for all offices and for one, is compared cell by cell with the query as it was before
// (the same query with the age() bands, the LATERAL lookup and a materialised `p`), on randomised people whose
// birthdays sit on the band limits of those range ends, after rounds of changes: birth dates corrected, people moved,
// soft deleted, restored and hard deleted, episodes added, re-dated, given another country or reason, moved to
// another person and deleted (in bulk and one by one), cases re-dated, closed, reopened, moved and deleted.

const TZ_NOW = new Date('2026-03-01T05:00:00Z'); // 1 March 11:00 in Bishkek
const RANGES: Array<[string, string]> = [
  ['2023-03-01', '2024-02-29'], // ends on a leap day
  ['2024-01-01', '2024-02-28'],
  ['2025-03-01', '2026-02-28'], // ends on 28 February of a common year, the day before NOW
  ['2025-06-01', '2026-12-31'], // ends after NOW: ages at today
];
const LIMITS = [18, 25, 30, 40, 50];
const OLD_AGE = `date_part('year', age(p.as_of::timestamp, r.birth_date::timestamp))`;
const OLD_AGE_BAND = `CASE WHEN ${OLD_AGE} < 18 THEN 'under_18' WHEN ${OLD_AGE} < 25 THEN '18_24' WHEN ${OLD_AGE} < 30 THEN '25_29'
    WHEN ${OLD_AGE} < 40 THEN '30_39' WHEN ${OLD_AGE} < 50 THEN '40_49' ELSE '50_plus' END`;

const FACT_JOIN = 'LEFT JOIN dashboard_returnee_reason e ON e.returnee_id = r.id';
const OLD_LATEST_EPISODE = `LEFT JOIN LATERAL (SELECT me.country, me.return_reason FROM migration_episode me WHERE me.returnee_id = r.id
      ORDER BY me.departed_on DESC, me.position DESC LIMIT 1) e ON true`;

// the query as it was before issue 20's change
function reference(sql: string): string {
  expect(sql).toContain('p AS NOT MATERIALIZED (');
  return sql
    .replace('p AS NOT MATERIALIZED (', 'p AS MATERIALIZED (')
    .split(DIMENSION_SQL.ageBand)
    .join(OLD_AGE_BAND)
    .split(FACT_JOIN)
    .join(OLD_LATEST_EPISODE);
}

describe('report SQL (issue 20): the same figures as before the speed-up', () => {
  let t: TestApp;
  let offices: string[];
  const sql = (text: string, params: unknown[] = []) => t.db.query(text, params);
  const pick = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x}'`).join(',')}])[1 + floor(random() * ${xs.length})::int]`;
  const anyOffice = () => `(ARRAY[${offices.map((o) => `'${o}'::uuid`).join(',')}])[1 + floor(random() * ${offices.length})::int]`;
  const anyInstant = () => `'2023-01-01T00:00:00Z'::timestamptz + random() * interval '1400 days'`;
  // birthdays on, just before and just after each age limit at each range end (and today), 29 February ones, others
  const AS_OF = [...new Set([...RANGES.map(([, to]) => (to < '2026-03-01' ? to : '2026-03-01'))])];
  const anyBirth = () =>
    `CASE WHEN random() < 0.7 THEN (${pick(AS_OF)}::date - make_interval(years => ${pick(LIMITS.map(String))}::int))::date + floor(random() * 5)::int - 2
          WHEN random() < 0.3 THEN ${pick(['1996-02-29', '2008-02-29', '2000-02-29', '1976-02-29'])}::date
          ELSE date '1960-01-01' + floor(random() * 17000)::int END`;

  let serial = 0;
  async function addReturnees(n: number): Promise<void> {
    await sql(
      `INSERT INTO returnee (code, last_name, first_name, sex, birth_date, oblast, district, office_id, search_text, created_at)
       SELECT 'RQ-' || $1 || '-' || g, 'Фамилия', 'Имя', ${pick(['female', 'male'])}, ${anyBirth()},
              ${pick(['bishkek', 'osh', 'chuy', 'naryn'])}, 'район', ${anyOffice()}, 'фамилия имя', ${anyInstant()}
         FROM generate_series(1, $2) g`,
      [++serial, n],
    );
  }
  async function addEpisodes(n: number): Promise<void> {
    await sql(
      `INSERT INTO migration_episode (returnee_id, position, country, departed_on, sector, return_reason)
       SELECT r.id, floor(random() * 3)::int, ${pick(['RU', 'KZ', 'TR'])}, date '2015-01-01' + floor(random() * 30)::int * 120, 'construction',
              ${pick(['entry_ban', 'deported', 'end_of_contract', 'health', 'family'])}
         FROM (SELECT id FROM returnee ORDER BY random() LIMIT $1) r`,
      [n],
    );
  }
  async function addCases(n: number): Promise<void> {
    await sql(
      `INSERT INTO case_file (code, returnee_id, office_id, type, status, title, details_enc, opened_at, due_at, closed_at)
       SELECT 'RQC-' || $1 || '-' || g, r.id, ${anyOffice()}, x.type, x.status, 'Дело', CASE WHEN x.type = 'health_referral' THEN 'v1.test' END,
              x.opened_at, CASE WHEN random() < 0.8 THEN x.opened_at + random() * interval '60 days' END,
              CASE WHEN x.status = 'closed' OR random() < 0.1 THEN x.opened_at + random() * interval '120 days' END
         FROM generate_series(1, $2) g
         CROSS JOIN LATERAL (SELECT id FROM returnee WHERE g > 0 ORDER BY random() LIMIT 1) r
         CROSS JOIN LATERAL (SELECT ${pick(['health_referral', 'legal_aid', 'job_placement'])} AS type,
                                    ${pick(['open', 'in_progress', 'closed', 'closed'])} AS status, ${anyInstant()} AS opened_at WHERE g > 0) x`,
      [++serial, n],
    );
  }
  async function churn(): Promise<void> {
    await addReturnees(20);
    await addEpisodes(40);
    await addCases(80);
    await sql(`UPDATE returnee SET birth_date = ${anyBirth()} WHERE id IN (SELECT id FROM returnee ORDER BY random() LIMIT 15)`);
    await sql(`UPDATE returnee SET sex = ${pick(['female', 'male'])}, oblast = 'batken' WHERE id IN (SELECT id FROM returnee ORDER BY random() LIMIT 5)`);
    await sql(`UPDATE returnee SET deleted_at = now() WHERE id IN (SELECT id FROM returnee WHERE deleted_at IS NULL ORDER BY random() LIMIT 4)`);
    await sql(
      `UPDATE migration_episode SET departed_on = date '2015-01-01' + floor(random() * 30)::int * 120, country = ${pick(['KZ', 'AE'])}
        WHERE id IN (SELECT id FROM migration_episode ORDER BY random() LIMIT 10)`,
    );
    await sql(`DELETE FROM migration_episode WHERE id IN (SELECT id FROM migration_episode ORDER BY random() LIMIT 8)`);
    await sql(
      `UPDATE migration_episode SET returnee_id = (SELECT id FROM returnee ORDER BY random() LIMIT 1) WHERE id IN (SELECT id FROM migration_episode ORDER BY random() LIMIT 3)`,
    );
    const one = await sql(`SELECT id FROM migration_episode ORDER BY random() LIMIT 1`);
    await sql(`UPDATE migration_episode SET country = 'UZ', return_reason = 'other', departed_on = date '2026-01-01' WHERE id = $1`, [one.rows[0].id]);
    await sql(`UPDATE returnee SET deleted_at = NULL WHERE id IN (SELECT id FROM returnee WHERE deleted_at IS NOT NULL ORDER BY random() LIMIT 1)`);
    await sql(`UPDATE returnee SET office_id = ${anyOffice()} WHERE id IN (SELECT id FROM returnee ORDER BY random() LIMIT 6)`);
    await sql(
      `DELETE FROM returnee r WHERE r.id IN (SELECT id FROM returnee x WHERE NOT EXISTS (SELECT 1 FROM case_file c WHERE c.returnee_id = x.id)
          AND EXISTS (SELECT 1 FROM migration_episode e WHERE e.returnee_id = x.id) ORDER BY random() LIMIT 2)`,
    );
    await sql(
      `UPDATE case_file SET status = 'closed', closed_at = ${anyInstant()} WHERE id IN (SELECT id FROM case_file WHERE status <> 'closed' ORDER BY random() LIMIT 15)`,
    );
    await sql(
      `UPDATE case_file SET status = 'in_progress', closed_at = CASE WHEN random() < 0.5 THEN NULL ELSE closed_at END
        WHERE id IN (SELECT id FROM case_file WHERE status = 'closed' ORDER BY random() LIMIT 8)`,
    );
    await sql(`UPDATE case_file SET office_id = ${anyOffice()}, opened_at = ${anyInstant()} WHERE id IN (SELECT id FROM case_file ORDER BY random() LIMIT 10)`);
    await sql(`UPDATE case_file SET deleted_at = now() WHERE id IN (SELECT id FROM case_file WHERE deleted_at IS NULL ORDER BY random() LIMIT 5)`);
    await sql(`DELETE FROM case_file WHERE id IN (SELECT id FROM case_file ORDER BY random() LIMIT 3)`);
  }

  async function compareAll(label: string): Promise<number> {
    let cells = 0;
    for (const report of REPORTS) {
      const def = REPORT_DEFINITIONS[report];
      const breakdowns: Dimension[][] = [[], ...def.dimensions.map((d) => [d])];
      if (def.dimensions.includes('ageBand')) breakdowns.push(...def.dimensions.filter((d) => d !== 'ageBand').map((d): Dimension[] => ['ageBand', d]));
      for (const by of breakdowns) {
        for (const period of by.includes('period') ? (['month', 'quarter'] as const) : (['month'] as const)) {
          const { sql: text } = buildReportSql(def, by, period);
          const old = reference(text);
          for (const [from, to] of RANGES) {
            for (const office of [null, offices[0]]) {
              const params = [from, to, office, TZ_NOW.toISOString(), null];
              const got = (await sql(text, params)).rows;
              const want = (await sql(old, params)).rows;
              expect({ label, report, by, period, from, to, office, rows: got }).toEqual({ label, report, by, period, from, to, office, rows: want });
              cells += want.length;
            }
          }
        }
      }
    }
    return cells;
  }

  beforeAll(async () => {
    t = await createTestApp();
    offices = [];
    for (let i = 0; i < 3; i++) offices.push((await t.given.office({ name: `Офис ${i}` })).id);
    await sql(`SELECT setseed(0.0229)`);
    await addReturnees(250);
    await addEpisodes(300);
    await addCases(600);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('should count "age >= N" at a day exactly as age() does for every day of 2020-2031 and birthdays around each limit', async () => {
    const { rows } = await sql(
      `SELECT count(*)::int AS pairs,
              count(*) FILTER (WHERE (date_part('year', age(d::timestamp, b::timestamp)) >= n) <> (b <= (d - make_interval(years => n))::date))::int AS wrong
         FROM (SELECT g::date AS d FROM generate_series(timestamp '2020-01-01', timestamp '2031-12-31', interval '1 day') g) days
        CROSS JOIN unnest(ARRAY[18, 25, 30, 40, 50]) n
        CROSS JOIN LATERAL (SELECT ((d - make_interval(years => n))::date + k) AS b FROM generate_series(-3, 3) k
                            UNION SELECT make_date(y, 2, 29) FROM generate_series(1972, 2012, 4) y) x`,
    );
    expect(rows[0].pairs).toBeGreaterThan(100_000);
    expect(rows[0].wrong).toBe(0);
  });

  it('should give every report the same rows as the previous SQL after the load and after rounds of changes', async () => {
    expect(await compareAll('initial load')).toBeGreaterThan(2000);
    for (let round = 1; round <= 2; round++) {
      await churn();
      await compareAll(`round ${round}`);
    }
    // the data reaches every band and both sides of the limits
    const bands = await sql(buildReportSql(REPORT_DEFINITIONS.cases, ['ageBand'], 'month').sql, ['2025-03-01', '2026-02-28', null, TZ_NOW.toISOString(), null]);
    expect(bands.rows.map((r: { ageBand: string }) => r.ageBand)).toEqual(['18_24', '25_29', '30_39', '40_49', '50_plus', 'under_18']);
  }, 600_000);
});
