import { API_URL, httpClient } from '../providers/httpClient';

// One of the user's live sessions (GET /api/auth/sessions).
export type AccountSession = {
  id: string;
  current: boolean;
  browser: string | null;
  system: string | null;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string | null;
};

export async function fetchSessions(): Promise<AccountSession[]> {
  const { json } = await httpClient(`${API_URL}/auth/sessions`);
  return Array.isArray(json) ? (json as AccountSession[]) : [];
}

export async function endSession(id: string): Promise<void> {
  await httpClient(`${API_URL}/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export async function endOtherSessions(): Promise<number> {
  const { json } = await httpClient(`${API_URL}/auth/sessions`, { method: 'DELETE' });
  return typeof (json as { ended?: unknown })?.ended === 'number' ? (json as { ended: number }).ended : 0;
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await httpClient(`${API_URL}/auth/password`, { method: 'POST', body: JSON.stringify({ currentPassword, newPassword }) });
}
