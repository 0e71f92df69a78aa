import { HttpStatus } from '@nestjs/common';
import { DomainError, FieldErrors } from '@kaytuu/shared';

export enum ReturneeErrorCode {
  DUPLICATE_PIN = 'DUPLICATE_PIN',
  OFFICE_REQUIRED = 'OFFICE_REQUIRED',
  OFFICE_NOT_FOUND = 'OFFICE_NOT_FOUND',
  OFFICE_NOT_ALLOWED = 'OFFICE_NOT_ALLOWED',
  CONSENT_ALREADY_WITHDRAWN = 'CONSENT_ALREADY_WITHDRAWN',
  INVALID_CONSENT = 'INVALID_CONSENT',
}

export class ReturneeError extends DomainError<ReturneeErrorCode> {
  // The existing record's code is named only when the caller may see that record, so a PIN probe leaks nothing else.
  static duplicatePin(existingCode: string | null): ReturneeError {
    const message = existingCode
      ? `A returnee with this PIN is already registered as ${existingCode}`
      : 'A returnee with this PIN is already registered in another office';
    return new ReturneeError(ReturneeErrorCode.DUPLICATE_PIN, HttpStatus.CONFLICT, message, { pin: 'is already registered' }, existingCode ? { existingCode } : undefined);
  }
  static officeRequired(): ReturneeError {
    return new ReturneeError(ReturneeErrorCode.OFFICE_REQUIRED, HttpStatus.BAD_REQUEST, 'Choose the office the returnee is registered with', { officeId: 'is required' });
  }
  static officeNotFound(): ReturneeError {
    return new ReturneeError(ReturneeErrorCode.OFFICE_NOT_FOUND, HttpStatus.UNPROCESSABLE_ENTITY, 'The office does not exist', { officeId: 'does not exist' });
  }
  static officeNotAllowed(): ReturneeError {
    return new ReturneeError(ReturneeErrorCode.OFFICE_NOT_ALLOWED, HttpStatus.FORBIDDEN, 'You may register and edit returnees of your own office only', { officeId: 'must be your own office' });
  }
  static consentAlreadyWithdrawn(withdrawnAt: Date): ReturneeError {
    return new ReturneeError(ReturneeErrorCode.CONSENT_ALREADY_WITHDRAWN, HttpStatus.CONFLICT, 'This consent has already been withdrawn', undefined, { withdrawnAt: withdrawnAt.toISOString() });
  }
  // Well-formed dates that do not fit together or lie in the future.
  static invalidConsent(errors: FieldErrors): ReturneeError {
    return new ReturneeError(ReturneeErrorCode.INVALID_CONSENT, HttpStatus.UNPROCESSABLE_ENTITY, 'The consent dates are not valid', errors);
  }
}
