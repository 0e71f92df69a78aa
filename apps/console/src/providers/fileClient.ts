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
