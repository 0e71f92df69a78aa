import { allowedTransitions, canEditCase, closureEffects, isTransitionAllowed, WorkflowActor, WorkflowCase } from './case-workflow';

const OFFICE = 'office-a';
const supervisor: WorkflowActor = { userId: 'sup', role: 'supervisor', officeId: OFFICE };
const worker: WorkflowActor = { userId: 'cw1', role: 'caseworker', officeId: OFFICE };
const admin: WorkflowActor = { userId: 'adm', role: 'admin', officeId: null };
const ngo: WorkflowActor = { userId: 'ngo', role: 'ngo_staff', officeId: null };
const kase = (status: WorkflowCase['status'], assigneeId: string | null = 'cw1', officeId = OFFICE): WorkflowCase => ({ status, assigneeId, officeId });

describe('case workflow', () => {
  it('should offer a supervisor every workflow transition when the case is in their office', () => {
    expect(allowedTransitions(kase('open'), supervisor)).toEqual(['in_progress']);
    expect(allowedTransitions(kase('in_progress'), supervisor)).toEqual(['on_hold', 'pending_closure']);
    expect(allowedTransitions(kase('on_hold'), supervisor)).toEqual(['in_progress']);
    expect(allowedTransitions(kase('pending_closure'), supervisor)).toEqual(['closed', 'in_progress']);
    expect(allowedTransitions(kase('closed'), supervisor)).toEqual(['in_progress']);
  });

  it('should withhold approving closure and reopening when the actor is a caseworker', () => {
    expect(allowedTransitions(kase('pending_closure'), worker)).toEqual(['in_progress']);
    expect(allowedTransitions(kase('closed'), worker)).toEqual([]);
    expect(isTransitionAllowed(kase('pending_closure'), worker, 'closed')).toBe(false);
    expect(allowedTransitions(kase('in_progress'), worker)).toEqual(['on_hold', 'pending_closure']);
  });

  it('should refuse skipping steps when the target is not adjacent in the graph', () => {
    expect(isTransitionAllowed(kase('open'), supervisor, 'closed')).toBe(false);
    expect(isTransitionAllowed(kase('open'), supervisor, 'pending_closure')).toBe(false);
    expect(isTransitionAllowed(kase('on_hold'), supervisor, 'closed')).toBe(false);
  });

  it('should let a caseworker work an unassigned case but not a colleague’s when assignment differs', () => {
    expect(canEditCase(kase('open', null), worker)).toBe(true);
    expect(canEditCase(kase('open', 'cw2'), worker)).toBe(false);
    expect(allowedTransitions(kase('open', 'cw2'), worker)).toEqual([]);
    expect(canEditCase(kase('open', 'cw2'), supervisor)).toBe(true);
  });

  it('should offer nothing when the actor is admin, NGO staff or from another office', () => {
    expect(allowedTransitions(kase('open'), admin)).toEqual([]);
    expect(allowedTransitions(kase('open'), ngo)).toEqual([]);
    expect(allowedTransitions(kase('open', null, 'office-b'), supervisor)).toEqual([]);
  });

  it('should stamp closedAt when closing and clear it when reopening', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(closureEffects('pending_closure', 'closed', now)).toEqual({ closedAt: now });
    expect(closureEffects('closed', 'in_progress', now)).toEqual({ closedAt: null, closureReason: null });
    expect(closureEffects('open', 'in_progress', now)).toEqual({});
  });
});
