import { Actor } from '@kaytuu/shared';
import {
  allowedReferralTransitions,
  canAddReferralNote,
  HEALTH_DOCUMENT_TYPES,
  organizationDocumentGrant,
  organizationSeesCaseSideText,
  organizationSeesDocument,
  ReferralForAccess,
  referralScope,
} from './referral-access';
import { REFERRAL_STATUSES, ReferralStatus } from './referral.entity';

const OFFICE = 'office-a';
const ORG = 'org-a';
const actor = (role: Actor['role'], over: Partial<Actor> = {}): Actor => ({
  userId: `${role}-1`,
  role,
  officeId: null,
  organizationId: null,
  ip: null,
  ...over,
});
const admin = actor('admin');
const supervisor = actor('supervisor', { officeId: OFFICE });
const caseworker = actor('caseworker', { officeId: OFFICE });
const otherOffice = actor('supervisor', { officeId: 'office-b' });
const ngo = actor('ngo_staff', { organizationId: ORG });
const otherNgo = actor('ngo_staff', { organizationId: 'org-b' });
const referral = (status: ReferralStatus): ReferralForAccess => ({ status, officeId: OFFICE, organizationId: ORG });
const mayEditCase = { canEditCase: true };
const mayNotEditCase = { canEditCase: false };
// every status with what `rule` answers for it, so a test states the rule for the whole lifecycle at once
const byStatus = <T>(rule: (r: ReferralForAccess) => T): Record<ReferralStatus, T> =>
  Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, rule(referral(s))])) as Record<ReferralStatus, T>;

describe('referral access', () => {
  describe('who sees which referrals', () => {
    it('should give admins all referrals, office staff their office’s and NGO staff their organisation’s', () => {
      expect(referralScope(admin)).toEqual({ kind: 'all' });
      expect(referralScope(supervisor)).toEqual({ kind: 'office', officeId: OFFICE });
      expect(referralScope(caseworker)).toEqual({ kind: 'office', officeId: OFFICE });
      expect(referralScope(ngo)).toEqual({ kind: 'organization', organizationId: ORG });
    });

    it('should see nothing when office staff have no office or NGO staff no organisation', () => {
      expect(referralScope(actor('caseworker'))).toEqual({ kind: 'none' });
      expect(referralScope(actor('supervisor'))).toEqual({ kind: 'none' });
      // an NGO account is never widened to an office, even if one is set on it
      expect(referralScope(actor('ngo_staff', { officeId: OFFICE }))).toEqual({ kind: 'none' });
    });
  });

  describe('who moves a referral', () => {
    it('should let the organisation accept or decline, then start and complete the service, and nothing after', () => {
      expect(byStatus((r) => allowedReferralTransitions(r, ngo, mayNotEditCase))).toEqual({
        sent: ['accepted', 'declined'],
        accepted: ['in_service'],
        in_service: ['completed'],
        completed: [],
        declined: [],
        cancelled: [],
      });
    });

    it('should give another organisation’s staff no move on a referral that is not theirs', () => {
      expect(byStatus((r) => allowedReferralTransitions(r, otherNgo, mayEditCase))).toEqual({
        sent: [],
        accepted: [],
        in_service: [],
        completed: [],
        declined: [],
        cancelled: [],
      });
    });

    it('should let the case side withdraw an open referral when they may work the case', () => {
      const open = { sent: ['cancelled'], accepted: ['cancelled'], in_service: ['cancelled'], completed: [], declined: [], cancelled: [] };
      expect(byStatus((r) => allowedReferralTransitions(r, supervisor, mayEditCase))).toEqual(open);
      expect(byStatus((r) => allowedReferralTransitions(r, caseworker, mayEditCase))).toEqual(open);
    });

    it('should give office staff no move when the case is not theirs to work or the referral is another office’s', () => {
      expect(allowedReferralTransitions(referral('sent'), caseworker, mayNotEditCase)).toEqual([]);
      expect(allowedReferralTransitions(referral('sent'), otherOffice, mayEditCase)).toEqual([]);
    });

    it('should keep admins read-only whatever the referral’s state', () => {
      expect(byStatus((r) => allowedReferralTransitions(r, admin, mayEditCase))).toEqual({
        sent: [],
        accepted: [],
        in_service: [],
        completed: [],
        declined: [],
        cancelled: [],
      });
    });
  });

  describe('who adds service notes', () => {
    it('should let the organisation write while the referral is theirs and neither declined nor withdrawn', () => {
      expect(byStatus((r) => canAddReferralNote(r, ngo, mayNotEditCase))).toEqual({
        sent: true,
        accepted: true,
        in_service: true,
        completed: true,
        declined: false,
        cancelled: false,
      });
      expect(canAddReferralNote(referral('accepted'), otherNgo, mayEditCase)).toBe(false);
    });

    it('should let the case side write in any state but a withdrawn one when they may work the case', () => {
      expect(byStatus((r) => canAddReferralNote(r, caseworker, mayEditCase))).toEqual({
        sent: true,
        accepted: true,
        in_service: true,
        completed: true,
        declined: true,
        cancelled: false,
      });
      expect(canAddReferralNote(referral('accepted'), caseworker, mayNotEditCase)).toBe(false);
      expect(canAddReferralNote(referral('accepted'), otherOffice, mayEditCase)).toBe(false);
    });

    it('should never let an admin write a note', () => {
      expect(Object.values(byStatus((r) => canAddReferralNote(r, admin, mayEditCase)))).toEqual(REFERRAL_STATUSES.map(() => false));
    });
  });

  describe('organizationSeesCaseSideText', () => {
    const consent = (active: boolean, ...scope: string[]) => ({ active, scope });

    it('should show the case title and reason under an active consent to share with organisations', () => {
      expect(organizationSeesCaseSideText(consent(true, 'data_processing', 'share_with_ngo'), 'legal_aid')).toBe(true);
      expect(organizationSeesCaseSideText(consent(true, 'share_with_ngo', 'share_health'), 'health_referral')).toBe(true);
    });

    it('should hide them once the consent is withdrawn or expired, or when it never covered sharing', () => {
      expect(organizationSeesCaseSideText(consent(false, 'share_with_ngo', 'share_health'), 'legal_aid')).toBe(false);
      expect(organizationSeesCaseSideText(consent(true, 'data_processing'), 'job_placement')).toBe(false);
      expect(organizationSeesCaseSideText(undefined, 'pension')).toBe(false);
    });

    it('should hide them on a health case whose consent does not cover health', () => {
      expect(organizationSeesCaseSideText(consent(true, 'share_with_ngo'), 'health_referral')).toBe(false);
    });
  });
});

