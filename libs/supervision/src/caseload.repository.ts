import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ListQuery, ListResult } from '@kaytuu/shared';
import { CaseloadRowDto } from './supervision.dto';

export type CaseloadFilter = { officeId?: string; id?: string[] };

// API field → SQL column of the rows CTE; the only values ever spliced into ORDER BY.
const SORT_COLUMNS: Record<string, string> = {
  fullName: 'full_name',
  openCases: 'open_cases',
  openHealthReferral: 'open_health_referral',
  openLegalAid: 'open_legal_aid',
  openJobPlacement: 'open_job_placement',
  openPensionClaim: 'open_pension_claim',
  openLow: 'open_low',
  openNormal: 'open_normal',
  openHigh: 'open_high',
  openUrgent: 'open_urgent',
  overdueCases: 'overdue_cases',
  missedFollowUps: 'missed_follow_ups',
  referralsAwaiting: 'referrals_awaiting',
  oldestOpenDays: 'oldest_open_days',
};
export const CASELOAD_SORTABLE = Object.keys(SORT_COLUMNS);

type Row = {
  id: string;
  full_name: string;
  role: string;
  office_id: string;
  open_cases: number;
  open_health_referral: number;
  open_legal_aid: number;
  open_job_placement: number;
  open_pension_claim: number;
  open_low: number;
  open_normal: number;
  open_high: number;
  open_urgent: number;
  overdue_cases: number;
  missed_follow_ups: number;
  referrals_awaiting: number;
  oldest_open_days: number | null;
  total: number;
};

// Read-only aggregate over the cases, follow-ups and referrals tables (other contexts' data): a GROUP BY per measure
// is the only way to rank a whole office without loading every case into Node; nothing here writes.
@Injectable()
export class CaseloadRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(officeId: string | null, now: Date, q: ListQuery<CaseloadFilter>): Promise<ListResult<CaseloadRowDto>> {
    const col = SORT_COLUMNS[q.sort.field] ?? 'full_name';
    // no open case reads as the smallest age, so it sorts first ascending and last descending
    const order = q.sort.order === 'ASC' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST';
    const rows: Row[] = await this.ds.query(
      `WITH open_case AS (
         SELECT c.assignee_id, c.type, c.priority, c.due_at, c.opened_at
           FROM case_file c
          WHERE c.deleted_at IS NULL AND c.status <> 'closed' AND c.assignee_id IS NOT NULL
            AND ($1::uuid IS NULL OR c.office_id = $1)
       ), case_agg AS (
         SELECT assignee_id AS user_id,
                count(*)::int AS open_cases,
                count(*) FILTER (WHERE type = 'health_referral')::int AS open_health_referral,
                count(*) FILTER (WHERE type = 'legal_aid')::int AS open_legal_aid,
                count(*) FILTER (WHERE type = 'job_placement')::int AS open_job_placement,
                count(*) FILTER (WHERE type = 'pension_claim')::int AS open_pension_claim,
                count(*) FILTER (WHERE priority = 'low')::int AS open_low,
                count(*) FILTER (WHERE priority = 'normal')::int AS open_normal,
                count(*) FILTER (WHERE priority = 'high')::int AS open_high,
                count(*) FILTER (WHERE priority = 'urgent')::int AS open_urgent,
                count(*) FILTER (WHERE due_at < $2)::int AS overdue_cases,
                floor(extract(epoch FROM ($2::timestamptz - min(opened_at))) / 86400)::int AS oldest_open_days
           FROM open_case GROUP BY assignee_id
       ), missed AS (
         SELECT assignee_id AS user_id, count(*)::int AS n
           FROM follow_up WHERE status = 'missed' AND ($1::uuid IS NULL OR office_id = $1)
          GROUP BY assignee_id
       ), awaiting AS (
         SELECT c.assignee_id AS user_id, count(*)::int AS n
           FROM referral r JOIN case_file c ON c.id = r.case_id
          WHERE r.status = 'sent' AND c.deleted_at IS NULL AND c.assignee_id IS NOT NULL
            AND ($1::uuid IS NULL OR r.office_id = $1)
          GROUP BY c.assignee_id
       ), load AS (
         SELECT u.id, u.full_name, u.role, u.office_id,
                coalesce(ca.open_cases, 0) AS open_cases,
                coalesce(ca.open_health_referral, 0) AS open_health_referral,
                coalesce(ca.open_legal_aid, 0) AS open_legal_aid,
                coalesce(ca.open_job_placement, 0) AS open_job_placement,
                coalesce(ca.open_pension_claim, 0) AS open_pension_claim,
                coalesce(ca.open_low, 0) AS open_low,
                coalesce(ca.open_normal, 0) AS open_normal,
                coalesce(ca.open_high, 0) AS open_high,
                coalesce(ca.open_urgent, 0) AS open_urgent,
                coalesce(ca.overdue_cases, 0) AS overdue_cases,
                coalesce(mi.n, 0) AS missed_follow_ups,
                coalesce(aw.n, 0) AS referrals_awaiting,
                ca.oldest_open_days
           FROM app_user u
           LEFT JOIN case_agg ca ON ca.user_id = u.id
           LEFT JOIN missed mi ON mi.user_id = u.id
           LEFT JOIN awaiting aw ON aw.user_id = u.id
          WHERE u.office_id IS NOT NULL AND ($1::uuid IS NULL OR u.office_id = $1)
            AND ($5::uuid[] IS NULL OR u.id = ANY($5))
            -- every active caseworker (an empty row is news too); a supervisor only when carrying cases
            AND ((u.role = 'caseworker' AND u.active) OR (u.role = 'supervisor' AND ca.open_cases > 0))
       )
       SELECT *, count(*) OVER ()::int AS total FROM load
        ORDER BY ${col} ${order}, full_name ASC, id ASC
        LIMIT $3 OFFSET $4`,
      [officeId, now, q.limit, q.offset, q.filter.id ?? null],
    );
    if (rows.length === 0 && q.offset > 0) return { rows: [], total: await this.count(officeId, now, q) };
    return { rows: rows.map(toCaseloadRow), total: rows[0]?.total ?? 0 };
  }

  // Past the last page the window count is lost; ask again from the first row.
  private async count(officeId: string | null, now: Date, q: ListQuery<CaseloadFilter>): Promise<number> {
    const first = await this.list(officeId, now, { ...q, offset: 0, limit: 1 });
    return first.total;
  }
}

function toCaseloadRow(r: Row): CaseloadRowDto {
  return {
    id: r.id,
    fullName: r.full_name,
    role: r.role,
    officeId: r.office_id,
    openCases: r.open_cases,
    openHealthReferral: r.open_health_referral,
    openLegalAid: r.open_legal_aid,
    openJobPlacement: r.open_job_placement,
    openPensionClaim: r.open_pension_claim,
    openLow: r.open_low,
    openNormal: r.open_normal,
    openHigh: r.open_high,
    openUrgent: r.open_urgent,
    overdueCases: r.overdue_cases,
    missedFollowUps: r.missed_follow_ups,
    referralsAwaiting: r.referrals_awaiting,
    oldestOpenDays: r.oldest_open_days,
  };
}
