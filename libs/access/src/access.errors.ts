import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors } from '@kaytuu/shared';

export const AccessErrorCode = errorCodes(
  'INVALID_CREDENTIALS ACCOUNT_LOCKED INVALID_REFRESH_TOKEN REFRESH_TOKEN_REUSED UNAUTHENTICATED EMAIL_TAKEN INVALID_SCOPE',
);
export type AccessErrorCode = CodeOf<typeof AccessErrorCode>;

export const AccessError = defineErrors('AccessError', AccessErrorCode, (fail) => ({
  unauthenticated: (message = 'Sign in to continue') => fail('UNAUTHENTICATED', HttpStatus.UNAUTHORIZED, message),
  invalidCredentials: () => fail('INVALID_CREDENTIALS', HttpStatus.UNAUTHORIZED, 'Wrong email or password'),
  locked: (until: Date) =>
    fail('ACCOUNT_LOCKED', HttpStatus.UNAUTHORIZED, 'Too many failed sign-in attempts; the account is locked for a while', undefined, {
      lockedUntil: until.toISOString(),
    }),
  invalidRefresh: () => fail('INVALID_REFRESH_TOKEN', HttpStatus.UNAUTHORIZED, 'Session expired; sign in again'),
  refreshReused: () => fail('REFRESH_TOKEN_REUSED', HttpStatus.UNAUTHORIZED, 'This session was used elsewhere and has been ended; sign in again'),
  emailTaken: () => fail('EMAIL_TAKEN', HttpStatus.CONFLICT, 'A user with this email already exists', { email: 'is already in use' }),
  invalidScope: (errors: FieldErrors) => fail('INVALID_SCOPE', HttpStatus.UNPROCESSABLE_ENTITY, 'The role does not match the office or organisation', errors),
}));
export type AccessError = DomainError<AccessErrorCode>;
