import { CaseReferralView } from '@kaytuu/cases';
import { SharableProfile } from '@kaytuu/returnees';
import { Referral, ReferralStatus, SharedField } from '../referral.entity';
import { ReferralNoteDto } from './referral-note.dto';

// What an organisation sees of the returnee: only the fields the referral shares, only while the consent holds.
export type SharedReturneeDto = {
  fullName?: string;
  phone?: string | null;
  pin?: string | null;
  address?: string | null;
  birthDate?: string;
  sex?: string;
  episodes?: SharableProfile['episodes'];
};

export type ReferralDto = {
  id: string;
  caseId: string;
  caseCode: string | null;
  caseType: string | null;
  caseTitle: string | null;
  officeId: string;
  organizationId: string;
  organizationName: string | null;
  status: ReferralStatus;
  // null for organisation staff when the consent no longer covers it (as caseTitle and cancelReason)
  reason: string | null;
  sharedFields: SharedField[];
  sentAt: string;
  respondBy: string;
  overdue: boolean;
  acceptedAt: string | null;
  inServiceAt: string | null;
  completedAt: string | null;
  declinedAt: string | null;
  cancelledAt: string | null;
  declinedReason: string | null;
  outcome: string | null;
  cancelReason: string | null;
  // false once the consent the referral was sent under is withdrawn or expired: shared data is hidden, the referral flagged
  consentActive: boolean;
  createdBy: string;
  createdByName: string | null;
  allowedTransitions: ReferralStatus[];
  // whether the caller may add a service note now
  canAddNote: boolean;
  // single GET only: the service notes, oldest first
  notes?: ReferralNoteDto[];
  // staff: the returnee's id and name; organisation staff: `returnee` with the shared fields only
  returneeId?: string;
  returneeName?: string | null;
  returnee?: SharedReturneeDto;
  // organisation staff: the case's details (health details only when shared under a consent that covers health)
  caseDetails: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

// Picks the shared fields out of the returnee's profile; `documents` stands for the migration history.
export function sharedReturnee(profile: SharableProfile | undefined, fields: SharedField[]): SharedReturneeDto {
  if (!profile) return {};
  const out: SharedReturneeDto = {};
  if (fields.includes('name')) out.fullName = profile.fullName;
  if (fields.includes('phone')) out.phone = profile.phone;
  if (fields.includes('pin')) out.pin = profile.pin;
  if (fields.includes('address')) out.address = profile.address;
  if (fields.includes('birthDate')) out.birthDate = profile.birthDate;
  if (fields.includes('sex')) out.sex = profile.sex;
  if (fields.includes('documents')) out.episodes = profile.episodes;
  return out;
}

export type ReferralDtoParts = {
  caseView: CaseReferralView | undefined;
  organizationName: string | null;
  createdByName: string | null;
  consentActive: boolean;
  allowedTransitions: ReferralStatus[];
  canAddNote: boolean;
  now: Date;
};

export function toReferralDto(r: Referral, p: ReferralDtoParts): ReferralDto {
  return {
    id: r.id,
    caseId: r.caseId,
    caseCode: p.caseView?.code ?? null,
    caseType: p.caseView?.type ?? null,
    caseTitle: p.caseView?.title ?? null,
    officeId: r.officeId,
    organizationId: r.organizationId,
    organizationName: p.organizationName,
    status: r.status,
    reason: r.reason,
    sharedFields: r.sharedFields,
    sentAt: r.sentAt.toISOString(),
    respondBy: r.respondBy.toISOString(),
    overdue: r.status === 'sent' && r.respondBy.getTime() < p.now.getTime(),
    acceptedAt: iso(r.acceptedAt),
    inServiceAt: iso(r.inServiceAt),
    completedAt: iso(r.completedAt),
    declinedAt: iso(r.declinedAt),
    cancelledAt: iso(r.cancelledAt),
    declinedReason: r.declinedReason,
    outcome: r.outcome,
    cancelReason: r.cancelReason,
    consentActive: p.consentActive,
    createdBy: r.createdBy,
    createdByName: p.createdByName,
    allowedTransitions: p.allowedTransitions,
    canAddNote: p.canAddNote,
    caseDetails: null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}
