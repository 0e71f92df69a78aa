import { ManualFollowUpKind } from './follow-up.entity';

// Follow-up plans the system offers for a pathway (see follow-up-pathway.service.ts), as data: which case they fit and
// the rhythm of contacts.
// Times are Bishkek wall time (UTC+6 all year, no DST), in the office's working morning.
export const FOLLOW_UP_PLANS = ['tb_intensive', 'tb_continuation'] as const;
export type FollowUpPlan = (typeof FOLLOW_UP_PLANS)[number];
// what marks a follow-up the system proposed, so it can be found again (plans, and the legal-aid deadline call)
export const FOLLOW_UP_SOURCES = [...FOLLOW_UP_PLANS, 'legal_deadline'] as const;
export type FollowUpSource = (typeof FOLLOW_UP_SOURCES)[number];

export type PlanCase = { type: string; details: Record<string, unknown> | null };
export type PlanItem = { kind: ManualFollowUpKind; dueAt: Date; label: string };
type PlanRule = { caseType: string; kind: ManualFollowUpKind; unit: 'week' | 'month'; count: number; fits: (details: Record<string, unknown>) => boolean };

// TB treatment: the intensive phase (also when no stage is recorded yet, the usual start) is followed weekly for
// about two months; the continuation phase monthly for four months. A completed treatment gets no plan.
const isTb = (d: Record<string, unknown>) => d.condition === 'tb';
const PLAN_RULES: Record<FollowUpPlan, PlanRule> = {
  tb_intensive: {
    caseType: 'health_referral',
    kind: 'check_in',
    unit: 'week',
    count: 8,
    fits: (d) => isTb(d) && (d.tbTreatmentStage ?? 'intensive') === 'intensive',
  },
  tb_continuation: { caseType: 'health_referral', kind: 'check_in', unit: 'month', count: 4, fits: (d) => isTb(d) && d.tbTreatmentStage === 'continuation' },
};

const OFFSET_MS = 6 * 3_600_000;
const DAY_MS = 86_400_000;
export const PLAN_LOCAL_HOUR = 10;

// The plan that fits a case now, or null (another type, not TB, treatment completed, or details hidden from the caller).
export function planFor(c: PlanCase): FollowUpPlan | null {
  if (!c.details) return null;
  const details = c.details;
  return FOLLOW_UP_PLANS.find((p) => PLAN_RULES[p].caseType === c.type && PLAN_RULES[p].fits(details)) ?? null;
}

export function planKind(plan: FollowUpPlan): ManualFollowUpKind {
  return PLAN_RULES[plan].kind;
}

export function planLength(plan: FollowUpPlan): number {
  return PLAN_RULES[plan].count;
}

// Every contact of a plan, the first tomorrow at 10:00 Bishkek; monthly steps keep the day of the month, falling back
// to the month's last day (31 January → 28/29 February), as people count months.
export function planItems(plan: FollowUpPlan, now: Date): PlanItem[] {
  const rule = PLAN_RULES[plan];
  const tomorrow = new Date(Math.floor((now.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS);
  const [y, mo, d] = [tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate()];
  return Array.from({ length: rule.count }, (_, i) => {
    const local =
      rule.unit === 'week'
        ? Date.UTC(y, mo, d + 7 * i, PLAN_LOCAL_HOUR)
        : Date.UTC(y, mo + i, Math.min(d, new Date(Date.UTC(y, mo + i + 1, 0)).getUTCDate()), PLAN_LOCAL_HOUR);
    return { kind: rule.kind, dueAt: new Date(local - OFFSET_MS), label: `${rule.unit}_${i + 1}` };
  });
}

// The call ahead of a legal-aid deadline (a date, YYYY-MM-DD): 10:00 Bishkek three days before it, or tomorrow at
// 10:00 when that moment has passed, so the follow-up is never due in the past.
export const LEGAL_DEADLINE_KIND: ManualFollowUpKind = 'call';
export const LEGAL_DEADLINE_DAYS_BEFORE = 3;
export function legalDeadlineDueAt(deadline: string, now: Date): Date {
  const [y, m, d] = deadline.split('-').map(Number);
  const ahead = new Date(Date.UTC(y, m - 1, d - LEGAL_DEADLINE_DAYS_BEFORE, PLAN_LOCAL_HOUR) - OFFSET_MS);
  if (ahead.getTime() > now.getTime()) return ahead;
  const localMidnight = Math.floor((now.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS;
  return new Date(localMidnight + DAY_MS + PLAN_LOCAL_HOUR * 3_600_000 - OFFSET_MS);
}
