import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { findPageWithTotal, ListQuery, ListResult } from '@kaytuu/shared';
import { Notification, NotificationKind } from './notification.entity';

export type NotificationRow = {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  dedupeKey: string | null;
};
export type NotificationFilter = { unread?: boolean; kind?: NotificationKind; id?: string[] };

const SORT: Record<string, string> = { createdAt: 'n.created_at', readAt: 'n.read_at', kind: 'n.kind', id: 'n.id' };
export const NOTIFICATION_SORTABLE = Object.keys(SORT);
// one statement carries at most this many rows (keeps the JSON parameter and the lock set small)
const INSERT_CHUNK = 1000;

// Every read and update here takes the owner's id: a user only ever sees or changes their own notifications.
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // One INSERT … SELECT FROM jsonb_to_recordset per chunk; a dedupe_key already stored (or repeated in the batch) is skipped.
  async insertSkippingDuplicates(rows: NotificationRow[], m: EntityManager = this.ds.manager): Promise<number> {
    let created = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({
        user_id: r.userId,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        data: r.data,
        dedupe_key: r.dedupeKey,
      }));
      const inserted: Array<{ id: string }> = await m.query(
        `INSERT INTO notification (user_id, kind, title, body, link, data, dedupe_key)
         SELECT x.user_id, x.kind, x.title, x.body, x.link, COALESCE(x.data, '{}'::jsonb), x.dedupe_key
           FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, kind text, title text, body text, link text, data jsonb, dedupe_key text)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id`,
        [JSON.stringify(chunk)],
      );
      created += inserted.length;
    }
    return created;
  }

  async findPageForUser(userId: string, q: ListQuery<NotificationFilter>): Promise<ListResult<Notification>> {
    const qb = this.ds.getRepository(Notification).createQueryBuilder('n').where('n.user_id = :userId', { userId });
    if (q.filter.unread !== undefined) qb.andWhere(q.filter.unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    if (q.filter.kind) qb.andWhere('n.kind = :kind', { kind: q.filter.kind });
    if (q.filter.id) qb.andWhere('n.id IN (:...ids)', { ids: q.filter.id });
    qb.orderBy(SORT[q.sort.field], q.sort.order, q.sort.order === 'DESC' ? 'NULLS LAST' : 'NULLS FIRST').addOrderBy('n.id', q.sort.order);
    return findPageWithTotal(qb, q);
  }

  findOwned(userId: string, id: string): Promise<Notification | null> {
    return this.ds.getRepository(Notification).findOne({ where: { id, userId } });
  }

  countUnread(userId: string): Promise<number> {
    return this.ds.getRepository(Notification).createQueryBuilder('n').where('n.user_id = :userId AND n.read_at IS NULL', { userId }).getCount();
  }

  // Marking read keeps the first read time; marking unread clears it. Null when the row is not the user's.
  async setRead(userId: string, id: string, read: boolean, at: Date): Promise<Notification | null> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `UPDATE notification SET read_at = CASE WHEN $3 THEN COALESCE(read_at, $4) ELSE NULL END
        WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, userId, read, at],
    );
    return rows.length ? this.findOwned(userId, id) : null;
  }

  async markAllRead(userId: string, at: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.ds.query(`UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [userId, at]);
    return affected;
  }
}
