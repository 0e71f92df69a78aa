import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { importWords, Locale } from '@kaytuu/shared';
import { describeProblems } from './dto/import.dto';
import { ImportRecord, ProblemRow } from './import.repository';

type Sink = Writable & { setHeader(name: string, value: string): unknown };
const BATCH = 2000;

export const errorReportFileName = (imp: Pick<ImportRecord, 'fileName'>): string => `${imp.fileName.replace(/\.csv$/i, '')}-errors.csv`;

// A row's problems in the reader's language. The duplicate sentences are ours; a field's message is the validation's
// text under the file's own column name (English until field errors carry codes the file can translate).
export function describeProblemsIn(locale: Locale, r: ProblemRow): string {
  const w = importWords(locale);
  const parts = Object.entries(r.errors ?? {}).map(([k, v]) => `${k}: ${v}`);
  if (r.duplicateKind === 'file') parts.push(w.duplicate_in_file.replace('{line}', String(r.duplicateOfLine)));
  else if (r.duplicateKind === 'pin') parts.push(r.duplicateOfCode ? w.duplicate_pin.replace('{code}', r.duplicateOfCode) : w.duplicate_pin_elsewhere);
  else if (r.duplicateKind === 'name_birth_date') {
    parts.push(r.duplicateOfCode ? w.possible_duplicate.replace('{code}', r.duplicateOfCode) : w.possible_duplicate_unknown);
  }
  return parts.join('; ');
}

// The rows with errors or duplicates under the file's own header, plus the line number and the problems, read in
// batches so a large report never sits in memory; a UTF-8 BOM so Excel reads Cyrillic correctly.
// `maskColumns`: positions whose values are replaced by a mask keeping the last three characters.
// `locale`: the reader's language for the two added columns and the duplicate sentences; without one, the machine form
// (`line`, `errors`, English).
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
  csv.write([...imp.columns, ...(locale ? [importWords(locale).line, importWords(locale).problems] : ['line', 'errors'])]);
  let after = 0;
  for (;;) {
    const rows = await read(after, BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      const cells = imp.columns.map((_c, i) => (masked.has(i) ? maskValue(r.raw[i] ?? '') : (r.raw[i] ?? '')));
      const problems = locale ? describeProblemsIn(locale, r) : describeProblems(r);
      if (!csv.write([...cells, String(r.line), problems])) await new Promise((resolve) => csv.once('drain', resolve));
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
