import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { FieldCodes, FieldParams } from '@kaytuu/shared';
import { ImportColumn } from '../import-columns';
import { rowFieldCodes } from '../problem-codes';
import { DuplicateKind, IMPORT_MODES, ImportMode, ImportRecord, ImportStatus, ProblemRow } from '../import.repository';

export class ConfirmImportDto {
  @ApiProperty({ enum: IMPORT_MODES })
  @IsIn(IMPORT_MODES, { message: `must be one of: ${IMPORT_MODES.join(', ')}` })
  mode: ImportMode;
}

// GET /api/imports/:id/errors.csv?codes=true
export class ErrorReportQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description:
      "By default the added columns and every problem are in the requester's language (their locale; ru if unset). codes=true gives the machine form: `line`, `errors` (English) and `codes`, JSON with the field codes and params as the error envelope names them ({fieldCodes, fieldParams}; ROW_LENGTH for a line whose cell count differs from the header's) or the duplicate ({duplicateOf: {kind, code, line}}).",
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  codes?: 'true' | 'false';
}

export type ImportDto = {
  id: string;
  status: ImportStatus;
  fileName: string;
  officeId: string;
  mode: ImportMode | null;
  progress: { processed: number; total: number };
  counts: { rows: number; valid: number; invalid: number; duplicates: number; imported: number };
  error?: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
};

export function toImportDto(r: ImportRecord): ImportDto {
  return {
    id: r.id,
    status: r.status,
    fileName: r.fileName,
    officeId: r.officeId,
    mode: r.mode,
    progress: { processed: r.processed, total: r.total },
    counts: { rows: r.rowCount, valid: r.valid, invalid: r.invalid, duplicates: r.duplicates, imported: r.imported },
    ...(r.error ? { error: r.error } : {}),
    createdBy: r.createdBy,
    createdAt: new Date(r.createdAt).toISOString(),
    finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
  };
}

export type DuplicateOfDto = { id: string | null; code: string | null; kind: DuplicateKind; line?: number };
export type ImportRowDto = {
  // react-admin needs an id per record; the line number is unique within an import
  id: number;
  line: number;
  name: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  // each field of `errors` as a code with its params, as the error envelope names them (the console's app.field_error)
  fieldCodes: FieldCodes;
  fieldParams: FieldParams;
  duplicateOf?: DuplicateOfDto;
};

// The cells under the file's own header names; the name as the file spells it (surname, first name, patronymic).
// `columns` is the known column of each header cell, in the same order.
export function toImportRowDto(header: string[], columns: ImportColumn[], r: ProblemRow): ImportRowDto {
  const values: Record<string, string> = {};
  header.forEach((h, i) => (values[h] = r.raw[i] ?? ''));
  const cell = (c: ImportColumn) => (columns.includes(c) ? (r.raw[columns.indexOf(c)] ?? '').trim() : '');
  return {
    id: r.line,
    line: r.line,
    name: [cell('lastName'), cell('firstName'), cell('patronymic')].filter(Boolean).join(' '),
    values,
    errors: r.errors ?? {},
    ...rowFieldCodes(r),
    ...(r.duplicateKind
      ? { duplicateOf: { id: r.duplicateOfId, code: r.duplicateOfCode, kind: r.duplicateKind, ...(r.duplicateOfLine ? { line: r.duplicateOfLine } : {}) } }
      : {}),
  };
}

// One cell of the error report: every field error, then the duplicate, in words.
export function describeProblems(r: ProblemRow): string {
  const parts = Object.entries(r.errors ?? {}).map(([k, v]) => `${k}: ${v}`);
  if (r.duplicateKind === 'file') parts.push(`duplicate: same PIN as line ${r.duplicateOfLine}`);
  else if (r.duplicateKind === 'pin') parts.push(`duplicate: PIN already registered${r.duplicateOfCode ? ` as ${r.duplicateOfCode}` : ' in another office'}`);
  else if (r.duplicateKind === 'name_birth_date') parts.push(`possible duplicate: same name and birth date as ${r.duplicateOfCode ?? 'an existing returnee'}`);
  return parts.join('; ');
}
