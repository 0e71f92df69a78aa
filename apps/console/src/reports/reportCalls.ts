import { downloadFile } from '../providers/fileClient';
import { API_URL, httpClient } from '../providers/httpClient';
import { reportQuery, statementQuery, type ExportFormat, type ReportResult, type ReportSelection, type StatementSelection } from './reportModel';

// GET /api/reports/:report?…: the figures the page charts and tabulates.
export async function fetchReport(s: ReportSelection): Promise<ReportResult> {
  const { json } = await httpClient(`${API_URL}/reports/${reportQuery(s)}`);
  return json as ReportResult;
}

// The same report as a CSV or XLSX file, handed to the browser as a download.
export async function downloadReport(s: ReportSelection, format: ExportFormat): Promise<void> {
  await downloadFile(`${API_URL}/reports/${reportQuery(s, format)}`, `kaytuu-${s.report}.${format}`);
}

// A programme's donor statement (CSV or XLSX) for a range of days, handed to the browser as a download (audited).
export async function downloadStatement(s: StatementSelection): Promise<void> {
  await downloadFile(`${API_URL}/reports/${statementQuery(s)}`, `kaytuu-statement-${s.from}-${s.to}.${s.format}`);
}
