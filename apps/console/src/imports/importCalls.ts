import { fetchWithSession, downloadFile } from '../providers/fileClient';
import { API_URL, httpClient } from '../providers/httpClient';
import { errorReportName, type ImportMode, type ImportRecord } from './importModel';

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

// GET /api/imports/:id/errors.csv, handed to the browser as a download.
export async function downloadErrorReport(imp: Pick<ImportRecord, 'id' | 'fileName'>): Promise<void> {
  await downloadFile(`${API_URL}/imports/${encodeURIComponent(imp.id)}/errors.csv`, errorReportName(imp.fileName));
}
