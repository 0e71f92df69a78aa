import { Column, Entity } from 'typeorm';
import { BaseEntityColumns } from '@kaytuu/shared';
import { CaseStatus } from './case-workflow';

export const CASE_TYPES = ['health_referral', 'legal_aid', 'job_placement', 'pension_claim'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

// Table case_file: "case" is an SQL keyword.
@Entity('case_file')
export class CaseFile extends BaseEntityColumns {
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'text' }) type: CaseType;
  @Column({ type: 'text', default: 'open' }) status: CaseStatus;
  @Column({ type: 'text', default: 'normal' }) priority: CasePriority;
  @Column({ type: 'uuid', nullable: true }) assigneeId: string | null;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) summary: string | null;
  // a health case's details are stored encrypted in details_enc (FieldCipher, AAD case_file.details) with `details`
  // left {}; CaseRepository decrypts them back into `details`, so the rest of the context sees one shape
  @Column({ type: 'jsonb', default: {} }) details: Record<string, unknown>;
  @Column({ type: 'text', nullable: true, select: true }) detailsEnc: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) openedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) dueAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'text', nullable: true }) closureReason: string | null;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  // bumped by hand in the guarded UPDATE (not @VersionColumn), so a stale write is detected in the same statement
  @Column({ type: 'int', default: 1 }) version: number;
  @Column({ type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}

// Case types whose details are personal health data, encrypted at rest.
export const ENCRYPTED_DETAILS_TYPES: ReadonlySet<CaseType> = new Set(['health_referral']);
