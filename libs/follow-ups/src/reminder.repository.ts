import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PlannedReminder } from './follow-up-schedule';
import { Reminder, ReminderChannel } from './reminder.entity';

export type ClaimedReminder = { id: string; fireAt: Date };

@Injectable()
export class ReminderRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insertPlanned(m: EntityManager, followUpId: string, userId: string, planned: PlannedReminder[], channels: ReminderChannel[] = ['in_app']): Promise<void> {
    if (planned.length === 0) return;
    await m.insert(Reminder, channels.flatMap((channel) => planned.map((p) => ({ followUpId, userId, kind: p.kind, channel, fireAt: p.fireAt }))));
  }

  // Open = not yet delivered: pending in the outbox, or handed to the queue. Superseded rows are skipped by delivery.
  async supersedeOpen(m: EntityManager, followUpIds: string | string[]): Promise<number> {
    const ids = Array.isArray(followUpIds) ? followUpIds : [followUpIds];
    if (ids.length === 0) return 0;
    const result = await m
      .createQueryBuilder()
      .update(Reminder)
      .set({ status: 'superseded' })
      .where("follow_up_id IN (:...ids) AND status IN ('pending','enqueued')", { ids })
      .execute();
    return result.affected ?? 0;
  }

  // One statement, so one transaction: a second relay (or a crashed one's successor) skips rows locked here.
  async claimDue(now: Date, until: Date, limit: number): Promise<ClaimedReminder[]> {
    const [rows]: [Array<{ id: string; fire_at: Date }>, number] = await this.ds.query(
      `UPDATE reminder r SET status = 'enqueued', enqueued_at = $1
         FROM (SELECT id FROM reminder WHERE status = 'pending' AND fire_at <= $2 ORDER BY fire_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE r.id = due.id
        RETURNING r.id, r.fire_at`,
      [now, until, limit],
    );
    return toClaimed(rows);
  }

  async findStaleEnqueued(before: Date, limit: number): Promise<ClaimedReminder[]> {
    const rows: Array<{ id: string; fire_at: Date }> = await this.ds.query(
      `SELECT id, fire_at FROM reminder WHERE status = 'enqueued' AND fire_at < $1 ORDER BY fire_at LIMIT $2`,
      [before, limit],
    );
    return toClaimed(rows);
  }

  // For /api/health: seconds since the fire time of the oldest reminder still undelivered (0 when none is overdue).
  async oldestOverdueAgeSeconds(now: Date): Promise<number> {
    const [row]: Array<{ age: number | null }> = await this.ds.query(
      `SELECT EXTRACT(EPOCH FROM ($1::timestamptz - min(fire_at)))::float8 AS age FROM reminder WHERE status IN ('pending','enqueued') AND fire_at < $1`,
      [now],
    );
    return Math.max(0, Math.floor(row?.age ?? 0));
  }

  lockForDelivery(m: EntityManager, id: string): Promise<Reminder | null> {
    return m.getRepository(Reminder).createQueryBuilder('r').where('r.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async markSent(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.createQueryBuilder().update(Reminder).set({ status: 'sent', sentAt: at, attempts: () => 'attempts + 1', lastError: null }).where('id = :id', { id }).execute();
  }

  async markSuperseded(m: EntityManager, id: string): Promise<void> {
    await m.createQueryBuilder().update(Reminder).set({ status: 'superseded' }).where('id = :id', { id }).execute();
  }
}

function toClaimed(rows: Array<{ id: string; fire_at: Date }>): ClaimedReminder[] {
  return rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) })).sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}
