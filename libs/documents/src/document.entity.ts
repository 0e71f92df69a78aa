import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DOCUMENT_TYPES = [
  'passport',
  'id_card',
  'birth_certificate',
  'work_book',
  'employment_contract',
  'payslip',
  'foreign_pension_statement',
  'entry_ban_notice',
  'court_decision',
  'medical_discharge',
  'tb_treatment_card',
  'consent_form',
  'signed_plan',
  'photo',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic', DOCX, XLSX] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

// A returnee's document: the metadata. Its bytes are the versions (document_version), the newest being current_version.
@Entity('document')
export class DocumentRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'uuid', nullable: true }) referralId: string | null;
  @Column({ type: 'uuid', nullable: true }) planId: string | null;
  @Column({ type: 'text' }) type: DocumentType;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'date', nullable: true }) issuedOn: string | null;
  @Column({ type: 'text', nullable: true }) issuerCountry: string | null;
  @Column({ type: 'text', nullable: true }) issuer: string | null;
  @Column({ type: 'date', nullable: true }) expiresOn: string | null;
  @Column({ type: 'integer' }) currentVersion: number;
  @Column({ type: 'timestamptz', nullable: true }) deletedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) deletedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) purgedAt: Date | null;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}

// One version's bytes: one encrypted object (random key, no personal data), its wrapped data key, what was sniffed.
@Entity('document_version')
export class DocumentVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) documentId: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) objectKey: string;
  @Column({ type: 'text' }) wrappedKey: string;
  @Column({ type: 'text' }) contentType: ContentType;
  // bigint comes back as a string from pg; the repository turns it into a number (files are far below 2^53)
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } }) bytes: number;
  @Column({ type: 'text' }) sha256: string;
  @Column({ type: 'text' }) fileName: string;
  @Column({ type: 'text', nullable: true }) thumbObjectKey: string | null;
  @Column({ type: 'text', nullable: true }) thumbWrappedKey: string | null;
  @Column({ type: 'uuid' }) uploadedBy: string;
  @Column({ type: 'timestamptz' }) uploadedAt: Date;
}
