import { fetchUtils, HttpError } from 'react-admin';
import { session, type Session } from './session';

export const API_URL = '/api';

type Options = fetchUtils.Options;
type ErrorBody = { statusCode?: number; code?: string; message?: string; errors?: Record<string, string> };

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

const CODE_MESSAGES: Record<string, string> = { STALE_VERSION: 'app.errors.stale_version' };

// react-admin puts `body.errors` under the inputs; `root.serverError` makes the form's
// "invalid" notification show the API's own message instead of the generic one.
function withFormErrors(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  const body = (error.body ?? {}) as ErrorBody;
  // A stale version is not something to fix under an input (its `errors.version` has no input):
  // drop the field map so react-admin shows the translated, actionable message instead.
  if (body.code && CODE_MESSAGES[body.code]) {
    const { errors: _ignored, ...rest } = body;
    return new HttpError(CODE_MESSAGES[body.code], error.status, rest);
  }
  if (!body.errors || typeof body.errors !== 'object' || Object.keys(body.errors).length === 0) return error;
  return new HttpError(error.message, error.status, { ...body, errors: { ...body.errors, root: { serverError: error.message } } });
}

export async function httpClient(url: string, options: Options = {}) {
  const tokenUsed = session.accessToken();
  try {
    return await fetchUtils.fetchJson(url, withToken(options, tokenUsed));
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 401) throw withFormErrors(error);
    // another request may already have rotated the tokens while this one was in flight
    const rotated = session.accessToken() !== tokenUsed && session.accessToken() !== null;
    if (!rotated && !(await refreshSession())) throw error;
    try {
      return await fetchUtils.fetchJson(url, withToken(options, session.accessToken()));
    } catch (retryError) {
      throw withFormErrors(retryError);
    }
  }
}
