import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  FollowUpCompletionDto,
  OblastCountDto,
  OpenedClosedDto,
  OverdueWeekDto,
  ReferralFunnelDto,
  ReturnReasonCountDto,
  StatusCountDto,
} from './supervision.dto';

const TZ = 'Asia/Bishkek';

// Read-only aggregates over other contexts' tables (cases, referrals, follow-ups, returnees), each one GROUP BY in
// SQL; `officeId` null means every office (admins). Nothing here writes.
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // The last 12 Bishkek months (this one included), every month × type present even when zero.
  openedVsClosed(officeId: string | null, now: Date, types: readonly string[]): Promise<OpenedClosedDto[]> {
    return this.ds.query(
      `WITH bounds AS (SELECT date_trunc('month', $2::timestamptz AT TIME ZONE '${TZ}') AS this_month),
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
      [officeId, now, types],
    );
  }

  openByStatus(officeId: string | null, statuses: readonly string[]): Promise<StatusCountDto[]> {
    return this.ds.query(
      `SELECT s.status, coalesce(c.n, 0) AS n
         FROM unnest($2::text[]) WITH ORDINALITY AS s(status, pos)
         LEFT JOIN (SELECT status, count(*)::int AS n FROM case_file
                     WHERE deleted_at IS NULL AND status = ANY($2::text[]) AND ($1::uuid IS NULL OR office_id = $1) GROUP BY status) c ON c.status = s.status
        ORDER BY s.pos`,
      [officeId, statuses],
    );
  }

  // Per Bishkek week (Monday first, the last 12 including this one): cases whose due date fell in it, has passed,
  // and was not met by closing first. Cases closed and later reopened count by their current closedAt.
  overdueTrend(officeId: string | null, now: Date): Promise<OverdueWeekDto[]> {
    return this.ds.query(
      `WITH bounds AS (SELECT date_trunc('week', $2::timestamptz AT TIME ZONE '${TZ}') AS this_week),
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
      [officeId, now],
    );
  }

  // All referrals of the scope: each was sent; accepted counts those that got past acceptance at any point.
  referralFunnel(officeId: string | null): Promise<ReferralFunnelDto[]> {
    return this.ds.query(
      `SELECT o.id AS "organizationId", o.name AS "organizationName",
              count(*)::int AS sent,
              count(*) FILTER (WHERE r.accepted_at IS NOT NULL OR r.status IN ('accepted','in_service','completed'))::int AS accepted,
              count(*) FILTER (WHERE r.status = 'completed')::int AS completed
         FROM referral r JOIN organization o ON o.id = r.organization_id
        WHERE ($1::uuid IS NULL OR r.office_id = $1)
        GROUP BY o.id, o.name
        ORDER BY sent DESC, o.name`,
      [officeId],
    );
  }

  // Due = its date has passed or it has been settled (done early counts); cancelled ones never count.
  async followUpCompletion(officeId: string | null, now: Date): Promise<FollowUpCompletionDto> {
    const rows: Array<{ due: number; done: number; missed: number }> = await this.ds.query(
      `SELECT count(*) FILTER (WHERE status IN ('done','missed') OR (status = 'scheduled' AND due_at < $2))::int AS due,
              count(*) FILTER (WHERE status = 'done')::int AS done,
              count(*) FILTER (WHERE status = 'missed')::int AS missed
         FROM follow_up WHERE ($1::uuid IS NULL OR office_id = $1)`,
      [officeId, now],
    );
    const { due, done, missed } = rows[0];
    return { due, done, missed, rate: due > 0 ? Math.round((done / due) * 1000) / 1000 : null };
  }

  returneesByOblast(officeId: string | null): Promise<OblastCountDto[]> {
    return this.ds.query(
      `SELECT oblast, count(*)::int AS n FROM returnee
        WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR office_id = $1)
        GROUP BY oblast ORDER BY n DESC, oblast`,
      [officeId],
    );
  }

  // By the reason of each returnee's latest episode (latest departure); returnees without an episode are left out.
  returneesByReturnReason(officeId: string | null): Promise<ReturnReasonCountDto[]> {
    return this.ds.query(
      `SELECT e.return_reason AS "returnReason", count(*)::int AS n
         FROM returnee r
         JOIN LATERAL (SELECT return_reason FROM migration_episode
                        WHERE returnee_id = r.id ORDER BY departed_on DESC, position DESC LIMIT 1) e ON true
        WHERE r.deleted_at IS NULL AND ($1::uuid IS NULL OR r.office_id = $1)
        GROUP BY e.return_reason ORDER BY n DESC, "returnReason"`,
      [officeId],
    );
  }

  // Reintegration plans by the status of their newest version (one per plan), every status listed.
  plansByStatus(officeId: string | null, statuses: readonly string[]): Promise<StatusCountDto[]> {
    return this.ds.query(
      `SELECT s.status, coalesce(c.n, 0) AS n
         FROM unnest($2::text[]) WITH ORDINALITY AS s(status, pos)
         LEFT JOIN (SELECT pv.status, count(*)::int AS n FROM plan_version pv JOIN returnee r ON r.id = pv.returnee_id
                     WHERE pv.is_current AND r.deleted_at IS NULL AND ($1::uuid IS NULL OR pv.office_id = $1) GROUP BY pv.status) c ON c.status = s.status
        ORDER BY s.pos`,
      [officeId, statuses],
    );
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
