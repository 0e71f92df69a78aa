import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CASE_EVENT_KINDS = [
  'created',
  'status_changed',
  'assigned',
  'note',
  'field_changed',
  // written by the follow-ups context through CaseTimelineService.appendEvent
  'follow_up_scheduled',
  'follow_up_rescheduled',
  'follow_up_reassigned',
  'follow_up_done',
  'follow_up_cancelled',
  'follow_up_missed',
  // written by the referrals context
  'referral_sent',
  'referral_accepted',
  'referral_declined',
  'referral_in_service',
  'referral_completed',
  'referral_cancelled',
  'referral_overdue',
  'referral_note',
  // written by the notes context: a counselling or visit note on the case (kind, date, duration; never the text)
  'counselling_note',
  // written by the assistance context: a step of an assistance item linked to the case (step, type, amount and
  // currency; never the justification)
  'assistance',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

// Append-only timeline; a database trigger refuses UPDATE and DELETE.
@Entity('case_event')
export class CaseEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' }) at: Date;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) kind: CaseEventKind;
  @Column({ type: 'jsonb', default: {} }) data: Record<string, unknown>;
}
