import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const REMINDER_KINDS = ['before_due', 'at_due'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
// in_app always; email too when SMTP_URL is set (webhooks serve organisations, not staff reminders)
export const REMINDER_CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
export const REMINDER_STATUSES = ['pending', 'enqueued', 'sent', 'failed', 'superseded'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

// The transactional outbox: written with the follow-up, moved to the queue by the worker's relay, marked sent on delivery.
@Entity('reminder')
export class Reminder {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) followUpId: string;
  @Column({ type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) kind: ReminderKind;
  @Column({ type: 'text', default: 'in_app' }) channel: ReminderChannel;
  @Column({ type: 'timestamptz' }) fireAt: Date;
  @Column({ type: 'text', default: 'pending' }) status: ReminderStatus;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', nullable: true }) enqueuedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
