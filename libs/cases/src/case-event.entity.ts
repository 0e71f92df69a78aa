import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CASE_EVENT_KINDS = ['created', 'status_changed', 'assigned', 'note', 'field_changed'] as const;
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
