import { HttpError } from 'react-admin';
import { API_URL, httpClient, localizeHttpError, refreshSession } from '../providers/httpClient';
import { session } from '../providers/session';
import { fileNameFrom, reportQuery, type ExportFormat, type ReportResult, type ReportSelection } from './reportModel';

export async function fetchReport(s: ReportSelection): Promise<ReportResult> {
  const { json } = await httpClient(`${API_URL}/reports/${reportQuery(s)}`);
  return json as ReportResult;
}

const authorizedFetch = (url: string) => {
  const token = session.accessToken();
  return fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
};

// Files are not JSON, so this fetches the blob itself with the session's token (refreshing once on 401, like
// httpClient) and hands it to the browser as a download through an object URL.
export async function downloadReport(s: ReportSelection, format: ExportFormat): Promise<void> {
  const url = `${API_URL}/reports/${reportQuery(s, format)}`;
  let res = await authorizedFetch(url);
  if (res.status === 401 && (await refreshSession())) res = await authorizedFetch(url);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as unknown;
    const message = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : res.statusText;
    throw localizeHttpError(new HttpError(message, res.status, body));
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameFrom(res.headers.get('Content-Disposition'), `kaytuu-${s.report}.${format}`);
  document.body.appendChild(a);
  a.click();
  a.remove();
  // let the browser start the download before the URL goes away
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
