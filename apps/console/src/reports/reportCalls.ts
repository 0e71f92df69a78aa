import { downloadFile } from '../providers/fileClient';
import { API_URL, httpClient } from '../providers/httpClient';
import { reportQuery, type ExportFormat, type ReportResult, type ReportSelection } from './reportModel';

// GET /api/reports/:report?…: the figures the page charts and tabulates.
export async function fetchReport(s: ReportSelection): Promise<ReportResult> {
  const { json } = await httpClient(`${API_URL}/reports/${reportQuery(s)}`);
  return json as ReportResult;
}

// The same report as a CSV or XLSX file, handed to the browser as a download.
export async function downloadReport(s: ReportSelection, format: ExportFormat): Promise<void> {
  await downloadFile(`${API_URL}/reports/${reportQuery(s, format)}`, `kaytuu-${s.report}.${format}`);
}
