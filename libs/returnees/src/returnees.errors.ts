import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors } from '@kaytuu/shared';

export const ReturneeErrorCode = errorCodes('DUPLICATE_PIN OFFICE_REQUIRED OFFICE_NOT_FOUND OFFICE_NOT_ALLOWED CONSENT_ALREADY_WITHDRAWN INVALID_CONSENT');
export type ReturneeErrorCode = CodeOf<typeof ReturneeErrorCode>;

export const ReturneeError = defineErrors('ReturneeError', ReturneeErrorCode, (fail) => ({
  // The existing record's code is named only when the caller may see that record, so a PIN probe leaks nothing else.
  duplicatePin: (existingCode: string | null) => {
    const message = existingCode
      ? `A returnee with this PIN is already registered as ${existingCode}`
      : 'A returnee with this PIN is already registered in another office';
    return fail('DUPLICATE_PIN', HttpStatus.CONFLICT, message, { pin: 'is already registered' }, existingCode ? { existingCode } : undefined);
  },
  officeRequired: () => fail('OFFICE_REQUIRED', HttpStatus.BAD_REQUEST, 'Choose the office the returnee is registered with', { officeId: 'is required' }),
  officeNotFound: () => fail('OFFICE_NOT_FOUND', HttpStatus.UNPROCESSABLE_ENTITY, 'The office does not exist', { officeId: 'does not exist' }),
  officeNotAllowed: () =>
    fail('OFFICE_NOT_ALLOWED', HttpStatus.FORBIDDEN, 'You may register and edit returnees of your own office only', { officeId: 'must be your own office' }),
  consentAlreadyWithdrawn: (withdrawnAt: Date) =>
    fail('CONSENT_ALREADY_WITHDRAWN', HttpStatus.CONFLICT, 'This consent has already been withdrawn', undefined, { withdrawnAt: withdrawnAt.toISOString() }),
  // Well-formed dates that do not fit together or lie in the future.
  invalidConsent: (errors: FieldErrors) => fail('INVALID_CONSENT', HttpStatus.UNPROCESSABLE_ENTITY, 'The consent dates are not valid', errors),
}));
export type ReturneeError = DomainError<ReturneeErrorCode>;
