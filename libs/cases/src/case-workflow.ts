import { Actor } from '@kaytuu/shared';

export const CASE_STATUSES = ['open', 'in_progress', 'on_hold', 'pending_closure', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

// The case status workflow as a graph of allowed moves, independent of who is asking.
const GRAPH: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['in_progress'],
  in_progress: ['on_hold', 'pending_closure'],
  on_hold: ['in_progress'],
  pending_closure: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

// Approving a closure and reopening a closed case are the supervisor's decisions. A caseworker may still take back
// their own closure request (pending_closure → in_progress); only the supervisor *rejects* it, but the move is the same.
const SUPERVISOR_ONLY: ReadonlyArray<readonly [CaseStatus, CaseStatus]> = [
  ['pending_closure', 'closed'],
  ['closed', 'in_progress'],
];

export type WorkflowCase = { status: CaseStatus; assigneeId: string | null; officeId: string };
export type WorkflowActor = Pick<Actor, 'userId' | 'role' | 'officeId'>;

// A caseworker works only on cases assigned to them or still unassigned; a supervisor on any case of their office.
export function canEditCase(c: WorkflowCase, actor: WorkflowActor): boolean {
  if (actor.officeId === null || actor.officeId !== c.officeId) return false;
  if (actor.role === 'supervisor') return true;
  if (actor.role === 'caseworker') return c.assigneeId === null || c.assigneeId === actor.userId;
  return false;
}

// The statuses THIS actor may move the case to now; used both to validate a PUT and to fill the DTO field.
export function allowedTransitions(c: WorkflowCase, actor: WorkflowActor): CaseStatus[] {
  if (!canEditCase(c, actor)) return [];
  return GRAPH[c.status].filter((to) => actor.role === 'supervisor' || !SUPERVISOR_ONLY.some(([from, target]) => from === c.status && target === to));
}

export function isTransitionAllowed(c: WorkflowCase, actor: WorkflowActor, to: CaseStatus): boolean {
  return allowedTransitions(c, actor).includes(to);
}

// What a transition does to the closure columns: closing stamps closedAt; reopening clears it (and the old reason,
// which stays in the status_changed event), so a later closure must give a fresh reason.
export function closureEffects(from: CaseStatus, to: CaseStatus, now: Date): { closedAt?: Date | null; closureReason?: null } {
  if (to === 'closed') return { closedAt: now };
  if (from === 'closed') return { closedAt: null, closureReason: null };
  return {};
}
