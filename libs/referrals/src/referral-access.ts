import { Actor } from '@kaytuu/shared';
import { OPEN_REFERRAL_STATUSES, ReferralStatus } from './referral.entity';

// THE rule for who may see and act on a referral; the repository turns `referralScope` into query conditions, the
// service asks `allowedReferralTransitions` before every status change and fills the DTO's allowedTransitions with it.
//  - ngo_staff: referrals addressed to their organisation, nothing else (not even counts);
//  - supervisor, caseworker: referrals of their office's cases (the referral carries the case's office);
//  - admin: all, read only (no case work by default).
export type ReferralScope = { kind: 'all' } | { kind: 'office'; officeId: string } | { kind: 'organization'; organizationId: string } | { kind: 'none' };

export function referralScope(actor: Actor): ReferralScope {
  if (actor.role === 'admin') return { kind: 'all' };
  if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId) return { kind: 'office', officeId: actor.officeId };
  if (actor.role === 'ngo_staff' && actor.organizationId) return { kind: 'organization', organizationId: actor.organizationId };
  return { kind: 'none' };
}

// The organisation answers and reports the service; the case side may withdraw an open referral.
const ORGANIZATION_MOVES: Record<ReferralStatus, readonly ReferralStatus[]> = {
  sent: ['accepted', 'declined'],
  accepted: ['in_service'],
  in_service: ['completed'],
  completed: [],
  declined: [],
  cancelled: [],
};

export type ReferralForAccess = { status: ReferralStatus; officeId: string; organizationId: string };
// Case-side rights come from the case (the assignee, an unassigned case's office staff, the office supervisor).
export type CaseSideRight = { canEditCase: boolean };

export function allowedReferralTransitions(r: ReferralForAccess, actor: Actor, caseSide: CaseSideRight): ReferralStatus[] {
  if (actor.role === 'ngo_staff') return actor.organizationId === r.organizationId ? [...ORGANIZATION_MOVES[r.status]] : [];
  if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId === r.officeId && caseSide.canEditCase) {
    return OPEN_REFERRAL_STATUSES.includes(r.status) ? ['cancelled'] : [];
  }
  return [];
}

// Service notes: the organisation's staff while the referral is theirs and not refused or withdrawn; the case side on
// the same terms as cancelling (assignee, supervisor), in any state but a withdrawn one.
export function canAddReferralNote(r: ReferralForAccess, actor: Actor, caseSide: CaseSideRight): boolean {
  if (r.status === 'cancelled') return false;
  if (actor.role === 'ngo_staff') return actor.organizationId === r.organizationId && r.status !== 'declined';
  return (actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId === r.officeId && caseSide.canEditCase;
}

// Whether the organisation may read what the case side wrote for it: the case title, the referral reason, the case
// side's service notes and its cancel reason carry exactly what the consent protects ("suspected TB …"). They show while
// the consent the referral was sent under holds (for a health case, a consent that also covers health); otherwise the
// organisation sees that the referral exists, its status, dates, its own notes and the consent-withdrawn flag.
export type ReferralConsentState = { active: boolean; scope: readonly string[] } | undefined;
export function organizationSeesCaseSideText(consent: ReferralConsentState, caseType: string | null | undefined): boolean {
  if (!consent?.active || !consent.scope.includes('share_with_ngo')) return false;
  return caseType !== 'health_referral' || consent.scope.includes('share_health');
}

// THE rule for organisation staff and a returnee's documents (libs/documents): a referral to their organisation that
// is not refused or withdrawn, that shares `documents`, sent under a consent that still holds and covers sharing with
// NGOs, lets them see that returnee's documents; health documents (a discharge summary, a TB treatment card) only
// when that consent also covers health. Several referrals of one returnee add up.
export const HEALTH_DOCUMENT_TYPES = ['medical_discharge', 'tb_treatment_card'] as const;
export type DocumentGrant = { documents: boolean; health: boolean };
export type ReferralForDocuments = { organizationId: string; status: ReferralStatus; sharedFields: readonly string[] };

export function organizationDocumentGrant(r: ReferralForDocuments, actor: Actor, consent: ReferralConsentState): DocumentGrant {
  const none = { documents: false, health: false };
  if (actor.role !== 'ngo_staff' || !actor.organizationId || actor.organizationId !== r.organizationId) return none;
  if (r.status === 'declined' || r.status === 'cancelled') return none;
  if (!r.sharedFields.includes('documents')) return none;
  if (!consent?.active || !consent.scope.includes('share_with_ngo')) return none;
  return { documents: true, health: consent.scope.includes('share_health') };
}

export function organizationSeesDocument(grant: DocumentGrant | undefined, documentType: string): boolean {
  if (!grant?.documents) return false;
  return !(HEALTH_DOCUMENT_TYPES as readonly string[]).includes(documentType) || grant.health;
}
