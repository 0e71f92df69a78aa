import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { bishkekTime, LabelGroup, labelOf, Locale, periodLabel, reportWords } from '@kaytuu/shared';
import { ReportCell, ReportResultDto } from './dto/report-query.dto';

type Sink = Writable & { setHeader(name: string, value: string): unknown };

// Who asked and in which language; `codes` keeps the machine form (codes, ids, ISO UTC timestamps).
export type ExportContext = { codes: boolean; locale: Locale; generatedBy: string; officeName: string | null };

// What a file holds, whichever the format: the header block (label, value), the table's header line and its rows.
// `months`: positions of the month-period column (written as dates in XLSX).
export type ExportDoc = { info: Array<[string, string]>; header: string[]; rows: ReportCell[][]; sheet: string; months: number[] };

const describeFilters = (r: ReportResultDto): string =>
  Object.entries(r.filters)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : (v ?? 'all')}`)
    .join('; ');

// The machine form, as the exports were before people read them: codes, ids and the UTC timestamp.
const codesDoc = (r: ReportResultDto): ExportDoc => ({
  info: [
    ['# report', r.report],
    ['# filters', describeFilters(r)],
    ['# generated at', r.generatedAt],
  ],
  header: r.columns.map((c) => c.key),
  rows: r.rows.map((row) => r.columns.map((c) => row[c.key] ?? null)),
  sheet: 'data',
  months: [],
});

// The catalogue group a dimension's codes are labelled from; `status` depends on what the report counts.
const groupOf = (report: ReportResultDto['report'], key: string): LabelGroup | null =>
  (
    ({
      sex: 'sex',
      ageBand: 'age_band',
      oblast: 'oblast',
      country: 'country',
      returnReason: 'return_reason',
      caseType: 'case_type',
      status: report === 'referrals' ? 'referral_status' : report === 'plans' ? 'plan_status' : report === 'plan-goals' ? 'goal_status' : 'case_status',
      occasion: 'score_occasion',
      goalDimension: 'goal_dimension',
      documentType: 'document_type',
      documentCountry: 'country',
      assistanceType: 'assistance_type',
    }) as Record<string, LabelGroup>
  )[key] ?? null;

// The form for people: words in the requester's language, names instead of ids, Bishkek time with its offset.
const peopleDoc = (r: ReportResultDto, ctx: ExportContext): ExportDoc => {
  const w = reportWords(ctx.locale);
  const dims = w.dimensions as Record<string, string>;
  const measures = w.measures as Record<string, string>;
  const f = r.filters;
  const info: Array<[string, string]> = [
    [w.title, (w.names as Record<string, string>)[r.report] ?? r.report],
    [w.period_range, `${f.from} – ${f.to}`],
    [w.office, ctx.officeName ?? (f.officeId ? f.officeId : w.all_offices)],
    [w.breakdown, f.by.length ? f.by.map((d) => dims[d] ?? d).join(', ') : w.no_breakdown],
  ];
  if (f.period) info.push([dims.period, f.period === 'quarter' ? w.quarter : w.month]);
  info.push([w.share, f.share === 'external' ? w.external : w.share_internal], [w.generated_by, ctx.generatedBy], [w.generated_at, bishkekTime(r.generatedAt)]);
  // the organisation's and the programme's names are their columns; their ids are for machines
  const columns = r.columns.filter((c) => c.key !== 'organizationId' && c.key !== 'programmeId');
  const cell = (key: string, kind: string, v: ReportCell | undefined): ReportCell => {
    if (kind !== 'dimension') return v ?? null;
    if (v === null || v === undefined || v === 'unknown') return w.unknown;
    if (key === 'caseType' && v === 'none') return w.none;
    // a quarter in words; a month stays "2026-03" (a date in XLSX)
    if (key === 'period') return periodLabel(ctx.locale, String(v));
    const group = groupOf(r.report, key);
    return group ? labelOf(ctx.locale, group, String(v)) : v;
  };
  return {
    info,
    header: columns.map((c) => dims[c.key] ?? measures[c.key] ?? c.key),
    rows: r.rows.map((row) => columns.map((c) => cell(c.key, c.kind, row[c.key]))),
    sheet: w.title,
    months: f.period === 'month' ? [columns.findIndex((c) => c.key === 'period')].filter((i) => i >= 0) : [],
  };
};

const docOf = (r: ReportResultDto, ctx: ExportContext): ExportDoc => (ctx.codes ? codesDoc(r) : peopleDoc(r, ctx));

export const exportFileName = (r: ReportResultDto, ext: string): string => `kaytuu-${r.report}-${r.filters.from}-${r.filters.to}.${ext}`;

const attachment = (res: Sink, fileName: string, type: string) => {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
};

export const streamCsv = (res: Sink, r: ReportResultDto, ctx: ExportContext): Promise<void> =>
  writeCsv(res, docOf(r, ctx), exportFileName(r, 'csv'), ctx.codes);

export const streamXlsx = (res: Sink, r: ReportResultDto, ctx: ExportContext): Promise<void> =>
  writeXlsx(res, docOf(r, ctx), exportFileName(r, 'xlsx'), ctx.codes);

// The header block first (an empty line after it for people), then one header line and the rows; written row by row.
export async function writeCsv(res: Sink, doc: ExportDoc, fileName: string, codes: boolean): Promise<void> {
  attachment(res, fileName, 'text/csv; charset=utf-8');
  // the BOM makes Excel read the file as UTF-8 (Cyrillic organisation names)
  const csv = stringify({ bom: true });
  csv.pipe(res);
  for (const line of doc.info) csv.write(line);
  if (!codes) csv.write([]);
  csv.write(doc.header);
  for (const row of doc.rows) csv.write(row.map((v) => v ?? ''));
  csv.end();
  await finished(res);
}

// Codes: sheet "info" carries the header block, sheet "data" the table. For people: one sheet named in their language,
// the header block on top, then the table with a bold header line; counts stay numbers. Rows are committed as they go.
export async function writeXlsx(res: Sink, doc: ExportDoc, fileName: string, codes: boolean): Promise<void> {
  attachment(res, fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: !codes, useSharedStrings: false });
  if (codes) {
    const info = wb.addWorksheet('info');
    for (const [label, value] of doc.info) info.addRow([label.replace(/^# /, ''), value]).commit();
    info.commit();
  }
  const data = wb.addWorksheet(doc.sheet);
  if (!codes) {
    data.columns = doc.header.map((_h, i) => ({ width: i === 0 ? 28 : 18 }));
    for (const [label, value] of doc.info) {
      const row = data.addRow([label, value]);
      row.getCell(1).font = { bold: true };
      row.commit();
    }
    data.addRow([]).commit();
  }
  const head = data.addRow(doc.header);
  if (!codes) head.font = { bold: true };
  head.commit();
  for (const row of doc.rows) {
    const added = data.addRow(row);
    for (const i of doc.months) {
      const m = /^(\d{4})-(\d{2})$/.exec(String(row[i]));
      if (!m) continue;
      const c = added.getCell(i + 1);
      c.value = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
      c.numFmt = 'yyyy-mm';
    }
    added.commit();
  }
  data.commit();
  await wb.commit();
}
