import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RecoverableType } from './checklist';

export const RECOVERY_AUTHORITIES = ['passport_office', 'former_employer', 'foreign_pension_fund', 'consulate', 'other'] as const;
export type RecoveryAuthority = (typeof RECOVERY_AUTHORITIES)[number];
export const RECOVERY_STATUSES = ['to_request', 'requested', 'received', 'refused'] as const;
export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number];

// The note is stored sealed (note_enc, AAD recovery_item.note); the service seals on write and opens on read.
@Entity('recovery_item')
export class RecoveryItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'text' }) documentType: RecoverableType;
  @Column({ type: 'text', nullable: true }) country: string | null;
  @Column({ type: 'text' }) authority: RecoveryAuthority;
  @Column({ type: 'text', nullable: true }) authorityName: string | null;
  @Column({ type: 'date', nullable: true }) requestedOn: string | null;
  @Column({ type: 'date', nullable: true }) expectedOn: string | null;
  @Column({ type: 'text' }) status: RecoveryStatus;
  @Column({ type: 'uuid', nullable: true }) documentId: string | null;
  @Column({ type: 'date', nullable: true }) receivedOn: string | null;
  @Column({ type: 'uuid', nullable: true }) followUpId: string | null;
  @Column({ type: 'text', nullable: true }) noteEnc: string | null;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'int' }) version: number;
}
