import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { ReportResultDto } from './dto/report-query.dto';

type Sink = Writable & { setHeader(name: string, value: string): unknown };

const describeFilters = (r: ReportResultDto): string =>
  Object.entries(r.filters)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : (v ?? 'all')}`)
    .join('; ');

const headerBlock = (r: ReportResultDto): string[][] => [
  ['# report', r.report],
  ['# filters', describeFilters(r)],
  ['# generated at', r.generatedAt],
];

export const exportFileName = (r: ReportResultDto, ext: string): string => `kaytuu-${r.report}-${r.filters.from}-${r.filters.to}.${ext}`;

const attachment = (res: Sink, r: ReportResultDto, ext: string, type: string) => {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(r, ext)}"`);
};

// The header block first, then one header line and the rows; written row by row to the response.
export async function streamCsv(res: Sink, r: ReportResultDto): Promise<void> {
  attachment(res, r, 'csv', 'text/csv; charset=utf-8');
  // the BOM makes Excel read the file as UTF-8 (Cyrillic organisation names)
  const csv = stringify({ bom: true });
  csv.pipe(res);
  for (const line of headerBlock(r)) csv.write(line);
  csv.write(r.columns.map((c) => c.key));
  for (const row of r.rows) csv.write(r.columns.map((c) => row[c.key] ?? ''));
  csv.end();
  await finished(res);
}

// Sheet "info" carries the header block, sheet "data" the table; the streaming writer commits rows as it goes.
export async function streamXlsx(res: Sink, r: ReportResultDto): Promise<void> {
  attachment(res, r, 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
  const info = wb.addWorksheet('info');
  for (const [label, value] of headerBlock(r)) info.addRow([label.replace(/^# /, ''), value]).commit();
  info.commit();
  const data = wb.addWorksheet('data');
  data.addRow(r.columns.map((c) => c.key)).commit();
  for (const row of r.rows) data.addRow(r.columns.map((c) => row[c.key] ?? null)).commit();
  data.commit();
  await wb.commit();
}
