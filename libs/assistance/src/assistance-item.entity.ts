import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type {
  AssistanceDetails,
  AssistanceStatus,
  AssistanceType,
  Currency,
  DisbursementKind,
  DisbursementMethod,
  LedgerKind,
  UsedAsIntended,
} from './assistance.types';

// The free text (justification, reasons, verification note) is sealed by the field cipher, AAD assistance_item.<column>.
@Entity('assistance_item')
export class AssistanceItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'uuid' }) programmeId: string;
  @Column({ type: 'uuid' }) budgetLineId: string;
  @Column({ type: 'uuid', nullable: true }) planGoalId: string | null;
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'text' }) type: AssistanceType;
  @Column({ type: 'bigint' }) amountMinor: string;
  @Column({ type: 'text' }) currency: Currency;
  @Column({ type: 'jsonb' }) details: AssistanceDetails;
  @Column({ type: 'text' }) justificationEnc: string;
  @Column({ type: 'text' }) status: AssistanceStatus;
  @Column({ type: 'uuid', nullable: true }) firstApprovedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) firstApprovedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) secondApprovedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) secondApprovedAt: Date | null;
  @Column({ type: 'text', nullable: true }) rejectionReasonEnc: string | null;
  @Column({ type: 'date', nullable: true }) disbursedOn: string | null;
  @Column({ type: 'text', nullable: true }) disbursementMethod: DisbursementMethod | null;
  @Column({ type: 'text', nullable: true }) disbursementReference: string | null;
  @Column({ type: 'bigint', nullable: true }) disbursedMinor: string | null;
  @Column({ type: 'text', nullable: true }) usedAsIntended: UsedAsIntended | null;
  @Column({ type: 'text', nullable: true }) verificationNoteEnc: string | null;
  @Column({ type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  @Column({ type: 'text', nullable: true }) cancelReasonEnc: string | null;
  @Column({ type: 'uuid' }) proposedBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'int' }) version: number;
}

// Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE; the app role lacks those privileges too).
@Entity('ledger_entry')
export class LedgerEntry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) programmeId: string;
  @Column({ type: 'uuid' }) budgetLineId: string;
  @Column({ type: 'uuid' }) assistanceItemId: string;
  @Column({ type: 'text' }) kind: LedgerKind;
  @Column({ type: 'bigint' }) amountMinor: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'uuid' }) actorId: string;
}

// What a disburse, reverse or release ledger entry was: a tranche's date, method, reference and receipt; a reversal's or release's sealed
// reason (AAD assistance_disbursement.reason). One row per such ledger entry.
@Entity('assistance_disbursement')
export class AssistanceDisbursement {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) assistanceItemId: string;
  @Column({ type: 'uuid' }) ledgerEntryId: string;
  @Column({ type: 'text' }) kind: DisbursementKind;
  @Column({ type: 'bigint' }) amountMinor: string;
  @Column({ type: 'date', nullable: true }) disbursedOn: string | null;
  @Column({ type: 'text', nullable: true }) method: DisbursementMethod | null;
  @Column({ type: 'text', nullable: true }) reference: string | null;
  @Column({ type: 'uuid', nullable: true }) documentId: string | null;
  @Column({ type: 'text', nullable: true }) reasonEnc: string | null;
  @Column({ type: 'uuid' }) actorId: string;
  @Column({ type: 'timestamptz' }) at: Date;
}
