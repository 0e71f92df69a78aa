import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import type { MessageStatsDay } from './dto/message.dto';
import { Message, MessageChannelKind, MessageDirection, MessageStatus } from './entities/message.entity';

// The caller scopes by office (a caseworker's or supervisor's own); a deleted returnee's messages go with it.
export type MessageFilter = {
  returneeId?: string;
  officeId?: string;
  status?: MessageStatus[];
  channel?: MessageChannelKind[];
  direction?: MessageDirection;
  from?: string;
  to?: string;
  id?: string[];
};
export const MESSAGE_SORTABLE = ['createdAt', 'fireAt', 'sentAt', 'status', 'id'] as const;
const SORT_COLUMNS: Record<(typeof MESSAGE_SORTABLE)[number], string> = {
  createdAt: 'm.created_at',
  fireAt: 'm.fire_at',
  sentAt: 'm.sent_at',
  status: 'm.status',
  id: 'm.id',
};

@Injectable()
export class MessageRepository {
  async findPage(em: EntityManager, officeId: string, q: ListQuery<MessageFilter>): Promise<{ rows: Message[]; total: number }> {
    const qb = em.getRepository(Message).createQueryBuilder('m').where('m.office_id = :officeId', { officeId });
    qb.andWhere('EXISTS (SELECT 1 FROM returnee rt WHERE rt.id = m.returnee_id AND rt.deleted_at IS NULL)');
    const f = q.filter;
    if (f.officeId) qb.andWhere('m.office_id = :fOffice', { fOffice: f.officeId });
    if (f.returneeId) qb.andWhere('m.returnee_id = :returneeId', { returneeId: f.returneeId });
    if (f.status) qb.andWhere('m.status IN (:...statuses)', { statuses: f.status });
    if (f.channel) qb.andWhere('m.channel IN (:...channels)', { channels: f.channel });
    if (f.direction) qb.andWhere('m.direction = :direction', { direction: f.direction });
    if (f.from) qb.andWhere('m.created_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('m.created_at < :to', { to: f.to });
    if (f.id) qb.andWhere(f.id.length ? 'm.id IN (:...ids)' : 'false', { ids: f.id });
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.createdAt;
    qb.orderBy(column, q.sort.order, q.sort.order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
    if (column !== SORT_COLUMNS.id) qb.addOrderBy('m.id', q.sort.order);
    qb.offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findInOffice(em: EntityManager, officeId: string, id: string): Promise<Message | null> {
    return em
      .getRepository(Message)
      .createQueryBuilder('m')
      .where('m.id = :id AND m.office_id = :officeId', { id, officeId })
      .andWhere('EXISTS (SELECT 1 FROM returnee rt WHERE rt.id = m.returnee_id AND rt.deleted_at IS NULL)')
      .getOne();
  }

  // Outbound messages per Asia/Bishkek day of their fire time, office and channel; failures and expiries by reason.
  async stats(
    em: EntityManager,
    officeIds: string[] | null,
    from: Date,
    to: Date,
  ): Promise<{ days: MessageStatsDay[]; failures: Array<{ officeId: string; reason: string; count: number }> }> {
    const scope = officeIds ? 'AND office_id = ANY($3)' : '';
    const params: unknown[] = officeIds ? [from, to, officeIds] : [from, to];
    const days = (await em.query(
      `SELECT to_char((fire_at AT TIME ZONE 'Asia/Bishkek')::date, 'YYYY-MM-DD') AS day, office_id, channel,
              count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
              count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'expired')::int AS expired,
              coalesce(sum(segments) FILTER (WHERE sent_at IS NOT NULL), 0)::int AS segments
       FROM message WHERE direction = 'out' AND fire_at >= $1 AND fire_at < $2 ${scope}
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      params,
    )) as Array<{ day: string; office_id: string; channel: string; sent: number; delivered: number; failed: number; expired: number; segments: number }>;
    const failures = (await em.query(
      `SELECT office_id, coalesce(last_error, status) AS reason, count(*)::int AS count
       FROM message WHERE direction = 'out' AND status IN ('failed', 'expired') AND fire_at >= $1 AND fire_at < $2 ${scope}
       GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
      params,
    )) as Array<{ office_id: string; reason: string; count: number }>;
    return {
      days: days.map((d) => ({
        day: d.day,
        officeId: d.office_id,
        channel: d.channel,
        sent: d.sent,
        delivered: d.delivered,
        failed: d.failed,
        expired: d.expired,
        segments: d.segments,
      })),
      failures: failures.map((x) => ({ officeId: x.office_id, reason: x.reason, count: x.count })),
    };
  }
}
