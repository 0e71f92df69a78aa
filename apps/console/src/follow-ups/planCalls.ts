import { API_URL, httpClient } from '../providers/httpClient';
import { toFollowUpPlan, toPlanApply, type FollowUpPlan } from './followUpPlanModel';

// The plan endpoints sit outside the ra-data-simple-rest dialect; same httpClient (token, refresh, localized errors).
export async function fetchFollowUpPlan(caseId: string): Promise<FollowUpPlan> {
  const { json } = await httpClient(`${API_URL}/cases/${encodeURIComponent(caseId)}/follow-up-plan`);
  return toFollowUpPlan(json);
}

// Answers the follow-ups created, in due order.
export async function applyFollowUpPlan(body: ReturnType<typeof toPlanApply>): Promise<unknown[]> {
  const { json } = await httpClient(`${API_URL}/follow-ups/plan`, { method: 'POST', body: JSON.stringify(body) });
  return Array.isArray(json) ? json : [];
}
