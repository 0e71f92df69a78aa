import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_KINDS = [
  'follow_up_due_soon',
  'follow_up_due',
  'follow_up_missed',
  'follow_up_assigned',
  'referral_received',
  'referral_accepted',
  'referral_declined',
  'referral_in_service',
  'referral_completed',
  'referral_cancelled',
  'referral_overdue',
  'referral_note',
  'case_assigned',
  'case_reassigned',
  'case_sent_back',
  'case_reopened',
  'household_child_without_caregiver',
  'plan_submitted',
  'tb_checkin_concern',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

// An in-app message for one user. dedupe_key is UNIQUE: delivering the same reminder (or escalation) twice yields one row.
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) kind: NotificationKind;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', default: '' }) body: string;
  @Column({ type: 'text', nullable: true }) link: string | null;
  @Column({ type: 'jsonb', default: {} }) data: Record<string, unknown>;
  @Column({ type: 'text', nullable: true }) dedupeKey: string | null;
  @Column({ type: 'timestamptz', nullable: true }) readAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
