import { HttpError } from 'react-admin';
import { fileNameFrom } from './answer';
import { localizeHttpError, refreshSession } from './httpClient';
import { session } from './session';

// Uploads and file downloads are not JSON, so they cannot go through httpClient (fetchUtils.fetchJson); this keeps its
// rules for them: the session's token, one refresh and retry on 401, and a refused call thrown as the HttpError
// react-admin knows, its message translated by `code` and its body (extra fields such as an import's `missing`
// columns) kept for the page to show.

const authorized = (init: RequestInit): RequestInit => {
  const token = session.accessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...init, headers };
};

async function failure(res: Response): Promise<unknown> {
  const body = (await res.json().catch(() => null)) as unknown;
  const message =
    body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : res.statusText || `HTTP ${res.status}`;
  return localizeHttpError(new HttpError(message, res.status, body));
}

// `init` is a function because a request body (FormData) is built again for the retry.
export async function fetchWithSession(url: string, init: () => RequestInit = () => ({})): Promise<Response> {
  let res = await fetch(url, authorized(init()));
  if (res.status === 401 && (await refreshSession())) res = await fetch(url, authorized(init()));
  if (!res.ok) throw await failure(res);
  return res;
}

// GET a file and hand it to the browser as a download, named as the API suggests (Content-Disposition) or `fallback`.
export async function downloadFile(url: string, fallback: string): Promise<void> {
  const res = await fetchWithSession(url);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameFrom(res.headers.get('Content-Disposition'), fallback);
  document.body.appendChild(a);
  a.click();
  a.remove();
  // let the browser start the download before the URL goes away
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export type UploadProgress = (loaded: number, total: number) => void;

type XhrAnswer = { status: number; statusText: string; body: unknown };

// One multipart POST through XMLHttpRequest, whose upload events report progress (fetch has none for a request body
// in the browsers used here). A connection closed before an answer (how a browser often sees the server stopping a
// too-large upload early) answers status 0.
function xhrSend(url: string, body: FormData, onProgress: UploadProgress | undefined, signal: AbortSignal | undefined): Promise<XhrAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    const token = session.accessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : 0);
    const parse = (): unknown => {
      try {
        return xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      } catch {
        return null;
      }
    };
    xhr.onload = () => resolve({ status: xhr.status, statusText: xhr.statusText, body: parse() });
    xhr.onerror = () => resolve({ status: 0, statusText: '', body: null });
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

// Status → code when the answer has no JSON body of the API's (a proxy's 413 page, a cut connection).
const STATUS_CODES: Record<number, string> = { 0: 'UPLOAD_INTERRUPTED', 409: 'DUPLICATE_DOCUMENT', 413: 'FILE_TOO_LARGE', 415: 'UNSUPPORTED_FILE_TYPE' };

// A multipart upload with progress, under the same rules as fetchWithSession: the session's token, one refresh and
// retry on 401, a refused call thrown as react-admin's HttpError with its message translated by `code`. `body` is a
// function because the FormData is built again for the retry.
export async function uploadWithProgress<T>(url: string, body: () => FormData, onProgress?: UploadProgress, signal?: AbortSignal): Promise<T> {
  let res = await xhrSend(url, body(), onProgress, signal);
  if (res.status === 401 && (await refreshSession())) res = await xhrSend(url, body(), onProgress, signal);
  if (res.status >= 200 && res.status < 300) return res.body as T;
  const given = res.body && typeof res.body === 'object' ? (res.body as Record<string, unknown>) : null;
  const code = typeof given?.code === 'string' ? given.code : (STATUS_CODES[res.status] ?? 'HTTP_ERROR');
  const message = typeof given?.message === 'string' ? given.message : res.statusText || `HTTP ${res.status}`;
  throw localizeHttpError(new HttpError(message, res.status, { ...given, code, statusCode: res.status }));
}

// Hands a same-origin URL that answers `Content-Disposition: attachment` (a short-lived signed link) to the browser as
// a download, without reading it into the page.
export function downloadFromUrl(url: string, fallback: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fallback;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
