import { Actor, CommonError } from '@kaytuu/shared';
import { ReturneeScope } from './returnee.repository';
import { ReturneeError } from './returnees.errors';

// Which returnees an actor works with: admins all, office staff their own office. Also the consents' scope: a consent
// is visible exactly when its returnee is.
export function scopeOf(actor: Actor): ReturneeScope {
  if (actor.role === 'admin') return { kind: 'all' };
  if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId) return { kind: 'office', officeId: actor.officeId };
  // NGO staff reach returnee data only through referrals, with the fields the consent shares
  throw CommonError.forbidden();
}

export function inScope(scope: ReturneeScope, officeId: string): boolean {
  return scope.kind === 'all' || scope.officeId === officeId;
}

// The office a new record goes to (admins name one, staff get their own), for POST /api/returnees and for imports.
export async function registrationOffice(actor: Actor, requested: string | undefined, officeExists: (id: string) => Promise<boolean>): Promise<string> {
  if (actor.role === 'admin') {
    if (!requested) throw ReturneeError.officeRequired();
    if (!(await officeExists(requested))) throw ReturneeError.officeNotFound();
    return requested;
  }
  const own = actor.officeId as string;
  if (requested && requested !== own) throw ReturneeError.officeNotAllowed();
  return own;
}
