import { API_URL, httpClient } from './httpClient';

// Endpoints outside the ra-data-simple-rest dialect, through the same httpClient (token, refresh, localized errors).
export type FollowUpSummary = { overdue: number; today: number; thisWeek: number };

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export async function fetchFollowUpSummary(): Promise<FollowUpSummary> {
  const { json } = await httpClient(`${API_URL}/follow-ups/summary`);
  const body = (json ?? {}) as Partial<Record<keyof FollowUpSummary, unknown>>;
  return { overdue: count(body.overdue), today: count(body.today), thisWeek: count(body.thisWeek) };
}

export async function fetchUnreadCount(): Promise<number> {
  const { json } = await httpClient(`${API_URL}/notifications/unread-count`);
  return count((json as { count?: unknown } | null)?.count);
}

export async function markAllNotificationsRead(): Promise<number> {
  const { json } = await httpClient(`${API_URL}/notifications/read-all`, { method: 'POST', body: '{}' });
  return count((json as { updated?: unknown } | null)?.updated);
}

// The queue board is a separate page; this gives it a short-lived, path-scoped cookie with the admin's session.
export async function openQueueBoard(): Promise<void> {
  await httpClient(`${API_URL}/admin/queue-board-session`, { method: 'POST', body: '{}' });
  window.open('/admin/queues', '_blank', 'noopener');
}

// POST /api/consents/:id/withdraw: not a ra-data-simple-rest verb; answers the updated consent.
export async function withdrawConsent(id: string, body: { reason?: string }): Promise<unknown> {
  const { json } = await httpClient(`${API_URL}/consents/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body: JSON.stringify(body) });
  return json;
}

// GET /api/referrals/matches?caseId=: partner organisations for a case, best first, with why each ranks there.
export async function fetchOrganizationMatches(caseId: string): Promise<unknown> {
  const { json } = await httpClient(`${API_URL}/referrals/matches?caseId=${encodeURIComponent(caseId)}`);
  return json;
}

// POST /api/referrals/:id/notes: a service note on a referral; answers the stored note.
export async function addReferralNote(id: string, text: string): Promise<unknown> {
  const { json } = await httpClient(`${API_URL}/referrals/${encodeURIComponent(id)}/notes`, { method: 'POST', body: JSON.stringify({ text }) });
  return json;
}