describe('documents an organisation sees (organizationDocumentGrant, organizationSeesDocument)', () => {
  const shared = { organizationId: ORG, status: 'accepted' as ReferralStatus, sharedFields: ['name', 'documents'] };
  const consent = (scope: string[], active = true) => ({ active, scope });

  it('should grant the documents of a referral that shares them under a consent to share with NGOs', () => {
    const g = organizationDocumentGrant(shared, ngo, consent(['share_with_ngo']));
    expect(g).toEqual({ documents: true, health: false });
    expect(organizationSeesDocument(g, 'passport')).toBe(true);
    expect(organizationSeesDocument(g, 'medical_discharge')).toBe(false);
    expect(organizationSeesDocument(g, 'tb_treatment_card')).toBe(false);
  });

  it('should add health documents only under a consent covering health', () => {
    const g = organizationDocumentGrant(shared, ngo, consent(['share_with_ngo', 'share_health']));
    expect(g).toEqual({ documents: true, health: true });
    expect(HEALTH_DOCUMENT_TYPES.every((t) => organizationSeesDocument(g, t))).toBe(true);
  });

  it('should grant nothing without documents shared, without or with a withdrawn consent, to another organisation, on a refused or withdrawn referral, or to office staff', () => {
    const none = { documents: false, health: false };
    expect(organizationDocumentGrant({ ...shared, sharedFields: ['name'] }, ngo, consent(['share_with_ngo']))).toEqual(none);
    expect(organizationDocumentGrant(shared, ngo, consent(['share_with_ngo'], false))).toEqual(none);
    expect(organizationDocumentGrant(shared, ngo, consent(['data_processing']))).toEqual(none);
    expect(organizationDocumentGrant(shared, ngo, undefined)).toEqual(none);
    expect(organizationDocumentGrant(shared, otherNgo, consent(['share_with_ngo']))).toEqual(none);
    for (const status of ['declined', 'cancelled'] as ReferralStatus[]) {
      expect(organizationDocumentGrant({ ...shared, status }, ngo, consent(['share_with_ngo']))).toEqual(none);
    }
    expect(organizationDocumentGrant(shared, caseworker, consent(['share_with_ngo']))).toEqual(none);
    expect(organizationSeesDocument(undefined, 'passport')).toBe(false);
  });
});
