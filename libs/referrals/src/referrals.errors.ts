import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors, transitionRefused } from '@kaytuu/shared';
import { ReferralStatus } from './referral.entity';

export const ReferralsErrorCode = errorCodes(
  'CONSENT_REQUIRED ORGANIZATION_UNAVAILABLE CASE_NOT_ACTIVE CASE_NOT_ASSIGNED REFERRAL_ALREADY_OPEN INVALID_TRANSITION INVALID_REFERRAL NOTE_NOT_ALLOWED',
);
export type ReferralsErrorCode = CodeOf<typeof ReferralsErrorCode>;

const UNAVAILABLE = {
  missing: 'There is no such organisation in the service directory',
  inactive: 'This organisation is not active in the service directory',
  service: 'This organisation does not provide the service this case needs',
};

export const ReferralsError = defineErrors('ReferralsError', ReferralsErrorCode, (fail) => ({
  consentRequired: (scopes: string[]) => {
    const health = scopes.includes('share_health');
    const message = health
      ? "Sharing health details needs the returnee's active consent to share health data with partner organisations; record it on the returnee's page first"
      : "Referring needs the returnee's active consent to share data with partner organisations; record it on the returnee's page first";
    const errors: FieldErrors = health
      ? { sharedFields: 'healthDetails needs consent scope share_health' }
      : { caseId: 'no active consent with scope share_with_ngo' };
    return fail('CONSENT_REQUIRED', HttpStatus.UNPROCESSABLE_ENTITY, message, errors, { scopes });
  },
  organizationUnavailable: (why: keyof typeof UNAVAILABLE) =>
    fail('ORGANIZATION_UNAVAILABLE', HttpStatus.UNPROCESSABLE_ENTITY, UNAVAILABLE[why], { organizationId: UNAVAILABLE[why] }),
  caseNotActive: (status: string) =>
    fail('CASE_NOT_ACTIVE', HttpStatus.CONFLICT, `The case is ${status}; only open, in-progress or on-hold cases can be referred`, undefined, { status }),
  caseNotAssigned: () => fail('CASE_NOT_ASSIGNED', HttpStatus.FORBIDDEN, 'This case is assigned to another caseworker; ask your supervisor'),
  alreadyOpen: () =>
    fail('REFERRAL_ALREADY_OPEN', HttpStatus.CONFLICT, 'This case already has an open referral to this organisation', {
      organizationId: 'already referred; see the open referral',
    }),
  invalidTransition: (from: ReferralStatus, to: ReferralStatus, allowed: ReferralStatus[]) => transitionRefused(fail, 'A referral', from, to, allowed),
  noteNotAllowed: (status: ReferralStatus) =>
    fail(
      'NOTE_NOT_ALLOWED',
      HttpStatus.FORBIDDEN,
      `You cannot add a note to this referral (${status}); the assignee, a supervisor or the organisation's staff can`,
      undefined,
      { status },
    ),
  invalid: (errors: FieldErrors, message: string) => fail('INVALID_REFERRAL', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
}));
export type ReferralsError = DomainError<ReferralsErrorCode>;
