import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  DashboardDto,
  FollowUpCompletionDto,
  OblastCountDto,
  OpenedClosedDto,
  OverdueWeekDto,
  ReferralFunnelDto,
  ReturnReasonCountDto,
  StatusCountDto,
} from './supervision.dto';

const TZ = 'Asia/Bishkek';

// Each figure's statement, with its parameters' placeholders given, so that a figure can be read alone (the methods
// below) or all of them in one statement (dashboard()).
const SQL = {
  openedVsClosed: (office: string, now: string, list: string) =>
    `WITH bounds AS (SELECT date_trunc('month', ${now}::timestamptz AT TIME ZONE '${TZ}')::date AS this_month),
            months AS (SELECT generate_series(this_month - interval '11 months', this_month, interval '1 month')::date AS m FROM bounds),
            types AS (SELECT unnest(${list}::text[]) AS type),
            counted AS (
              SELECT month AS m, type, sum(opened)::int AS opened, sum(closed)::int AS closed
                FROM dashboard_case_month
               WHERE (${office}::uuid IS NULL OR office_id = ${office}) AND month >= (SELECT this_month FROM bounds) - interval '11 months'
               GROUP BY 1, 2)
       SELECT to_char(months.m, 'YYYY-MM') AS month, types.type,
              coalesce(c.opened, 0) AS opened, coalesce(c.closed, 0) AS closed
         FROM months CROSS JOIN types
         LEFT JOIN counted c ON c.m = months.m AND c.type = types.type
        ORDER BY month, array_position(${list}::text[], types.type)`,
  openByStatus: (office: string, list: string) =>
    `SELECT s.status, coalesce(c.n, 0) AS n
         FROM unnest(${list}::text[]) WITH ORDINALITY AS s(status, pos)
         LEFT JOIN (SELECT status, sum(n)::int AS n FROM dashboard_case_status
                     WHERE status = ANY(${list}::text[]) AND (${office}::uuid IS NULL OR office_id = ${office}) GROUP BY status) c ON c.status = s.status
        ORDER BY s.pos`,
  overdueTrend: (office: string, now: string) =>
    `WITH bounds AS (SELECT date_trunc('week', ${now}::timestamptz AT TIME ZONE '${TZ}') AS this_week),
            weeks AS (SELECT generate_series(this_week - interval '11 weeks', this_week, interval '1 week')::date AS w FROM bounds),
            past AS (
              SELECT week AS w, sum(n)::int AS n FROM dashboard_case_overdue_week
               WHERE (${office}::uuid IS NULL OR office_id = ${office})
                 AND week >= (SELECT this_week FROM bounds) - interval '11 weeks' AND week < (SELECT this_week FROM bounds)
               GROUP BY 1),
            current AS (
              SELECT (SELECT this_week FROM bounds)::date AS w, sum(x.n)::int AS n
                FROM office o
                CROSS JOIN LATERAL (
                  SELECT count(*) AS n FROM case_file c
                   WHERE c.office_id = o.id AND c.deleted_at IS NULL
                     AND c.due_at >= (SELECT this_week FROM bounds) AT TIME ZONE '${TZ}' AND c.due_at < ${now}
                     AND (c.closed_at IS NULL OR c.closed_at > c.due_at)) x
               WHERE (${office}::uuid IS NULL OR o.id = ${office})),
            missed AS (SELECT w, n FROM past UNION ALL SELECT w, n FROM current)
       SELECT to_char(weeks.w, 'YYYY-MM-DD') AS week, coalesce(missed.n, 0) AS overdue
         FROM weeks LEFT JOIN missed ON missed.w = weeks.w
        ORDER BY weeks.w`,
  referralFunnel: (office: string) =>
    `SELECT o.id AS "organizationId", o.name AS "organizationName", r.sent, r.accepted, r.completed
         FROM (SELECT organization_id, sum(sent)::int AS sent, sum(accepted)::int AS accepted, sum(completed)::int AS completed
                 FROM dashboard_referral WHERE (${office}::uuid IS NULL OR office_id = ${office})
                GROUP BY organization_id HAVING sum(sent) > 0) r
         JOIN organization o ON o.id = r.organization_id
        ORDER BY r.sent DESC, o.name`,
  followUpCompletion: (office: string, now: string) =>
    `WITH today AS (SELECT (${now}::timestamptz AT TIME ZONE 'UTC')::date AS d),
            counted AS (
              SELECT coalesce(sum(n) FILTER (WHERE status IN ('done','missed') OR due_day < (SELECT d FROM today)), 0)::int AS due,
                     coalesce(sum(n) FILTER (WHERE status = 'done'), 0)::int AS done,
                     coalesce(sum(n) FILTER (WHERE status = 'missed'), 0)::int AS missed
                FROM dashboard_follow_up WHERE (${office}::uuid IS NULL OR office_id = ${office})),
            live AS (
              SELECT count(*)::int AS n FROM follow_up
               WHERE status = 'scheduled' AND (${office}::uuid IS NULL OR office_id = ${office})
                 AND due_at >= (SELECT d FROM today)::timestamp AT TIME ZONE 'UTC' AND due_at < ${now})
       SELECT counted.due + live.n AS due, counted.done, counted.missed FROM counted, live`,
  returneesByOblast: (office: string) =>
    `SELECT oblast, sum(n)::int AS n FROM dashboard_returnee_oblast
        WHERE (${office}::uuid IS NULL OR office_id = ${office})
        GROUP BY oblast HAVING sum(n) > 0 ORDER BY n DESC, oblast`,
  returneesByReturnReason: (office: string) =>
    `SELECT return_reason AS "returnReason", sum(n)::int AS n FROM dashboard_return_reason
        WHERE (${office}::uuid IS NULL OR office_id = ${office})
        GROUP BY return_reason HAVING sum(n) > 0 ORDER BY n DESC, "returnReason"`,
  plansByStatus: (office: string, list: string) =>
    `SELECT s.status, coalesce(c.n, 0) AS n
         FROM unnest(${list}::text[]) WITH ORDINALITY AS s(status, pos)
         LEFT JOIN (SELECT status, sum(n)::int AS n FROM dashboard_plan_status
                     WHERE (${office}::uuid IS NULL OR office_id = ${office}) GROUP BY status) c ON c.status = s.status
        ORDER BY s.pos`,
};

