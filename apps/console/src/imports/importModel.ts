// No imports on purpose: the root jest checks this file directly, while the console bundles it.

// Mirrors libs/imports (import.repository.ts, dto/import.dto.ts): the API is authoritative, these only shape the page.
export const IMPORT_STATUSES = ['validating', 'preview', 'importing', 'done', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_MODES = ['valid_rows', 'all_or_nothing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export type DuplicateKind = 'pin' | 'name_birth_date' | 'file';

export type ImportCounts = { rows: number; valid: number; invalid: number; duplicates: number; imported: number };
export type ImportRecord = {
  id: string;
  status: ImportStatus;
  fileName: string;
  officeId: string;
  mode: ImportMode | null;
  progress: { processed: number; total: number };
  counts: ImportCounts;
  error?: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
};
export type ImportRow = {
  id: number;
  line: number;
  name: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  // each field of `errors` as a stable code with its params (the console's app.field_error.<CODE>)
  fieldCodes?: Record<string, string>;
  fieldParams?: Record<string, Record<string, unknown>>;
  duplicateOf?: { id: string | null; code: string | null; kind: DuplicateKind; line?: number };
};

// The page polls the import while a job works on it.
export const isRunning = (status: ImportStatus): boolean => status === 'validating' || status === 'importing';

// 0–100 for the progress bar; null while the total is not known yet (an indeterminate bar then).
export function progressPercent(p: { processed: number; total: number }): number | null {
  if (!(p.total > 0)) return null;
  return Math.min(100, Math.max(0, Math.round((p.processed / p.total) * 100)));
}

export const problemCount = (c: ImportCounts): number => c.invalid + c.duplicates;

// What a confirmation in this mode would import: all-or-nothing refuses a file with any problem row (the API answers
// 422), so it imports either every row or none.
export function confirmableRows(c: ImportCounts, mode: ImportMode): number {
  if (mode === 'all_or_nothing') return problemCount(c) === 0 ? c.valid : 0;
  return c.valid;
}

// Why Confirm is not possible in this mode, as a catalog key, or null when it is.
export function confirmBlocker(c: ImportCounts, mode: ImportMode): string | null {
  if (mode === 'all_or_nothing' && problemCount(c) > 0) return 'app.imports.all_or_nothing_blocked';
  if (c.valid === 0) return 'app.imports.nothing_valid';
  return null;
}

export const parseMode = (value: string | null | undefined): ImportMode =>
  (IMPORT_MODES as readonly string[]).includes(value ?? '') ? (value as ImportMode) : 'valid_rows';

// The file picker and the drop zone take CSV files only; the browser's type for .csv varies (text/csv,
// application/vnd.ms-excel on Windows, empty), so the name decides.
export const isCsvFileName = (name: string): boolean => /\.csv$/i.test(name.trim());

const CODE = /^[A-Z][A-Z0-9_]*$/;

// A field error of a row in the user's language: by the field's code (app.field_error.<CODE> with its params; a line
// whose cell count differs from the header's is app.imports.row_length), else by a message that is itself a code
// (app.errors.<CODE>), else a translated "check this value" with the API's English text for reference.
type Translate = (key: string, options?: Record<string, unknown>) => string;
export function rowErrorText(row: Pick<ImportRow, 'errors' | 'fieldCodes' | 'fieldParams'>, field: string, translate: Translate): string {
  const message = row.errors[field] ?? '';
  const code = row.fieldCodes?.[field];
  if (code && CODE.test(code)) {
    const key = code === 'ROW_LENGTH' ? 'app.imports.row_length' : `app.field_error.${code}`;
    const text = translate(key, { ...(row.fieldParams?.[field] ?? {}), _: key });
    if (text !== key && !/%\{\w+\}/.test(text)) return text;
  }
  if (CODE.test(message)) {
    const key = `app.errors.${message}`;
    const text = translate(key, { _: key });
    if (text !== key) return text;
  }
  return message ? `${translate('app.field_error.INVALID')} (${message})` : translate('app.field_error.INVALID');
}

// The catalog key and values describing a duplicate row.
export function duplicateText(d: NonNullable<ImportRow['duplicateOf']>): { key: string; options: Record<string, unknown> } {
  if (d.kind === 'file') return { key: 'app.imports.duplicate.file', options: { line: d.line ?? '?' } };
  if (d.kind === 'pin') {
    return d.code ? { key: 'app.imports.duplicate.pin', options: { code: d.code } } : { key: 'app.imports.duplicate.pin_elsewhere', options: {} };
  }
  return d.code
    ? { key: 'app.imports.duplicate.name_birth_date', options: { code: d.code } }
    : { key: 'app.imports.duplicate.name_birth_date_elsewhere', options: {} };
}

// The error report's file name when the API suggests none: the import's own name with -errors.
export function errorReportName(importFileName: string): string {
  return `${importFileName.replace(/\.csv$/i, '')}-errors.csv`;
}

// The details a refused upload carries (the API's error body plus the import context's extra fields), in words: which
// columns are missing, unknown or repeated; how large a file may be. Null when the body says nothing more.
export type UploadErrorBody = { code?: string; missing?: unknown; unknown?: unknown; repeated?: unknown; maxBytes?: unknown };
export type UploadErrorDetail = { key: string; options: Record<string, unknown> };

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);

export function uploadErrorDetails(body: UploadErrorBody | null | undefined): UploadErrorDetail[] {
  if (!body) return [];
  if (body.code === 'IMPORT_BAD_HEADER') {
    const out: UploadErrorDetail[] = [];
    const missing = names(body.missing);
    const unknown = names(body.unknown);
    const repeated = names(body.repeated);
    if (missing.length) out.push({ key: 'app.imports.header.missing', options: { columns: missing.join(', ') } });
    if (unknown.length) out.push({ key: 'app.imports.header.unknown', options: { columns: unknown.join(', ') } });
    if (repeated.length) out.push({ key: 'app.imports.header.repeated', options: { columns: repeated.join(', ') } });
    return out;
  }
  if (body.code === 'IMPORT_TOO_LARGE' && typeof body.maxBytes === 'number' && body.maxBytes > 0) {
    return [{ key: 'app.imports.too_large_limit', options: { size: formatBytes(body.maxBytes) } }];
  }
  return [];
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}
