import { API_URL, httpClient } from '../providers/httpClient';

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
