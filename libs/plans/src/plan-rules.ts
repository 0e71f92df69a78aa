import { Actor, CommonError } from '@kaytuu/shared';
import { ActionStatus, PlanStatus } from './plan.entity';
import { PlanScope } from './plan.repository';

// The plan workflow: draft → submitted → approved (or returned → submitted again) → under_review (at each monitoring
// review) → completed; closed from any open state. Changing an approved plan is a new version (revise).
export const EDITABLE: readonly PlanStatus[] = ['draft', 'returned'];
export const REVISABLE: readonly PlanStatus[] = ['approved', 'under_review'];
export const REVIEWABLE: readonly PlanStatus[] = ['approved', 'under_review'];

export function planScopeOf(actor: Actor): PlanScope {
  if (actor.role === 'admin') return { kind: 'all' };
  if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId) return { kind: 'office', officeId: actor.officeId };
  if (actor.role === 'ngo_staff' && actor.organizationId) return { kind: 'organization', organizationId: actor.organizationId };
  throw CommonError.forbidden();
}

// An action linked to a record follows it: a case open → pending, being worked on → in progress, closed → done; a
// referral sent → pending, accepted or in service → in progress, completed → done, declined or cancelled → cancelled;
// a follow-up scheduled or missed → pending, done → done, cancelled → cancelled; an assistance item proposed →
// pending, approved or disbursed → in progress, verified → done, rejected or cancelled → cancelled. A record that is
// gone → cancelled.
export function derivedStatus(kind: 'case' | 'referral' | 'follow_up' | 'assistance', refStatus: string | null): ActionStatus {
  if (refStatus === null) return 'cancelled';
  const map: Record<string, Record<string, ActionStatus>> = {
    case: { open: 'pending', in_progress: 'in_progress', on_hold: 'in_progress', pending_closure: 'in_progress', closed: 'done' },
    referral: { sent: 'pending', accepted: 'in_progress', in_service: 'in_progress', completed: 'done', declined: 'cancelled', cancelled: 'cancelled' },
    follow_up: { scheduled: 'pending', missed: 'pending', done: 'done', cancelled: 'cancelled' },
    assistance: { proposed: 'pending', approved: 'in_progress', disbursed: 'in_progress', verified: 'done', rejected: 'cancelled', cancelled: 'cancelled' },
  };
  return map[kind][refStatus] ?? 'pending';
}
