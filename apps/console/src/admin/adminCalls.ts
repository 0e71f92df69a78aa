import { API_URL, httpClient } from '../providers/httpClient';

// The queue board is a separate page; this gives it a short-lived, path-scoped cookie with the admin's session.
export async function openQueueBoard(): Promise<void> {
  await httpClient(`${API_URL}/admin/queue-board-session`, { method: 'POST', body: '{}' });
  window.open('/admin/queues', '_blank', 'noopener');
}
