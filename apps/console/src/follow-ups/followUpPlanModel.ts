// No imports on purpose: the root jest/tsc check this file directly, while the console bundles it.
// The TB follow-up plan the API offers on a case (GET /api/cases/:id/follow-up-plan) and what applying it sends.

export type FollowUpPlanName = 'tb_intensive' | 'tb_continuation';
export type FollowUpPlanItem = { kind: 'check_in' | 'visit' | 'call'; dueAt: string; label: string };
export type FollowUpPlan = { plan: FollowUpPlanName | null; items: FollowUpPlanItem[]; applied: boolean };

const EMPTY: FollowUpPlan = { plan: null, items: [], applied: false };

// Whatever the API answers, the prompt gets a well-formed plan (nothing to offer when the shape is unexpected).
export function toFollowUpPlan(json: unknown): FollowUpPlan {
  const body = (json ?? {}) as Partial<FollowUpPlan>;
  if (body.plan !== 'tb_intensive' && body.plan !== 'tb_continuation') return EMPTY;
  return { plan: body.plan, items: Array.isArray(body.items) ? body.items : [], applied: body.applied === true };
}

// The API labels steps "week_3" / "month_2": the unit picks the catalog key, the number fills it in.
export function planStep(label: string): { unit: 'week' | 'month'; n: number } {
  const m = /^(week|month)_(\d+)$/.exec(label);
  return m ? { unit: m[1] as 'week' | 'month', n: Number(m[2]) } : { unit: 'week', n: 0 };
}

// Only the ticked dates are sent, as shown: what the user saw is what gets scheduled, even if the day turns meanwhile.
export function toPlanApply(caseId: string, plan: FollowUpPlan, unticked: ReadonlySet<string>) {
  return { caseId, plan: plan.plan, items: plan.items.map((i) => i.dueAt).filter((d) => !unticked.has(d)) };
}
