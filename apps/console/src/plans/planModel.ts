// No imports on purpose: the root jest/tsc (NodeNext) can check this file directly, while the console bundles it.
// The individual reintegration plan as the console sees it (/work/notes/plans-contract.md, GET /api/plans), and the
// pure rules behind the Plan tab: what a status allows, the PUT body built from the goals shown, the client's checks.
// The API stays authoritative.

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'under_review', 'completed', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const DIMENSIONS = ['economic', 'social', 'psychosocial'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const GOAL_STATUSES = ['not_started', 'in_progress', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const ACTION_KINDS = ['case', 'referral', 'follow_up', 'assistance', 'task'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
// what the action dialog offers: every kind (an assistance item is picked from the returnee's Assistance tab's items)
export const LINKABLE_KINDS = ['case', 'referral', 'follow_up', 'assistance', 'task'] as const;
export type LinkableKind = (typeof LINKABLE_KINDS)[number];
export const ACTION_STATUSES = ['pending', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type PlanAction = {
  id?: string;
  kind: ActionKind;
  refId?: string | null;
  refLabel?: string | null;
  text?: string | null;
  ownerUserId?: string | null;
  ownerOrganizationId?: string | null;
  ownerName?: string | null;
  dueAt?: string | null;
  status: ActionStatus;
  refStatus?: string | null;
};

export type PlanGoal = {
  id?: string;
  dimension: Dimension;
  text: string;
  targetDate: string;
  status: GoalStatus;
  droppedReason?: string | null;
  lastProgress?: string | null;
  actions: PlanAction[];
};

export type Plan = {
  id: string;
  returneeId: string;
  returneeCode?: string;
  returneeName?: string | null;
  officeId: string;
  version: number;
  status: PlanStatus;
  current: boolean;
  inForce: boolean;
  previousVersionId?: string | null;
  goals: PlanGoal[];
  signedAt?: string | null;
  submittedAt?: string | null;
  approvedById?: string | null;
  approvedByName?: string | null;
  approvedAt?: string | null;
  returnedComment?: string | null;
  returnedAt?: string | null;
  createdById: string;
  createdByName?: string | null;
  createdAt: string;
  updatedAt: string;
  lastReviewedAt?: string | null;
};

export type PlanReview = {
  id: string;
  planId?: string;
  followUpId?: string | null;
  reviewedOn: string;
  reviewedByName?: string | null;
  createdAt?: string;
  goals: { goalId: string; status: GoalStatus; progress: string }[];
  noteIds?: string[];
};

export const EDITABLE: readonly PlanStatus[] = ['draft', 'returned'];
export const SUBMITTABLE: readonly PlanStatus[] = ['draft', 'returned'];
export const REVISABLE: readonly PlanStatus[] = ['approved', 'under_review'];
export const REVIEWABLE: readonly PlanStatus[] = ['approved', 'under_review'];
// a new plan (series) can start once the previous one has ended
export const ENDED: readonly PlanStatus[] = ['completed', 'closed'];

export const isEditable = (p: Pick<Plan, 'status' | 'current'> | null | undefined): boolean => !!p && p.current && EDITABLE.includes(p.status);
export const canRevise = (p: Pick<Plan, 'status' | 'current'> | null | undefined): boolean => !!p && p.current && REVISABLE.includes(p.status);
// the version in force is reviewed even while a revision of it is drafted (then it is no longer the newest)
export const canReview = (p: Pick<Plan, 'status' | 'current' | 'inForce'> | null | undefined): boolean =>
  !!p && (p.current || p.inForce) && REVIEWABLE.includes(p.status);

// "YYYY-MM-DD" of today in Bishkek (UTC+6 all year), where the offices plan.
export const bishkekToday = (now: Date = new Date()): string => new Date(now.getTime() + 6 * 3600_000).toISOString().slice(0, 10);

const text = (v: string | null | undefined): string | null => {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
};

// The body of PUT /api/plans/:id: the goals with what the client may set (server-derived fields left out); a linked
// action's status follows its record, so only a free task sends one.
export function toGoalsBody(goals: PlanGoal[]) {
  return goals.map((g) => ({
    ...(g.id ? { id: g.id } : {}),
    dimension: g.dimension,
    text: g.text.trim(),
    targetDate: g.targetDate,
    status: g.status,
    ...(g.status === 'dropped' && text(g.droppedReason) ? { droppedReason: text(g.droppedReason) } : {}),
    actions: g.actions.map((a) => ({
      ...(a.id ? { id: a.id } : {}),
      kind: a.kind,
      ...(a.kind !== 'task' && a.refId ? { refId: a.refId } : {}),
      ...(text(a.text) ? { text: text(a.text) } : {}),
      ...(a.kind === 'task' && a.ownerUserId ? { ownerUserId: a.ownerUserId } : {}),
      ...(a.kind === 'task' && a.ownerOrganizationId ? { ownerOrganizationId: a.ownerOrganizationId } : {}),
      ...(a.dueAt ? { dueAt: a.dueAt.slice(0, 10) } : {}),
      ...(a.kind === 'task' ? { status: a.status } : {}),
    })),
  }));
}

export type GoalValues = { dimension: Dimension | ''; text: string; targetDate: string; status: GoalStatus; droppedReason: string };

// The goal dialog's own checks (catalog keys); the API checks again.
export function goalProblems(v: GoalValues, original: Pick<PlanGoal, 'targetDate'> | null, today: string = bishkekToday()): Record<string, string | undefined> {
  return {
    dimension: v.dimension ? undefined : 'app.plans.validation.dimension_required',
    text: text(v.text) ? undefined : 'app.plans.validation.goal_text_required',
    targetDate: !v.targetDate
      ? 'app.plans.validation.target_required'
      : // a goal kept as it was may keep its date; a new or changed date is not in the past
        v.targetDate < today && v.targetDate !== original?.targetDate
        ? 'app.plans.validation.target_past'
        : undefined,
    droppedReason: v.status === 'dropped' && !text(v.droppedReason) ? 'app.plans.validation.dropped_reason_required' : undefined,
  };
}

export type OwnerKind = 'user' | 'organization';
export type ActionValues = {
  kind: LinkableKind;
  refId: string;
  text: string;
  ownerKind: OwnerKind;
  ownerUserId: string;
  ownerOrganizationId: string;
  dueAt: string;
  status: ActionStatus;
};

export function actionProblems(v: ActionValues): Record<string, string | undefined> {
  if (v.kind !== 'task') return { refId: v.refId ? undefined : 'app.plans.validation.ref_required' };
  return {
    text: text(v.text) ? undefined : 'app.plans.validation.task_text_required',
    ownerUserId: v.ownerKind === 'user' && !v.ownerUserId ? 'app.plans.validation.owner_required' : undefined,
    ownerOrganizationId: v.ownerKind === 'organization' && !v.ownerOrganizationId ? 'app.plans.validation.owner_required' : undefined,
    dueAt: v.dueAt ? undefined : 'app.plans.validation.due_required',
  };
}

export function toAction(v: ActionValues, previous?: PlanAction): PlanAction {
  const base = previous?.id ? { id: previous.id } : {};
  if (v.kind !== 'task') return { ...base, kind: v.kind, refId: v.refId, text: text(v.text), status: previous?.status ?? 'pending' };
  return {
    ...base,
    kind: 'task',
    text: text(v.text),
    ownerUserId: v.ownerKind === 'user' ? v.ownerUserId : null,
    ownerOrganizationId: v.ownerKind === 'organization' ? v.ownerOrganizationId : null,
    dueAt: v.dueAt,
    status: v.status,
  };
}

export const fromAction = (a: PlanAction | null): ActionValues => ({
  kind: a?.kind ?? 'case',
  refId: a?.refId ?? '',
  text: a?.text ?? '',
  ownerKind: a?.ownerOrganizationId ? 'organization' : 'user',
  ownerUserId: a?.ownerUserId ?? '',
  ownerOrganizationId: a?.ownerOrganizationId ?? '',
  dueAt: a?.dueAt?.slice(0, 10) ?? '',
  status: a?.status ?? 'pending',
});

// Goals grouped by dimension in the fixed order, each with its index in the plan's goals array (what edits address).
export function goalsByDimension(goals: PlanGoal[]): { dimension: Dimension; goals: { goal: PlanGoal; index: number }[] }[] {
  return DIMENSIONS.map((dimension) => ({
    dimension,
    goals: goals.map((goal, index) => ({ goal, index })).filter((g) => g.goal.dimension === dimension),
  })).filter((d) => d.goals.length > 0);
}

// The PDF's language: the returnee's own when it is Kyrgyz or Russian, else Russian.
export const pdfLanguage = (languages: string[] | null | undefined): 'ky' | 'ru' => (languages?.[0] === 'ky' ? 'ky' : 'ru');
