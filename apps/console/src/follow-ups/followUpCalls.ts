import { countIn } from '../providers/answer';
import { API_URL, httpClient } from '../providers/httpClient';
import { toFollowUpPlan, toPlanApply, type FollowUpPlan } from './followUpPlanModel';

export type FollowUpSummary = { overdue: number; today: number; thisWeek: number };

// GET /api/follow-ups/summary: the signed-in user's counts for the "My tasks" menu item.
export async function fetchFollowUpSummary(): Promise<FollowUpSummary> {
  const { json } = await httpClient(`${API_URL}/follow-ups/summary`);
  return { overdue: countIn(json, 'overdue'), today: countIn(json, 'today'), thisWeek: countIn(json, 'thisWeek') };
}

// GET /api/cases/:id/follow-up-plan: the follow-ups the case's type suggests, to be reviewed before applying.
export async function fetchFollowUpPlan(caseId: string): Promise<FollowUpPlan> {
  const { json } = await httpClient(`${API_URL}/cases/${encodeURIComponent(caseId)}/follow-up-plan`);
  return toFollowUpPlan(json);
}

// POST /api/follow-ups/plan: answers the follow-ups created, in due order.
export async function applyFollowUpPlan(body: ReturnType<typeof toPlanApply>): Promise<unknown[]> {
  const { json } = await httpClient(`${API_URL}/follow-ups/plan`, { method: 'POST', body: JSON.stringify(body) });
  return Array.isArray(json) ? json : [];
}
