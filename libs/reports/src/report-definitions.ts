// The reports and the one whitelist of SQL they may be built from. User input only ever picks keys of these maps;
// the values (SQL text) are ours, and every value from the request travels as a bind parameter.
//
// Reports are the accepted exception to "never read another context's tables": each is one GROUP BY in SQL (README
// "Reports"), so these read-only aggregates read returnee, migration_episode, case_file, referral, follow_up, organization,
// reintegration_score, needs_assessment, recovery_item, checkin, message, and the assistance ledger (ledger_entry,
// assistance_item, programme).

export const REPORTS = [
  'returnees',
  'cases',
  'time-to-close',
  'referrals',
  'follow-ups',
  'score-change',
  'assessment-change',
  'children-left-behind',
  'plans',
  'time-to-plan',
  'plan-goals',
  'documents-recovered',
  'tb-adherence',
  'assistance',
  'matching',
] as const;
export type ReportName = (typeof REPORTS)[number];

export const DIMENSIONS = ['sex', 'ageBand', 'oblast', 'country', 'returnReason', 'caseType', 'status', 'period', 'assistanceType'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const PERIODS = ['month', 'quarter'] as const;
export type PeriodUnit = (typeof PERIODS)[number];

// Bind parameters shared by every report: $1 from (date), $2 to (date, inclusive), $3 officeId or null, $4 now,
// $5 the programmes the caller may see (uuid[]; null: all) — only the assistance reports read it.
// Days start at midnight in Bishkek; a person's age band is taken at the end of the range (or today, if earlier).
const PARAMS_CTE = `p AS (
  SELECT ($1::date)::timestamp AT TIME ZONE 'Asia/Bishkek' AS t0,
         ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Bishkek' AS t1,
         $3::uuid AS office,
         $4::timestamptz AS now,
         least($2::date, ($4::timestamptz AT TIME ZONE 'Asia/Bishkek')::date) AS as_of,
         $5::uuid[] AS programmes
)`;

const AGE = `date_part('year', age(p.as_of::timestamp, r.birth_date::timestamp))`;

// The only SQL a dimension can become. `e` is the person's latest migration episode, `src` the report's rows.
export const DIMENSION_SQL: Record<Exclude<Dimension, 'period'> | `period_${PeriodUnit}`, string> = {
  sex: 'r.sex',
  ageBand: `CASE WHEN ${AGE} < 18 THEN 'under_18' WHEN ${AGE} < 25 THEN '18_24' WHEN ${AGE} < 30 THEN '25_29'
    WHEN ${AGE} < 40 THEN '30_39' WHEN ${AGE} < 50 THEN '40_49' ELSE '50_plus' END`,
  oblast: 'r.oblast',
  country: "coalesce(e.country, 'unknown')",
  returnReason: "coalesce(e.return_reason, 'unknown')",
  caseType: 'src.case_type',
  status: 'src.status',
  assistanceType: 'src.assistance_type',
  period_month: `to_char(date_trunc('month', src.at AT TIME ZONE 'Asia/Bishkek'), 'YYYY-MM')`,
  period_quarter: `to_char(date_trunc('quarter', src.at AT TIME ZONE 'Asia/Bishkek'), 'YYYY-"Q"Q')`,
};

// basis: the people counts a measure is computed from (a share): when one of them is suppressed, so is the measure.
export type Measure = { key: string; sql: string; people: boolean; basis?: string[] };
export type ReportDefinition = {
  dimensions: readonly Dimension[];
  // rows with returnee_id, at (the moment that places the row in a period), case_type, status and the report's own
  source: string;
  measures: Measure[];
  // always-present groups of a report (referrals are per organisation)
  fixed?: { key: string; sql: string }[];
  join?: string;
};

const inRange = (col: string) => `${col} >= p.t0 AND ${col} < p.t1`;
const inOffice = (col: string) => `(p.office IS NULL OR ${col} = p.office)`;
const count = (key: string, filter?: string): Measure => ({ key, sql: `count(*)${filter ? ` FILTER (WHERE ${filter})` : ''}::int`, people: true });
const median = (key: string, expr: string): Measure => ({
  key,
  sql: `round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expr}))::numeric, 1)::float8`,
  people: false,
});
const PERSON_DIMS = ['sex', 'ageBand', 'oblast', 'country', 'returnReason', 'period'] as const;
const average = (key: string, expr: string): Measure => ({ key, sql: `round(avg(${expr})::numeric, 3)::float8`, people: false });

// Households with children left behind (issue 16): returnees (registered by the end of the range, in scope) with at
// least one child under 18 at the end of the range who does not live with them (with a caregiver in Kyrgyzstan or
// abroad), as the household was recorded by then. Per group: the households, their children left behind, the
// households where such a child has nobody caring for them (no caregiver named, or the no_caregiver concern), and
// the households per concern. Every measure counts people (households or children), so all are suppressed below 5.
const LEFT_BEHIND_CONCERNS: Array<[string, string]> = [
  ['concernNoCaregiver', 'no_caregiver'],
  ['concernNotInSchool', 'not_in_school'],
  ['concernHealth', 'health'],
  ['concernDisability', 'disability'],
  ['concernChildLabourRisk', 'child_labour_risk'],
  ['concernOther', 'other'],
];
const CHILDREN_LEFT_BEHIND: ReportDefinition = {
  dimensions: ['sex', 'ageBand', 'oblast', 'country', 'returnReason'],
  source: `SELECT hm.returnee_id, min(rh.created_at) AS at, NULL::text AS case_type, NULL::text AS status,
      count(*)::int AS children,
      bool_or(hm.caregiver_name IS NULL OR 'no_caregiver' = ANY(hm.concerns)) AS without_caregiver,
      ${LEFT_BEHIND_CONCERNS.map(([, c]) => `bool_or('${c}' = ANY(hm.concerns)) AS "c_${c}"`).join(', ')}
    FROM household_member hm JOIN returnee rh ON rh.id = hm.returnee_id, p
    WHERE rh.deleted_at IS NULL AND rh.created_at < p.t1 AND hm.created_at < p.t1 AND ${inOffice('rh.office_id')}
      AND hm.lives_where <> 'with_returnee' AND date_part('year', age(p.as_of::timestamp, hm.birth_date::timestamp)) < 18
    GROUP BY hm.returnee_id`,
  measures: [
    count('households'),
    { key: 'children', sql: 'coalesce(sum(src.children), 0)::int', people: true },
    count('withoutCaregiver', 'src.without_caregiver'),
    ...LEFT_BEHIND_CONCERNS.map(([key, c]) => count(key, `src."c_${c}"`)),
  ],
};

// Individual reintegration plans (issue 16). Plans by status: each plan (all versions of one series) started in the
// range, with the status of its newest version now; `plansApproved` those with a version approved at some time.
const PLANS: ReportDefinition = {
  dimensions: [...PERSON_DIMS, 'status'],
  source: `SELECT pv.returnee_id, s.started_at AS at, NULL::text AS case_type, pv.status, s.first_approved IS NOT NULL AS approved
    FROM plan_version pv
    JOIN LATERAL (SELECT min(x.created_at) AS started_at, min(x.approved_at) AS first_approved FROM plan_version x
      WHERE x.series_id = pv.series_id) s ON true
    JOIN returnee rp ON rp.id = pv.returnee_id, p
    WHERE pv.is_current AND rp.deleted_at IS NULL AND ${inRange('s.started_at')} AND ${inOffice('pv.office_id')}`,
  measures: [count('plans'), count('plansApproved', 'src.approved')],
};
// Time from registration to an approved plan: each person's first plan approval in the range, in days since the
// person was registered.
const TIME_TO_PLAN: ReportDefinition = {
  dimensions: PERSON_DIMS,
  source: `SELECT a.returnee_id, a.approved_at AS at, NULL::text AS case_type, NULL::text AS status,
      extract(epoch FROM a.approved_at - rp.created_at) / 86400 AS days
    FROM (SELECT returnee_id, min(approved_at) AS approved_at FROM plan_version WHERE approved_at IS NOT NULL GROUP BY returnee_id) a
    JOIN returnee rp ON rp.id = a.returnee_id, p
    WHERE rp.deleted_at IS NULL AND ${inRange('a.approved_at')} AND ${inOffice('rp.office_id')}`,
  measures: [count('plansApproved'), median('medianDays', 'src.days')],
};
// Goals by dimension: the goals of the plan versions in force or completed that were approved in the range, and how
// many of them have been achieved or dropped by now; `status` is the goal's status.
const PLAN_GOALS: ReportDefinition = {
  dimensions: [...PERSON_DIMS, 'status'],
  source: `SELECT pv.returnee_id, pv.approved_at AS at, NULL::text AS case_type, g.status, g.dimension
    FROM plan_goal g JOIN plan_version pv ON pv.id = g.plan_version_id JOIN returnee rp ON rp.id = pv.returnee_id, p
    WHERE (pv.in_force OR pv.status = 'completed') AND rp.deleted_at IS NULL AND ${inRange('pv.approved_at')} AND ${inOffice('pv.office_id')}`,
  fixed: [{ key: 'goalDimension', sql: 'src.dimension' }],
  measures: [count('goals'), count('achieved', "src.status = 'achieved'"), count('dropped', "src.status = 'dropped'")],
};

// Documents recovered (issue 17): the recovery items received in the range (placed by the day received, in Bishkek),
// per document type and the country that issued the paper (the item's, else the received document's; 'unknown'), and
// the median days from the request to receipt (items received without a request date do not enter the median).
const DOCUMENTS_RECOVERED: ReportDefinition = {
  dimensions: PERSON_DIMS,
  source: `SELECT ri.returnee_id, (ri.received_on::timestamp AT TIME ZONE 'Asia/Bishkek') AS at, NULL::text AS case_type, ri.status,
      ri.document_type, coalesce(ri.country, d.issuer_country, 'unknown') AS document_country, ri.received_on - ri.requested_on AS days
    FROM recovery_item ri JOIN returnee rr ON rr.id = ri.returnee_id LEFT JOIN document d ON d.id = ri.document_id, p
    WHERE ri.status = 'received' AND rr.deleted_at IS NULL
      AND ${inRange("(ri.received_on::timestamp AT TIME ZONE 'Asia/Bishkek')")} AND ${inOffice('ri.office_id')}`,
  fixed: [
    { key: 'documentType', sql: 'src.document_type' },
    { key: 'documentCountry', sql: 'src.document_country' },
  ],
  measures: [count('recovered'), median('medianDays', 'src.days')],
};

// TB treatment adherence (issue 18): per patient (TB case with check-ins), the check-ins asked in the range (due by
// now and their question sent, placed by the first of them) and how many the patient answered "yes"; adherence is yes over asked (a question
// left unanswered counts as not taken). `escalated` counts the patients whose answers reached their caseworker.
// Check-in answers are health data: patients are people (suppressed below 5) and so are the rest of a small row.
const TB_ADHERENCE: ReportDefinition = {
  dimensions: PERSON_DIMS,
  source: `SELECT ck.returnee_id, min(ck.due_at) AS at, 'health_referral'::text AS case_type, NULL::text AS status,
      count(*)::int AS asked, count(*) FILTER (WHERE ck.answer = 'yes')::int AS yes, bool_or(ck.escalated_at IS NOT NULL) AS escalated
    FROM checkin ck JOIN message mk ON mk.id = ck.message_id AND mk.status IN ('sent', 'delivered')
      JOIN returnee rk ON rk.id = ck.returnee_id, p
    WHERE rk.deleted_at IS NULL AND ck.due_at <= p.now AND ${inRange('ck.due_at')} AND ${inOffice('ck.office_id')}
    GROUP BY ck.case_id, ck.returnee_id`,
  measures: [
    count('patients'),
    { key: 'checkins', sql: 'coalesce(sum(src.asked), 0)::int', people: false },
    { key: 'answeredYes', sql: 'coalesce(sum(src.yes), 0)::int', people: false },
    { key: 'adherence', sql: 'round(sum(src.yes)::numeric / nullif(sum(src.asked), 0), 3)::float8', people: false },
    count('escalated', 'src.escalated'),
  ],
};

// Assistance (issue 19), from the ledger: each entry made in the range (placed by its moment), with its item's type
// and returnee, per programme — a programme has one currency, so amounts of KGS and USD are never added together.
// committed: amounts approved (commit entries); released: commitments given back (a cancel, the undisbursed rest);
// disbursed: paid out less reversals. The average and median grant are over the items approved in the range (an item
// is committed once). Money is summed in minor units as float8, exact to 2^53. Entries of items whose returnee was
// deleted still count: the money was spent, and the figures must add up to the budget bars (derived from the same
// ledger). People and items are suppressed below 5 for sharing, and so are a small row's amounts.
const sumKind = (kind: string) => `coalesce(sum(src.amount) FILTER (WHERE src.kind = '${kind}'), 0)`;
const ASSISTANCE: ReportDefinition = {
  dimensions: ['sex', 'ageBand', 'oblast', 'assistanceType', 'period'],
  source: `SELECT ai.returnee_id, le.at, NULL::text AS case_type, ai.status, ai.type AS assistance_type, ai.id AS item_id,
      le.kind, le.amount_minor::float8 AS amount, pg.id AS programme_id, pg.name AS programme_name, pg.currency
    FROM ledger_entry le JOIN assistance_item ai ON ai.id = le.assistance_item_id JOIN programme pg ON pg.id = le.programme_id, p
    WHERE ${inRange('le.at')} AND ${inOffice('ai.office_id')} AND (p.programmes IS NULL OR le.programme_id = ANY(p.programmes))`,
  fixed: [
    { key: 'programmeId', sql: 'src.programme_id::text' },
    { key: 'programme', sql: 'src.programme_name' },
    { key: 'currency', sql: 'src.currency' },
  ],
  measures: [
    { key: 'people', sql: 'count(DISTINCT src.returnee_id)::int', people: true },
    { key: 'items', sql: 'count(DISTINCT src.item_id)::int', people: true },
    { key: 'committedMinor', sql: `${sumKind('commit')}::float8`, people: false },
    { key: 'releasedMinor', sql: `${sumKind('release')}::float8`, people: false },
    { key: 'disbursedMinor', sql: `(${sumKind('disburse')} - ${sumKind('reverse')})::float8`, people: false },
    { key: 'averageGrantMinor', sql: `round(avg(src.amount) FILTER (WHERE src.kind = 'commit'))::float8`, people: false },
    {
      key: 'medianGrantMinor',
      sql: `round((percentile_cont(0.5) WITHIN GROUP (ORDER BY src.amount) FILTER (WHERE src.kind = 'commit'))::numeric)::float8`,
      people: false,
    },
  ],
};
// "1+1" matching (issue 19): the applications approved in the range (placed by their committee's second approval),
// per programme and currency: the returnees' own contributions against the amounts matched and what of the grants has
// been paid out (tranches less reversals), and the businesses' survival as checked at 3, 6 and 12 months — of the
// businesses checked at a milestone, the share operating. A cohort by approval: a range of recent approvals has few
// 12-month checks yet; widen it to see them.
const share = (status: string) =>
  `round((count(*) FILTER (WHERE src.${status} = 'operating'))::numeric / nullif(count(*) FILTER (WHERE src.${status} IS NOT NULL), 0), 3)::float8`;
const MATCHING: ReportDefinition = {
  dimensions: ['sex', 'ageBand', 'oblast', 'period'],
  source: `SELECT ma.returnee_id, greatest(ma.supervisor_approved_at, ma.admin_approved_at) AS at, NULL::text AS case_type, ma.status,
      ma.programme_id, pg.name AS programme_name, ma.currency, ma.own_contribution_minor::float8 AS own, ma.matched_minor::float8 AS matched,
      coalesce((SELECT sum(CASE le.kind WHEN 'disburse' THEN le.amount_minor WHEN 'reverse' THEN -le.amount_minor ELSE 0 END)
        FROM ledger_entry le WHERE le.assistance_item_id = ma.assistance_item_id), 0)::float8 AS disbursed,
      s3.business_status AS status_3m, s6.business_status AS status_6m, s12.business_status AS status_12m
    FROM matching_application ma JOIN programme pg ON pg.id = ma.programme_id
      LEFT JOIN business_survival_check s3 ON s3.application_id = ma.id AND s3.milestone = '3m'
      LEFT JOIN business_survival_check s6 ON s6.application_id = ma.id AND s6.milestone = '6m'
      LEFT JOIN business_survival_check s12 ON s12.application_id = ma.id AND s12.milestone = '12m', p
    WHERE ma.status = 'approved' AND ${inRange('greatest(ma.supervisor_approved_at, ma.admin_approved_at)')} AND ${inOffice('ma.office_id')}
      AND (p.programmes IS NULL OR ma.programme_id = ANY(p.programmes))`,
  fixed: [
    { key: 'programmeId', sql: 'src.programme_id::text' },
    { key: 'programme', sql: 'src.programme_name' },
    { key: 'currency', sql: 'src.currency' },
  ],
  measures: [
    { key: 'people', sql: 'count(DISTINCT src.returnee_id)::int', people: true },
    { key: 'businesses', sql: 'count(*)::int', people: true },
    { key: 'ownContributionMinor', sql: 'coalesce(sum(src.own), 0)::float8', people: false },
    { key: 'matchedMinor', sql: 'coalesce(sum(src.matched), 0)::float8', people: false },
    { key: 'disbursedMinor', sql: 'coalesce(sum(src.disbursed), 0)::float8', people: false },
    { key: 'checked3m', sql: 'count(*) FILTER (WHERE src.status_3m IS NOT NULL)::int', people: true },
    { key: 'operating3m', sql: "count(*) FILTER (WHERE src.status_3m = 'operating')::int", people: true },
    { key: 'shareOperating3m', sql: share('status_3m'), people: false, basis: ['checked3m', 'operating3m'] },
    { key: 'checked6m', sql: 'count(*) FILTER (WHERE src.status_6m IS NOT NULL)::int', people: true },
    { key: 'operating6m', sql: "count(*) FILTER (WHERE src.status_6m = 'operating')::int", people: true },
    { key: 'shareOperating6m', sql: share('status_6m'), people: false, basis: ['checked6m', 'operating6m'] },
    { key: 'checked12m', sql: 'count(*) FILTER (WHERE src.status_12m IS NOT NULL)::int', people: true },
    { key: 'operating12m', sql: "count(*) FILTER (WHERE src.status_12m = 'operating')::int", people: true },
    { key: 'shareOperating12m', sql: share('status_12m'), people: false, basis: ['checked12m', 'operating12m'] },
  ],
};

export const ASSISTANCE_REPORTS: readonly ReportName[] = ['assistance', 'matching'];

export const REPORT_DEFINITIONS: Record<ReportName, ReportDefinition> = {
  assistance: ASSISTANCE,
  matching: MATCHING,
  'tb-adherence': TB_ADHERENCE,
  'documents-recovered': DOCUMENTS_RECOVERED,
  plans: PLANS,
  'time-to-plan': TIME_TO_PLAN,
  'plan-goals': PLAN_GOALS,
  'children-left-behind': CHILDREN_LEFT_BEHIND,
  returnees: {
    dimensions: PERSON_DIMS,
    source: `SELECT r.id AS returnee_id, r.created_at AS at, NULL::text AS case_type, NULL::text AS status
      FROM returnee r, p WHERE r.deleted_at IS NULL AND ${inRange('r.created_at')} AND ${inOffice('r.office_id')}`,
    measures: [count('registered')],
  },
  // A case counts as opened in the period it was opened and as closed in the period it was closed; "overdue" are
  // the cases opened in the period whose due date passed before they were closed (or are still open past it).
  cases: {
    dimensions: [...PERSON_DIMS, 'caseType', 'status'],
    source: `SELECT c.returnee_id, c.opened_at AS at, c.type AS case_type, c.status, 'opened' AS ev,
        (c.due_at IS NOT NULL AND coalesce(c.closed_at, p.now) > c.due_at) AS late
      FROM case_file c, p WHERE c.deleted_at IS NULL AND ${inRange('c.opened_at')} AND ${inOffice('c.office_id')}
      UNION ALL
      SELECT c.returnee_id, c.closed_at, c.type, c.status, 'closed', false
      FROM case_file c, p WHERE c.deleted_at IS NULL AND c.closed_at IS NOT NULL AND ${inRange('c.closed_at')} AND ${inOffice('c.office_id')}`,
    measures: [count('opened', "src.ev = 'opened'"), count('closed', "src.ev = 'closed'"), count('overdue', "src.ev = 'opened' AND src.late")],
  },
  'time-to-close': {
    dimensions: [...PERSON_DIMS, 'caseType'],
    source: `SELECT c.returnee_id, c.closed_at AS at, c.type AS case_type, c.status,
        extract(epoch FROM c.closed_at - c.opened_at) / 86400 AS days
      FROM case_file c, p WHERE c.deleted_at IS NULL AND c.closed_at IS NOT NULL AND ${inRange('c.closed_at')} AND ${inOffice('c.office_id')}`,
    measures: [count('closed'), median('medianDays', 'src.days')],
  },
  // Response = accepted or declined; still unanswered referrals have no response time and do not enter the median.
  referrals: {
    dimensions: [...PERSON_DIMS, 'caseType', 'status'],
    source: `SELECT x.returnee_id, x.sent_at AS at, c.type AS case_type, x.status, x.organization_id,
        x.accepted_at, x.completed_at,
        extract(epoch FROM coalesce(x.accepted_at, x.declined_at) - x.sent_at) / 3600 AS response_hours
      FROM referral x JOIN case_file c ON c.id = x.case_id, p WHERE ${inRange('x.sent_at')} AND ${inOffice('x.office_id')}`,
    fixed: [
      { key: 'organizationId', sql: 'o.id::text' },
      { key: 'organization', sql: 'o.name' },
    ],
    join: 'JOIN organization o ON o.id = src.organization_id',
    measures: [
      count('sent'),
      count('accepted', 'src.accepted_at IS NOT NULL'),
      count('completed', 'src.completed_at IS NOT NULL'),
      median('medianResponseHours', 'src.response_hours'),
    ],
  },
  // Follow-ups due in the range (cancelled ones were never due); done and missed by their current status.
  'follow-ups': {
    dimensions: [...PERSON_DIMS, 'caseType'],
    source: `SELECT f.returnee_id, f.due_at AS at, c.type AS case_type, f.status
      FROM follow_up f JOIN case_file c ON c.id = f.case_id, p
      WHERE f.status <> 'cancelled' AND c.deleted_at IS NULL AND ${inRange('f.due_at')} AND ${inOffice('f.office_id')}`,
    measures: [count('due'), count('done', "src.status = 'done'"), count('missed', "src.status = 'missed'")],
  },
  // Reintegration score change: each survey at 6 or 12 months (recorded in the range) against the same person's latest
  // intake survey before it; one row per pair, apart per occasion; case type is that of the survey's case, if any.
  'score-change': {
    dimensions: ['sex', 'ageBand', 'oblast', 'country', 'returnReason', 'caseType', 'period'],
    source: `SELECT l.returnee_id, l.recorded_at AS at, coalesce(c.type, 'none') AS case_type, NULL::text AS status, l.occasion,
        l.overall - i.overall AS d_overall, l.economic - i.economic AS d_economic,
        l.social - i.social AS d_social, l.psychosocial - i.psychosocial AS d_psychosocial
      FROM reintegration_score l
      JOIN LATERAL (SELECT s.overall, s.economic, s.social, s.psychosocial FROM reintegration_score s
        WHERE s.returnee_id = l.returnee_id AND s.occasion = 'intake' AND s.recorded_at <= l.recorded_at
        ORDER BY s.recorded_at DESC LIMIT 1) i ON true
      JOIN returnee rr ON rr.id = l.returnee_id
      LEFT JOIN case_file c ON c.id = l.case_id, p
      WHERE l.occasion IN ('monitoring_6m', 'monitoring_12m') AND ${inRange('l.recorded_at')} AND ${inOffice('rr.office_id')}`,
    fixed: [{ key: 'occasion', sql: 'src.occasion' }],
    measures: [
      count('people'),
      average('changeOverall', 'src.d_overall'),
      average('changeEconomic', 'src.d_economic'),
      average('changeSocial', 'src.d_social'),
      average('changePsychosocial', 'src.d_psychosocial'),
    ],
  },
  // Needs assessment change: each 12-month monitoring assessment (taken in the range) against the same person's latest
  // intake assessment before it; one row per pair. The composite is reported as changeOverall.
  'assessment-change': {
    dimensions: PERSON_DIMS,
    source: `SELECT l.returnee_id, l.taken_at AS at, NULL::text AS case_type, NULL::text AS status,
        l.composite - i.composite AS d_composite, l.economic - i.economic AS d_economic,
        l.social - i.social AS d_social, l.psychosocial - i.psychosocial AS d_psychosocial
      FROM needs_assessment l
      JOIN LATERAL (SELECT a.composite, a.economic, a.social, a.psychosocial FROM needs_assessment a
        WHERE a.returnee_id = l.returnee_id AND a.occasion = 'intake' AND a.taken_at <= l.taken_at
        ORDER BY a.taken_at DESC LIMIT 1) i ON true
      JOIN returnee rr ON rr.id = l.returnee_id, p
      WHERE l.occasion = 'monitoring_12m' AND rr.deleted_at IS NULL AND ${inRange('l.taken_at')} AND ${inOffice('rr.office_id')}`,
    measures: [
      count('people'),
      average('changeOverall', 'src.d_composite'),
      average('changeEconomic', 'src.d_economic'),
      average('changeSocial', 'src.d_social'),
      average('changePsychosocial', 'src.d_psychosocial'),
    ],
  },
};

export type ReportColumn = { key: string; kind: 'dimension' | 'measure'; people?: boolean };

// Builds the one GROUP BY query of a report from whitelisted parts only.
export function buildReportSql(def: ReportDefinition, by: readonly Dimension[], period: PeriodUnit): { sql: string; columns: ReportColumn[] } {
  const groups = [...(def.fixed ?? []), ...by.map((d) => ({ key: d, sql: d === 'period' ? DIMENSION_SQL[`period_${period}`] : DIMENSION_SQL[d] }))];
  const select = [...groups.map((g) => `${g.sql} AS "${g.key}"`), ...def.measures.map((m) => `${m.sql} AS "${m.key}"`)];
  const positions = groups.map((_, i) => String(i + 1));
  // The person (r) and their latest episode (e) are joined only when a breakdown reads them: every source row has
  // its returnee (foreign key) and e is a LEFT JOIN, so leaving them out changes no count. Over all offices a year of
  // cases is ~1.7M rows, and a lookup of each one's person and episode cost 30 s at 1M returnees.
  const needsEpisode = by.some((d) => d === 'country' || d === 'returnReason');
  const needsPerson = needsEpisode || by.some((d) => d === 'sex' || d === 'ageBand' || d === 'oblast');
  const sql = `WITH ${PARAMS_CTE}, src AS (${def.source})
    SELECT ${select.join(',\n      ')}
    FROM src CROSS JOIN p
    ${needsPerson ? 'JOIN returnee r ON r.id = src.returnee_id' : ''}
    ${
      needsEpisode
        ? `LEFT JOIN LATERAL (SELECT me.country, me.return_reason FROM migration_episode me WHERE me.returnee_id = r.id
      ORDER BY me.departed_on DESC, me.position DESC LIMIT 1) e ON true`
        : ''
    }
    ${def.join ?? ''}
    ${positions.length ? `GROUP BY ${positions.join(', ')} ORDER BY ${positions.join(', ')}` : ''}`;
  const columns: ReportColumn[] = [
    ...groups.map((g) => ({ key: g.key, kind: 'dimension' as const })),
    ...def.measures.map((m) => ({ key: m.key, kind: 'measure' as const, people: m.people })),
  ];
  return { sql, columns };
}
