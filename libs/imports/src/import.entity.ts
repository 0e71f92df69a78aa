import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { FieldCode } from '@kaytuu/shared';

export const IMPORT_STATUSES = ['validating', 'preview', 'importing', 'done', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_MODES = ['all_or_nothing', 'valid_rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export type DuplicateKind = 'pin' | 'name_birth_date' | 'file';

// One uploaded CSV file and where its validation and import stand (migration 1764500001000-Imports). The id is made by
// the upload, before the row exists: the staged lines are written first, in the same transaction.
@Entity('returnee_import')
export class ReturneeImport {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'text' }) status: ImportStatus;
  @Column({ type: 'text' }) fileName: string;
  // the header as uploaded, trimmed
  @Column({ type: 'text', array: true }) columns: string[];
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'text', nullable: true }) mode: ImportMode | null;
  @Column({ type: 'int' }) rowCount: number;
  @Column({ type: 'int' }) total: number;
  @Column({ type: 'int' }) processed: number;
  @Column({ type: 'int' }) valid: number;
  @Column({ type: 'int' }) invalid: number;
  @Column({ type: 'int' }) duplicates: number;
  @Column({ type: 'int' }) imported: number;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'text' }) createdByRole: string;
  @Column({ type: 'text', nullable: true }) createdIp: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}

// One staged CSV line: its cells encrypted as typed, then what validation made of it, then the returnee it became.
@Entity('import_row')
export class ImportRow {
  @PrimaryColumn('uuid') importId: string;
  @PrimaryColumn('int') line: number;
  // the line's cells, encrypted (AAD import_row.raw); ImportRepository alone opens it
  @Column({ type: 'text' }) rawEnc: string;
  // the returnee columns ready to insert, personal ones already sealed (SealedBatchRecord)
  @Column({ type: 'jsonb', nullable: true }) values: unknown | null;
  // each field's problem under the file's column name: the English text, and its code and params (the error report
  // says it in the reader's language); rows checked before codes were stored have errorCodes null
  @Column({ type: 'jsonb', nullable: true }) errors: Record<string, string> | null;
  @Column({ type: 'jsonb', nullable: true }) errorCodes: Record<string, FieldCode> | null;
  @Column({ type: 'text', nullable: true }) pinHmac: string | null;
  @Column({ type: 'date', nullable: true }) birthDate: string | null;
  @Column({ type: 'text', nullable: true }) skeleton: string | null;
  @Column({ type: 'text', nullable: true }) duplicateKind: DuplicateKind | null;
  @Column({ type: 'uuid', nullable: true }) duplicateOfId: string | null;
  @Column({ type: 'text', nullable: true }) duplicateOfCode: string | null;
  @Column({ type: 'int', nullable: true }) duplicateOfLine: number | null;
  @Column({ type: 'uuid', nullable: true }) returneeId: string | null;
}
