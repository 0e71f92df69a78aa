import { API_URL, httpClient } from '../providers/httpClient';

// POST /api/consents/:id/withdraw: answers the updated consent.
export async function withdrawConsent(id: string, body: { reason?: string }): Promise<unknown> {
  const { json } = await httpClient(`${API_URL}/consents/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body: JSON.stringify(body) });
  return json;
}
