import { countIn } from '../providers/answer';
import { API_URL, httpClient } from '../providers/httpClient';

// GET /api/notifications/unread-count: the bell's badge.
export async function fetchUnreadCount(): Promise<number> {
  const { json } = await httpClient(`${API_URL}/notifications/unread-count`);
  return countIn(json, 'count');
}

// POST /api/notifications/read-all: answers how many were marked read.
export async function markAllNotificationsRead(): Promise<number> {
  const { json } = await httpClient(`${API_URL}/notifications/read-all`, { method: 'POST', body: '{}' });
  return countIn(json, 'updated');
}
