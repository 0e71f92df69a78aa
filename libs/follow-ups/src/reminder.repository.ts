import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PlannedReminder } from './follow-up-schedule';
import { Reminder, ReminderChannel } from './reminder.entity';

export type ClaimedReminder = { id: string; fireAt: Date };
export type ReminderForDelivery = Pick<Reminder, 'id' | 'followUpId' | 'userId' | 'kind' | 'channel' | 'status'>;

@Injectable()
export class ReminderRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insertPlanned(
    m: EntityManager,
    followUpId: string,
    userId: string,
    planned: PlannedReminder[],
    channels: ReminderChannel[] = ['in_app'],
  ): Promise<void> {
    if (planned.length === 0) return;
    await m.insert(
      Reminder,
      channels.flatMap((channel) => planned.map((p) => ({ followUpId, userId, kind: p.kind, channel, fireAt: p.fireAt }))),
    );
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

  // Every row handed to the queue and not yet sent, in id order from a cursor: re-added at once when the queue's store
  // lost its data (see RemindersProcessor.relayOnce).
  async findEnqueuedAfter(afterId: string | null, limit: number): Promise<ClaimedReminder[]> {
    const rows: Array<{ id: string; fire_at: Date }> = await this.ds.query(
      `SELECT id, fire_at FROM reminder WHERE status = 'enqueued' AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [afterId, limit],
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

  // Row locks in id order, so two batches that share a row (a job run twice) wait for each other instead of deadlocking.
  // Plain SQL and only the columns delivery reads: this runs once per batch on the hot path of every reminder.
  lockManyForDelivery(m: EntityManager, ids: string[]): Promise<ReminderForDelivery[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.query(
      `SELECT id, follow_up_id AS "followUpId", user_id AS "userId", kind, channel, status FROM reminder WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  async markSent(m: EntityManager, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await m
      .createQueryBuilder()
      .update(Reminder)
      .set({ status: 'sent', sentAt: at, attempts: () => 'attempts + 1', lastError: null })
      .where('id IN (:...ids)', { ids })
      .execute();
  }

  async markSuperseded(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await m.createQueryBuilder().update(Reminder).set({ status: 'superseded' }).where('id IN (:...ids)', { ids }).execute();
  }

  // The job used up its attempts: the row says so (status, error, attempts) until the relay's retry picks it up.
  // Only an undelivered row changes: a late failure report must not overwrite 'sent' or 'superseded'.
  async markFailed(id: string, error: string, attempts: number): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(Reminder)
      .set({ status: 'failed', lastError: error, attempts: () => `attempts + ${Math.max(0, Math.floor(attempts))}` })
      .where("id = :id AND status IN ('pending','enqueued')", { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  // Failed rows whose retry is due (failed at least `before`, judged by fire time and enqueue time) and whose total
  // attempts stay under the cap; the rest stay 'failed' for people to see (health, bull-board).
  async claimFailedForRetry(now: Date, before: Date, maxAttempts: number, limit: number): Promise<ClaimedReminder[]> {
    const [rows]: [Array<{ id: string; fire_at: Date }>, number] = await this.ds.query(
      `UPDATE reminder r SET status = 'enqueued', enqueued_at = $1
         FROM (SELECT id FROM reminder WHERE status = 'failed' AND attempts < $3 AND enqueued_at < $2 ORDER BY fire_at LIMIT $4 FOR UPDATE SKIP LOCKED) f
        WHERE r.id = f.id
        RETURNING r.id, r.fire_at`,
      [now, before, maxAttempts, limit],
    );
    return toClaimed(rows);
  }

  async countFailed(): Promise<number> {
    const [row]: Array<{ n: number }> = await this.ds.query(`SELECT count(*)::int AS n FROM reminder WHERE status = 'failed'`);
    return row?.n ?? 0;
  }
}

function toClaimed(rows: Array<{ id: string; fire_at: Date }>): ClaimedReminder[] {
  return rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) })).sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}
