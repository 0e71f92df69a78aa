import { HttpStatus } from '@nestjs/common';
import { DomainError, FieldErrors } from '@kaytuu/shared';
import { ReferralStatus } from './referral.entity';

export enum ReferralsErrorCode {
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  ORGANIZATION_UNAVAILABLE = 'ORGANIZATION_UNAVAILABLE',
  CASE_NOT_ACTIVE = 'CASE_NOT_ACTIVE',
  CASE_NOT_ASSIGNED = 'CASE_NOT_ASSIGNED',
  REFERRAL_ALREADY_OPEN = 'REFERRAL_ALREADY_OPEN',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  INVALID_REFERRAL = 'INVALID_REFERRAL',
  NOTE_NOT_ALLOWED = 'NOTE_NOT_ALLOWED',
}

export class ReferralsError extends DomainError<ReferralsErrorCode> {
  static consentRequired(scopes: string[]): ReferralsError {
    const health = scopes.includes('share_health');
    const message = health
      ? "Sharing health details needs the returnee's active consent to share health data with partner organisations; record it on the returnee's page first"
      : "Referring needs the returnee's active consent to share data with partner organisations; record it on the returnee's page first";
    return new ReferralsError(ReferralsErrorCode.CONSENT_REQUIRED, HttpStatus.UNPROCESSABLE_ENTITY, message,
      health ? { sharedFields: 'healthDetails needs consent scope share_health' } : { caseId: 'no active consent with scope share_with_ngo' }, { scopes });
  }
  static organizationUnavailable(why: 'missing' | 'inactive' | 'service'): ReferralsError {
    const msg = {
      missing: 'There is no such organisation in the service directory',
      inactive: 'This organisation is not active in the service directory',
      service: 'This organisation does not provide the service this case needs',
    }[why];
    return new ReferralsError(ReferralsErrorCode.ORGANIZATION_UNAVAILABLE, HttpStatus.UNPROCESSABLE_ENTITY, msg, { organizationId: msg });
  }
  static caseNotActive(status: string): ReferralsError {
    return new ReferralsError(ReferralsErrorCode.CASE_NOT_ACTIVE, HttpStatus.CONFLICT, `The case is ${status}; only open, in-progress or on-hold cases can be referred`, undefined, { status });
  }
  static caseNotAssigned(): ReferralsError {
    return new ReferralsError(ReferralsErrorCode.CASE_NOT_ASSIGNED, HttpStatus.FORBIDDEN, 'This case is assigned to another caseworker; ask your supervisor');
  }
  static alreadyOpen(): ReferralsError {
    return new ReferralsError(ReferralsErrorCode.REFERRAL_ALREADY_OPEN, HttpStatus.CONFLICT, 'This case already has an open referral to this organisation', { organizationId: 'already referred; see the open referral' });
  }
  static invalidTransition(from: ReferralStatus, to: ReferralStatus, allowed: ReferralStatus[]): ReferralsError {
    const hint = allowed.length ? `allowed now: ${allowed.join(', ')}` : 'no status change is open to you now';
    return new ReferralsError(ReferralsErrorCode.INVALID_TRANSITION, HttpStatus.CONFLICT, `A referral cannot move from ${from} to ${to}; ${hint}`, { status: hint }, { allowed });
  }
  static noteNotAllowed(status: ReferralStatus): ReferralsError {
    return new ReferralsError(ReferralsErrorCode.NOTE_NOT_ALLOWED, HttpStatus.FORBIDDEN, `You cannot add a note to this referral (${status}); the assignee, a supervisor or the organisation's staff can`, undefined, { status });
  }
  static invalid(errors: FieldErrors, message: string): ReferralsError {
    return new ReferralsError(ReferralsErrorCode.INVALID_REFERRAL, HttpStatus.UNPROCESSABLE_ENTITY, message, errors);
  }
}
