import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ID_SORT, ListQuery, ListResult } from '@kaytuu/shared';
import { CaseloadRowDto } from './supervision.dto';

export type CaseloadFilter = { officeId?: string; id?: string[] };
// Whose load is counted: the office's caseworkers and supervisors as the access context gives them (UserService).
export type CaseloadStaff = { id: string; fullName: string; role: string; officeId: string | null; active: boolean };

// Each count of a person's open cases: the condition on the open case `c` it counts ($2 is now).
const OPEN_CASE_COUNTS: Record<string, string> = {
  openCases: 'true',
  openHealthReferral: "c.type = 'health_referral'",
  openLegalAid: "c.type = 'legal_aid'",
  openJobPlacement: "c.type = 'job_placement'",
  openPensionClaim: "c.type = 'pension_claim'",
  openLow: "c.priority = 'low'",
  openNormal: "c.priority = 'normal'",
  openHigh: "c.priority = 'high'",
  openUrgent: "c.priority = 'urgent'",
  overdueCases: 'c.due_at < $2',
};
// Every sortable field is a column of the rows below, named as in CaseloadRowDto; only these are spliced into ORDER BY.
export const CASELOAD_SORTABLE = ['fullName', ...Object.keys(OPEN_CASE_COUNTS), 'missedFollowUps', 'referralsAwaiting', 'oldestOpenDays', ID_SORT];

// Read-only aggregate over the cases, follow-ups and referrals tables (other contexts' data): a GROUP BY per measure
// is the only way to rank a whole office without loading every case into Node; nothing here writes. The people come
// from the caller (the access context's users), passed in as one JSON parameter.
@Injectable()
export class CaseloadRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(staff: CaseloadStaff[], officeId: string | null, now: Date, q: ListQuery<CaseloadFilter>): Promise<ListResult<CaseloadRowDto>> {
    if (staff.length === 0) return { rows: [], total: 0 };
    const field = CASELOAD_SORTABLE.includes(q.sort.field) ? q.sort.field : 'fullName';
    // no open case reads as the smallest age, so it sorts first ascending and last descending
    const order = q.sort.order === 'ASC' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST';
    const counts = Object.entries(OPEN_CASE_COUNTS).map(([name, cond]) => `count(c.assignee_id) FILTER (WHERE ${cond})::int AS "${name}"`);
    const caseColumns = [...Object.keys(OPEN_CASE_COUNTS), 'oldestOpenDays'].map((name) => `ca."${name}"`).join(', ');
    const rows: Array<CaseloadRowDto & { total: number }> = await this.ds.query(
      `WITH staff AS (
         SELECT * FROM jsonb_to_recordset($5::jsonb) AS s(id uuid, "fullName" text, role text, "officeId" uuid, active boolean)
       ), open_case AS (
         SELECT c.assignee_id, c.type, c.priority, c.due_at, c.opened_at
           FROM case_file c
          WHERE c.deleted_at IS NULL AND c.status <> 'closed' AND c.assignee_id IS NOT NULL
            AND ($1::uuid IS NULL OR c.office_id = $1)
       ), case_agg AS (
         SELECT s.id, ${counts.join(', ')},
                floor(extract(epoch FROM ($2::timestamptz - min(c.opened_at))) / 86400)::int AS "oldestOpenDays"
           FROM staff s LEFT JOIN open_case c ON c.assignee_id = s.id
          GROUP BY s.id
       ), missed AS (
         SELECT assignee_id AS id, count(*)::int AS n
           FROM follow_up WHERE status = 'missed' AND ($1::uuid IS NULL OR office_id = $1)
          GROUP BY assignee_id
       ), awaiting AS (
         SELECT c.assignee_id AS id, count(*)::int AS n
           FROM referral r JOIN case_file c ON c.id = r.case_id
          WHERE r.status = 'sent' AND c.deleted_at IS NULL AND c.assignee_id IS NOT NULL
            AND ($1::uuid IS NULL OR r.office_id = $1)
          GROUP BY c.assignee_id
       ), load AS (
         SELECT s.id, s."fullName", s.role, s."officeId", ${caseColumns}, coalesce(mi.n, 0) AS "missedFollowUps", coalesce(aw.n, 0) AS "referralsAwaiting"
           FROM staff s
           JOIN case_agg ca USING (id)
           LEFT JOIN missed mi USING (id)
           LEFT JOIN awaiting aw USING (id)
          -- every active caseworker (an empty row is news too); a supervisor only when carrying cases
          WHERE (s.role = 'caseworker' AND s.active) OR (s.role = 'supervisor' AND ca."openCases" > 0)
       )
       SELECT *, count(*) OVER ()::int AS total FROM load
        ORDER BY "${field}" ${order}, "fullName" ASC, id ASC
        LIMIT $3 OFFSET $4`,
      [officeId, now, q.limit, q.offset, JSON.stringify(staff)],
    );
    if (rows.length === 0 && q.offset > 0) return { rows: [], total: await this.count(staff, officeId, now, q) };
    return { rows: rows.map(({ total, ...row }) => row), total: rows[0]?.total ?? 0 };
  }

  // Past the last page the window count is lost; ask again from the first row.
  private async count(staff: CaseloadStaff[], officeId: string | null, now: Date, q: ListQuery<CaseloadFilter>): Promise<number> {
    const first = await this.list(staff, officeId, now, { ...q, offset: 0, limit: 1 });
    return first.total;
  }
}
