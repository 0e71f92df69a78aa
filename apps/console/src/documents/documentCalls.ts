import { downloadFromUrl, uploadWithProgress, type UploadProgress } from '../providers/fileClient';
import { API_URL, httpClient } from '../providers/httpClient';
import {
  documentFields,
  type Attach,
  type Checklist,
  type DocumentRecord,
  type DocumentValues,
  type DocumentVersion,
  type RecoveryItem,
} from './documentModel';

// The documents API calls outside ra-data-simple-rest (the list, one document, PUT and DELETE go through it).
const enc = encodeURIComponent;

// POST /api/documents (multipart): the fields first, then the file, with upload progress.
export async function uploadDocument(values: DocumentValues, attach: Attach, onProgress?: UploadProgress, signal?: AbortSignal): Promise<DocumentRecord> {
  const body = () => {
    const data = new FormData();
    for (const [name, value] of documentFields(values, attach)) data.append(name, value);
    data.append('file', values.file as File, (values.file as File).name);
    return data;
  };
  return uploadWithProgress<DocumentRecord>(`${API_URL}/documents`, body, onProgress, signal);
}

// POST /api/documents/:id/versions (multipart `file`): the document with its version one higher.
export async function uploadVersion(id: string, file: File, onProgress?: UploadProgress, signal?: AbortSignal): Promise<DocumentRecord> {
  const body = () => {
    const data = new FormData();
    data.append('file', file, file.name);
    return data;
  };
  return uploadWithProgress<DocumentRecord>(`${API_URL}/documents/${enc(id)}/versions`, body, onProgress, signal);
}

export async function listVersions(id: string): Promise<DocumentVersion[]> {
  const { json } = await httpClient(`${API_URL}/documents/${enc(id)}/versions`);
  return Array.isArray(json) ? (json as DocumentVersion[]) : [];
}

export type LinkOptions = { version?: number; disposition?: 'attachment' | 'inline'; thumbnail?: boolean };

// POST /api/documents/:id/links: a short-lived link (HMAC token, bound to this user) the browser may open without the
// access token — the access token never goes into a URL.
export async function signedLink(id: string, opts: LinkOptions = {}): Promise<{ url: string; expiresAt: string }> {
  const { json } = await httpClient(`${API_URL}/documents/${enc(id)}/links`, { method: 'POST', body: JSON.stringify(opts) });
  return json as { url: string; expiresAt: string };
}

// Downloads a document (or one of its versions) through a fresh signed link.
export async function downloadDocument(doc: Pick<DocumentRecord, 'id' | 'fileName'>, version?: number): Promise<void> {
  const { url } = await signedLink(doc.id, { disposition: 'attachment', ...(version ? { version } : {}) });
  downloadFromUrl(url, doc.fileName || 'document');
}

export async function getChecklist(caseId: string): Promise<Checklist> {
  const { json } = await httpClient(`${API_URL}/cases/${enc(caseId)}/checklist`);
  return json as Checklist;
}

// POST /api/recovery-items/:id/receive {documentId}
export async function receiveRecovery(id: string, documentId: string): Promise<RecoveryItem> {
  const { json } = await httpClient(`${API_URL}/recovery-items/${enc(id)}/receive`, { method: 'POST', body: JSON.stringify({ documentId }) });
  return json as RecoveryItem;
}

// POST /api/returnees/:id/recovery-items/propose: the items created from the checklist (a returnee flagged no_documents).
export async function proposeRecovery(returneeId: string): Promise<RecoveryItem[]> {
  const { json } = await httpClient(`${API_URL}/returnees/${enc(returneeId)}/recovery-items/propose`, { method: 'POST', body: '{}' });
  return Array.isArray(json) ? (json as RecoveryItem[]) : [];
}
