import type { AuthProvider } from 'react-admin';
import { apiErrorMessage, isApiErrorBody } from './apiError';
import { API_URL, errorI18n } from './httpClient';
import { session, type Session } from './session';

type Credentials = { username: string; password: string };
type ErrorWithStatus = { status?: number };

export const authProvider: AuthProvider = {
  async login({ username, password }: Credentials) {
    const res = await fetch(`${API_URL}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email: username, password }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as unknown;
      // the login form notifies with this message: translated by `code` (wrong password, locked account,
      // too many attempts); the API's English text only for a code the catalogs do not know
      const apiMessage = isApiErrorBody(body) && typeof body.message === 'string' ? body.message : '';
      throw new Error(apiErrorMessage(body, errorI18n) ?? (apiMessage || 'ra.auth.sign_in_error'));
    }
    session.store((await res.json()) as Session);
  },

  async logout() {
    const refreshToken = session.refreshToken();
    session.clear();
    if (!refreshToken) return;
    // best effort: the local session is gone either way
    await fetch(`${API_URL}/auth/logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => undefined);
  },

  async checkAuth() {
    if (!session.accessToken() && !session.refreshToken()) throw new Error('ra.auth.auth_check_error');
  },

  // httpClient has already tried one refresh when a 401 gets here, so the session is over.
  // A 403 is a role or scope refusal, not a reason to sign out.
  async checkError(error: ErrorWithStatus) {
    if (error?.status === 401) {
      session.clear();
      throw new Error('ra.notification.logged_out');
    }
  },

  async getIdentity() {
    const user = session.user();
    if (!user) throw new Error('ra.auth.auth_check_error');
    return { id: user.id, fullName: user.fullName };
  },

  async getPermissions() {
    return session.user()?.role ?? null;
  },
};
