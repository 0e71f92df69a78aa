import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { fieldErrorText, fillIn, importWords, INVALID_FIELD, knowsFieldCode, Locale } from '@kaytuu/shared';
import { describeProblems } from './dto/import.dto';
import { checkHeader, ROW_LENGTH } from './import-columns';
import { problemCode, rowFieldCodes } from './problem-codes';
import { ImportRecord, ProblemRow } from './import.repository';

type Sink = Writable & { setHeader(name: string, value: string): unknown };
const BATCH = 2000;

export const errorReportFileName = (imp: Pick<ImportRecord, 'fileName'>): string => `${imp.fileName.replace(/\.csv$/i, '')}-errors.csv`;

// A field's problem in the reader's language; a text no code is known for says "check this value" with the stored
// English after it, so nothing the row said is lost.
function problemText(locale: Locale, field: string, text: string, r: Pick<ProblemRow, 'errorCodes'>): string {
  const fc = problemCode(r, field, text);
  if (fc?.code === ROW_LENGTH) return fillIn(importWords(locale).row_length, fc.params);
  if (fc && knowsFieldCode(fc.code)) return fieldErrorText(locale, fc.code, fc.params);
  return `${fieldErrorText(locale, INVALID_FIELD)} (${text})`;
}

// A row's problems in the reader's language: each field under the file's own column name (`names`: column → header
// cell) with its problem in words, then the duplicate sentence. A problem of the whole line (`row`) has no column.
export function describeProblemsIn(locale: Locale, r: ProblemRow, names: ReadonlyMap<string, string> = new Map()): string {
  const w = importWords(locale);
  const parts = Object.entries(r.errors ?? {}).map(([k, v]) => {
    const text = problemText(locale, k, v, r);
    return k === 'row' ? text : `${names.get(k) ?? k}: ${text}`;
  });
  if (r.duplicateKind === 'file') parts.push(w.duplicate_in_file.replace('{line}', String(r.duplicateOfLine)));
  else if (r.duplicateKind === 'pin') parts.push(r.duplicateOfCode ? w.duplicate_pin.replace('{code}', r.duplicateOfCode) : w.duplicate_pin_elsewhere);
  else if (r.duplicateKind === 'name_birth_date') {
    parts.push(r.duplicateOfCode ? w.possible_duplicate.replace('{code}', r.duplicateOfCode) : w.possible_duplicate_unknown);
  }
  return parts.join('; ');
}

// The machine form's `codes` cell: the field codes and params as the API's error envelope names them, or the
// duplicate as GET /api/imports/:id/rows does (duplicateOf).
export function problemCodes(r: ProblemRow): string {
  if (r.errors && Object.keys(r.errors).length) {
    const maps = rowFieldCodes(r);
    return JSON.stringify(Object.keys(maps.fieldParams).length ? maps : { fieldCodes: maps.fieldCodes });
  }
  if (!r.duplicateKind) return '';
  const line = r.duplicateOfLine ? { line: r.duplicateOfLine } : {};
  return JSON.stringify({ duplicateOf: { kind: r.duplicateKind, code: r.duplicateOfCode, ...line } });
}

// The rows with errors or duplicates under the file's own header, plus the line number and the problems, read in
// batches so a large report never sits in memory; a UTF-8 BOM so Excel reads Cyrillic correctly.
// `maskColumns`: positions whose values are replaced by a mask keeping the last three characters.
// `locale`: the reader's language for the two added columns and every problem; without one, the machine form (`line`,
// `errors` in English, `codes`: the field codes and params as JSON).
export async function writeErrorReport(
  sink: Sink,
  imp: ImportRecord,
  read: (afterLine: number, limit: number) => Promise<ProblemRow[]>,
  opts: { maskColumns: number[]; locale?: Locale | null } = { maskColumns: [] },
): Promise<void> {
  const masked = new Set(opts.maskColumns);
  const locale = opts.locale ?? null;
  sink.setHeader('Content-Type', 'text/csv; charset=utf-8');
  sink.setHeader(
    'Content-Disposition',
    `attachment; filename="${encodeURIComponent(errorReportFileName(imp))}"; filename*=UTF-8''${encodeURIComponent(errorReportFileName(imp))}`,
  );
  const csv = stringify({ bom: true });
  csv.pipe(sink);
  csv.write([...imp.columns, ...(locale ? [importWords(locale).line, importWords(locale).problems] : ['line', 'errors', 'codes'])]);
  const header = checkHeader(imp.columns);
  const names = new Map<string, string>(header.ok ? header.columns.map((c, i) => [c, imp.columns[i].trim()]) : []);
  let after = 0;
  for (;;) {
    const rows = await read(after, BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      const cells = imp.columns.map((_c, i) => (masked.has(i) ? maskValue(r.raw[i] ?? '') : (r.raw[i] ?? '')));
      const problems = locale ? [describeProblemsIn(locale, r, names)] : [describeProblems(r), problemCodes(r)];
      if (!csv.write([...cells, String(r.line), ...problems])) await new Promise((resolve) => csv.once('drain', resolve));
    }
    after = rows[rows.length - 1].line;
  }
  csv.end();
  await finished(sink);
}

export function maskValue(value: string): string {
  const v = value.trim();
  if (v === '') return '';
  return v.length <= 3 ? '***' : `${'*'.repeat(v.length - 3)}${v.slice(-3)}`;
}
