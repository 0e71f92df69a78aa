import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ListQuery, ListResult } from '@kaytuu/shared';
import { CaseEvent, CaseEventKind } from './case-event.entity';
import { CaseEventRow } from './dto/case-event.dto';

export type NewCaseEvent = { kind: CaseEventKind; data: Record<string, unknown> };

@Injectable()
export class CaseEventRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Always called with the transaction's manager: events commit or roll back with the change they describe.
  async append(m: EntityManager, caseId: string, actorId: string | null, events: NewCaseEvent[]): Promise<void> {
    // one statement per event: each gets its own clock_timestamp(), so the timeline order is the order of writing
    for (const e of events) await m.insert(CaseEvent, { caseId, actorId, kind: e.kind, data: e.data as never });
  }

  // The timeline oldest first, page and total in one query; actor names come from the access context (CaseTimelineService).
  async findTimeline(caseId: string, q: ListQuery): Promise<ListResult<CaseEventRow>> {
    const order = q.sort.order === 'DESC' ? 'DESC' : 'ASC';
    const orderBy = q.sort.field === 'id' ? `e.id ${order}` : `e.at ${order}, e.id ${order}`;
    const rows: Array<CaseEventRow & { total: string }> = await this.ds.query(
      `SELECT e.id, e.case_id AS "caseId", e.at, e.actor_id AS "actorId", e.kind, e.data, count(*) OVER () AS total
         FROM case_event e
        WHERE e.case_id = $1
        ORDER BY ${orderBy}
        OFFSET $2 LIMIT $3`,
      [caseId, q.offset, q.limit],
    );
    const total = rows.length ? Number(rows[0].total) : await this.countFor(caseId);
    return { rows: rows.map(({ total: _t, ...r }) => ({ ...r, at: new Date(r.at) })), total };
  }

  private async countFor(caseId: string): Promise<number> {
    return this.ds.getRepository(CaseEvent).count({ where: { caseId } });
  }
}
