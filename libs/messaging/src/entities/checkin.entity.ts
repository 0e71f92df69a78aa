import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { MessageChannelKind } from './message.entity';

export const CHECKIN_FREQUENCIES = ['daily', 'weekly'] as const;
export type CheckinFrequency = (typeof CHECKIN_FREQUENCIES)[number];
export const CHECKIN_ANSWERS = ['yes', 'no', 'side_effects'] as const;
export type CheckinAnswer = (typeof CHECKIN_ANSWERS)[number];

// A TB treatment case's check-in schedule (local_time HH:MM in Asia/Bishkek; weekday 1–7 for weekly).
@Entity('checkin_schedule')
export class CheckinSchedule {
  @PrimaryColumn({ type: 'uuid' }) caseId: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'text' }) frequency: CheckinFrequency;
  @Column({ type: 'int', nullable: true }) weekday: number | null;
  @Column({ type: 'text' }) localTime: string;
  // null: the returnee's preferred or linked channel (column added by 1765100001000-SelfReportedMonitoring)
  @Column({ type: 'text', nullable: true }) channel: MessageChannelKind | null;
  @Column({ type: 'boolean' }) active: boolean;
  @Column({ type: 'date' }) startsOn: string;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}

// One check-in asked (due_at) and its answer.
@Entity('checkin')
export class Checkin {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'uuid', nullable: true }) messageId: string | null;
  @Column({ type: 'text', nullable: true }) answer: CheckinAnswer | null;
  @Column({ type: 'timestamptz', nullable: true }) answeredAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) escalatedAt: Date | null;
}
