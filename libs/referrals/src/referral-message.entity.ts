import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const REFERRAL_MESSAGE_CHANNELS = ['email', 'webhook'] as const;
export type ReferralMessageChannel = (typeof REFERRAL_MESSAGE_CHANNELS)[number];
export type ReferralMessageStatus = 'pending' | 'enqueued' | 'sent' | 'failed' | 'superseded';
export type ReferralMessageEvent = 'referral.sent';

// Outbox row: a message to the organisation, written with the referral, relayed to the queue by the worker.
@Entity('referral_message')
export class ReferralMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) referralId: string;
  @Column({ type: 'text' }) channel: ReferralMessageChannel;
  @Column({ type: 'text' }) event: ReferralMessageEvent;
  @Column({ type: 'text', default: 'pending' }) status: ReferralMessageStatus;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', nullable: true }) enqueuedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
