import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { describeProblems } from './dto/import.dto';
import { ImportRecord, ProblemRow } from './import.repository';

type Sink = Writable & { setHeader(name: string, value: string): unknown };
const BATCH = 2000;

export const errorReportFileName = (imp: Pick<ImportRecord, 'fileName'>): string => `${imp.fileName.replace(/\.csv$/i, '')}-errors.csv`;

// The rows with errors or duplicates under the file's own header, plus `line` and `errors`, read in batches so a
// large report never sits in memory; a UTF-8 BOM so Excel reads Cyrillic correctly.
// `maskColumns`: positions whose values are replaced by a mask keeping the last three characters.
export async function writeErrorReport(
  sink: Sink,
  imp: ImportRecord,
  read: (afterLine: number, limit: number) => Promise<ProblemRow[]>,
  opts: { maskColumns: number[] } = { maskColumns: [] },
): Promise<void> {
  const masked = new Set(opts.maskColumns);
  sink.setHeader('Content-Type', 'text/csv; charset=utf-8');
  sink.setHeader(
    'Content-Disposition',
    `attachment; filename="${encodeURIComponent(errorReportFileName(imp))}"; filename*=UTF-8''${encodeURIComponent(errorReportFileName(imp))}`,
  );
  const csv = stringify({ bom: true });
  csv.pipe(sink);
  csv.write([...imp.columns, 'line', 'errors']);
  let after = 0;
  for (;;) {
    const rows = await read(after, BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      const cells = imp.columns.map((_c, i) => (masked.has(i) ? maskValue(r.raw[i] ?? '') : (r.raw[i] ?? '')));
      if (!csv.write([...cells, String(r.line), describeProblems(r)])) await new Promise((resolve) => csv.once('drain', resolve));
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
