import { HttpError } from 'react-admin';
import { API_URL, httpClient, localizeHttpError, refreshSession } from '../providers/httpClient';
import { session } from '../providers/session';
import { reportFileName, type ImportMode, type ImportRecord } from './importModel';

// Endpoints of /api/imports outside the ra-data-simple-rest dialect. JSON calls go through httpClient (token,
// refresh, localized errors); the upload and the error report are not JSON, so they use fetch with the same token.

const authorizedFetch = (url: string, init: RequestInit = {}) => {
  const token = session.accessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
};

// Once more after a refresh when the token had expired, like httpClient.
async function fetchWithSession(url: string, init: () => RequestInit = () => ({})): Promise<Response> {
  const res = await authorizedFetch(url, init());
  if (res.status === 401 && (await refreshSession())) return authorizedFetch(url, init());
  return res;
}

// A refused call as the HttpError react-admin knows, its message translated by `code`; the body (with the import
// context's extra fields such as `missing` columns) stays on it for the page to show the details.
async function failure(res: Response): Promise<unknown> {
  const body = (await res.json().catch(() => null)) as unknown;
  const message = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : res.statusText || `HTTP ${res.status}`;
  return localizeHttpError(new HttpError(message, res.status, body));
}

// POST /api/imports (multipart): the file, and the office for an admin. Answers the import, already validating.
export async function uploadImport(file: File, officeId: string | null): Promise<ImportRecord> {
  const form = () => {
    const data = new FormData();
    // the office first: the API knows it before the file's rows arrive
    if (officeId) data.append('officeId', officeId);
    data.append('file', file, file.name);
    return { method: 'POST', headers: { Accept: 'application/json' }, body: data };
  };
  const res = await fetchWithSession(`${API_URL}/imports`, form);
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ImportRecord;
}

export async function confirmImport(id: string, mode: ImportMode): Promise<ImportRecord> {
  const { json } = await httpClient(`${API_URL}/imports/${encodeURIComponent(id)}/confirm`, { method: 'POST', body: JSON.stringify({ mode }) });
  return json as ImportRecord;
}

export async function cancelImport(id: string): Promise<ImportRecord> {
  const { json } = await httpClient(`${API_URL}/imports/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: '{}' });
  return json as ImportRecord;
}

// GET /api/imports/:id/errors.csv as a blob, handed to the browser as a download.
export async function downloadErrorReport(imp: Pick<ImportRecord, 'id' | 'fileName'>): Promise<void> {
  const res = await fetchWithSession(`${API_URL}/imports/${encodeURIComponent(imp.id)}/errors.csv`);
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = reportFileName(res.headers.get('Content-Disposition'), imp.fileName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  // let the browser start the download before the URL goes away
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