// Read-only aggregates over other contexts' data (cases, referrals, follow-ups, returnees, plans): small reads of the
// rollup tables that triggers keep current as those tables change (migration 1765300000000-DashboardRollups), plus
// the part that depends on the clock counted live over one week or day; `officeId` null means every office (admins).
// Nothing here writes. test/e2e/dashboard-rollups.e2e-spec.ts holds the direct queries these replace and checks
// that every figure equals theirs.
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // The last 12 Bishkek months (this one included), every month × type present even when zero: sums of the
  // dashboard_case_month rollup (cases by office, Bishkek month opened or closed, type; migration DashboardRollups).
  openedVsClosed(officeId: string | null, now: Date, types: readonly string[]): Promise<OpenedClosedDto[]> {
    return this.ds.query(SQL.openedVsClosed('$1', '$2', '$3'), [officeId, now, types]);
  }

  // Cases not deleted by status (dashboard_case_status rollup).
  openByStatus(officeId: string | null, statuses: readonly string[]): Promise<StatusCountDto[]> {
    return this.ds.query(SQL.openByStatus('$1', '$2'), [officeId, statuses]);
  }

  // Per Bishkek week (Monday first, the last 12 including this one): cases whose due date fell in it, has passed,
  // and was not met by closing first. Cases closed and later reopened count by their current closedAt.
  // The past weeks come from the dashboard_case_overdue_week rollup (every date in them has passed); this week's
  // cases due before now are counted live, office by office, from case_file_office_due_idx (an index-only range).
  overdueTrend(officeId: string | null, now: Date): Promise<OverdueWeekDto[]> {
    return this.ds.query(SQL.overdueTrend('$1', '$2'), [officeId, now]);
  }

  // All referrals of the scope: each was sent; accepted counts those that got past acceptance at any point
  // (dashboard_referral rollup, by office and organisation).
  referralFunnel(officeId: string | null): Promise<ReferralFunnelDto[]> {
    return this.ds.query(SQL.referralFunnel('$1'), [officeId]);
  }

  // Due = its date has passed or it has been settled (done early counts); cancelled ones never count. Settled ones
  // and scheduled ones due before today (UTC) come from the dashboard_follow_up rollup; those due today before now
  // are counted live (follow_up_scheduled_due_idx over one day).
  async followUpCompletion(officeId: string | null, now: Date): Promise<FollowUpCompletionDto> {
    const rows: Array<{ due: number; done: number; missed: number }> = await this.ds.query(SQL.followUpCompletion('$1', '$2'), [officeId, now]);
    const { due, done, missed } = rows[0];
    return { due, done, missed, rate: due > 0 ? Math.round((done / due) * 1000) / 1000 : null };
  }

  // Returnees not deleted by oblast (dashboard_returnee_oblast rollup).
  returneesByOblast(officeId: string | null): Promise<OblastCountDto[]> {
    return this.ds.query(SQL.returneesByOblast('$1'), [officeId]);
  }

  // By the reason of each returnee's latest episode (latest departure); returnees without an episode are left out
  // (dashboard_return_reason rollup, kept from each returnee's latest episode by triggers).
  returneesByReturnReason(officeId: string | null): Promise<ReturnReasonCountDto[]> {
    return this.ds.query(SQL.returneesByReturnReason('$1'), [officeId]);
  }

  // Reintegration plans by the status of their newest version (one per plan), every status listed
  // (dashboard_plan_status rollup: current versions of returnees not deleted).
  plansByStatus(officeId: string | null, statuses: readonly string[]): Promise<StatusCountDto[]> {
    return this.ds.query(SQL.plansByStatus('$1', '$2'), [officeId, statuses]);
  }

  // Every figure in one statement (one round trip, one snapshot, one pool connection): what the dashboard sends.
  // Each figure is its statement above as a subquery, its rows aggregated in their order into JSON.
  async dashboard(
    officeId: string | null,
    now: Date,
    types: readonly string[],
    openStatuses: readonly string[],
    planStatuses: readonly string[],
  ): Promise<Omit<DashboardDto, 'generatedAt'>> {
    const list = (sql: string) => `(SELECT coalesce(json_agg(x), '[]') FROM (${sql}) x)`;
    const rows: Array<Omit<DashboardDto, 'generatedAt' | 'followUpCompletion'> & { followUpCompletion: { due: number; done: number; missed: number } }> =
      await this.ds.query(
        `SELECT ${list(SQL.openedVsClosed('$1', '$2', '$3'))} AS "openedVsClosed",
                ${list(SQL.openByStatus('$1', '$4'))} AS "openByStatus",
                ${list(SQL.overdueTrend('$1', '$2'))} AS "overdueTrend",
                ${list(SQL.referralFunnel('$1'))} AS "referralFunnel",
                (SELECT row_to_json(x) FROM (${SQL.followUpCompletion('$1', '$2')}) x) AS "followUpCompletion",
                ${list(SQL.returneesByOblast('$1'))} AS "returneesByOblast",
                ${list(SQL.returneesByReturnReason('$1'))} AS "returneesByReturnReason",
                ${list(SQL.plansByStatus('$1', '$5'))} AS "plansByStatus"`,
        [officeId, now, types, openStatuses, planStatuses],
      );
    const { due, done, missed } = rows[0].followUpCompletion;
    return { ...rows[0], followUpCompletion: { due, done, missed, rate: due > 0 ? Math.round((done / due) * 1000) / 1000 : null } };
  }

  myCasesByStatus(userId: string, statuses: readonly string[]): Promise<StatusCountDto[]> {
    return this.ds.query(
      `SELECT s.status, coalesce(c.n, 0) AS n
         FROM unnest($2::text[]) WITH ORDINALITY AS s(status, pos)
         LEFT JOIN (SELECT status, count(*)::int AS n FROM case_file
                     WHERE deleted_at IS NULL AND assignee_id = $1 GROUP BY status) c ON c.status = s.status
        ORDER BY s.pos`,
      [userId, statuses],
    );
  }
}
