import { fetchUtils, HttpError } from 'react-admin';
import { i18nProvider } from '../i18n/i18nProvider';
import { formatDateTime } from '../shared/dates';
import { apiErrorMessage, apiFieldErrors, isApiErrorBody, type ErrorI18n } from './apiError';
import { session, type Session } from './session';

export const API_URL = '/api';

type Options = fetchUtils.Options;

// One refresh at a time: parallel 401s share the same rotation, because the server revokes the
// whole token family when an already-rotated refresh token is presented twice.
let refreshing: Promise<boolean> | null = null;

export function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = doRefresh().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function doRefresh(): Promise<boolean> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return false;
  try {
    const res = await fetch(`${API_URL}/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!res.ok) {
      session.clear();
      return false;
    }
    session.store((await res.json()) as Session);
    return true;
  } catch {
    return false;
  }
}

function withToken(options: Options, token: string | null): Options {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...options, headers };
}

// Error texts follow the language the UI is in at the moment the error arrives.
export const errorI18n: ErrorI18n = {
  translate: (key, options) => i18nProvider.translate(key, options),
  formatDateTime: (iso) => formatDateTime(iso, i18nProvider.getLocale()),
};

// Codes whose `errors` map has no input to show it under: the message alone is actionable.
const NOTIFY_ONLY = new Set(['STALE_VERSION']);

// Replaces the API's English `message` by the translated text for its `code` (unknown codes keep the
// API message). react-admin puts `body.errors` under the inputs, so they are replaced by the texts of apiFieldErrors:
// a code that names one problem (EMAIL_TAKEN, DUPLICATE_PIN…) puts its translated message there, a generic
// validation failure each field's translated `fieldCodes` text (else "check this value") — never the API's English.
// `root.serverError` makes the form's "invalid" notification show that message instead of the generic one.
export function localizeHttpError(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  const body = error.body as unknown;
  if (!isApiErrorBody(body)) return error;
  const message = apiErrorMessage(body, errorI18n) ?? error.message;
  if (NOTIFY_ONLY.has(body.code ?? '')) {
    const { errors: _ignored, ...rest } = body;
    return new HttpError(message, error.status, rest);
  }
  if (!body.errors || typeof body.errors !== 'object' || Object.keys(body.errors).length === 0) return new HttpError(message, error.status, body);
  const errors = apiFieldErrors(body, errorI18n);
  return new HttpError(message, error.status, { ...body, errors: { ...errors, root: { serverError: message } } });
}

export async function httpClient(url: string, options: Options = {}) {
  const tokenUsed = session.accessToken();
  try {
    return await fetchUtils.fetchJson(url, withToken(options, tokenUsed));
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 401) throw localizeHttpError(error);
    // another request may already have rotated the tokens while this one was in flight
    const rotated = session.accessToken() !== tokenUsed && session.accessToken() !== null;
    if (!rotated && !(await refreshSession())) throw localizeHttpError(error);
    try {
      return await fetchUtils.fetchJson(url, withToken(options, session.accessToken()));
    } catch (retryError) {
      throw localizeHttpError(retryError);
    }
  }
}
