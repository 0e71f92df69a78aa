import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ReferralMessage, ReferralMessageChannel, ReferralMessageEvent } from './referral-message.entity';

// The outbox of messages to organisations; the same claim / stale / failed life cycle as the reminder outbox.
@Injectable()
export class ReferralMessageRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(m: EntityManager, referralId: string, event: ReferralMessageEvent, channels: ReferralMessageChannel[]): Promise<void> {
    if (channels.length === 0) return;
    await m.insert(
      ReferralMessage,
      channels.map((channel) => ({ referralId, channel, event })),
    );
  }

  // One statement: a second relay skips the rows locked here.
  async claimPending(now: Date, limit: number): Promise<string[]> {
    const [rows]: [Array<{ id: string }>, number] = await this.ds.query(
      `UPDATE referral_message r SET status = 'enqueued', enqueued_at = $1
         FROM (SELECT id FROM referral_message WHERE status = 'pending' ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED) p
        WHERE r.id = p.id RETURNING r.id`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  // Enqueued long ago and not sent: the job may be lost; failed ones under the attempts cap get another round.
  async findToRetry(before: Date, maxAttempts: number, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM referral_message
        WHERE (status = 'enqueued' OR (status = 'failed' AND attempts < $2)) AND enqueued_at < $1
        ORDER BY created_at LIMIT $3`,
      [before, maxAttempts, limit],
    );
    return rows.map((r) => r.id);
  }

  async markRequeued(ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.ds.createQueryBuilder().update(ReferralMessage).set({ status: 'enqueued', enqueuedAt: now }).where('id IN (:...ids)', { ids }).execute();
  }

  lockForDelivery(m: EntityManager, id: string): Promise<ReferralMessage | null> {
    return m.getRepository(ReferralMessage).createQueryBuilder('x').where('x.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async mark(m: EntityManager, id: string, status: 'sent' | 'superseded', at: Date): Promise<void> {
    await m
      .createQueryBuilder()
      .update(ReferralMessage)
      .set(status === 'sent' ? { status, sentAt: at, attempts: () => 'attempts + 1', lastError: null } : { status })
      .where('id = :id', { id })
      .execute();
  }

  async markFailed(id: string, error: string, attempts: number): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .update(ReferralMessage)
      .set({ status: 'failed', lastError: error.slice(0, 500), attempts: () => `attempts + ${Math.max(0, Math.floor(attempts))}` })
      .where("id = :id AND status IN ('pending','enqueued')", { id })
      .execute();
  }
}
