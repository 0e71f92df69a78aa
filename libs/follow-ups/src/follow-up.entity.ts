import { Column, Entity } from 'typeorm';
import { BaseEntityColumns } from '@kaytuu/shared';
import type { FollowUpSource } from './follow-up-plans';

export const FOLLOW_UP_KINDS = ['call', 'visit', 'check_in', 'monitoring_1m', 'monitoring_3m', 'monitoring_6m', 'monitoring_12m'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
// what staff schedule by hand; the monitoring kinds come only from a case closure
export const MANUAL_FOLLOW_UP_KINDS = ['call', 'visit', 'check_in'] as const;
export type ManualFollowUpKind = (typeof MANUAL_FOLLOW_UP_KINDS)[number];
export const FOLLOW_UP_STATUSES = ['scheduled', 'done', 'missed', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

@Entity('follow_up')
export class FollowUp extends BaseEntityColumns {
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'uuid' }) assigneeId: string;
  @Column({ type: 'text' }) kind: FollowUpKind;
  @Column({ type: 'text', default: 'scheduled' }) status: FollowUpStatus;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ type: 'timestamptz', nullable: true }) doneAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) missedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  // set when the system proposed it (a TB plan, a legal-aid deadline); null for hand-made and monitoring follow-ups
  @Column({ type: 'text', nullable: true }) source: FollowUpSource | null;
  // bumped by hand in the guarded UPDATE, as for cases
  @Column({ type: 'int', default: 1 }) version: number;
}
