import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@kaytuu/shared';

export enum AccessErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_SCOPE = 'INVALID_SCOPE',
}

export class AccessError extends DomainError<AccessErrorCode> {
  static unauthenticated(message = 'Sign in to continue'): AccessError {
    return new AccessError(AccessErrorCode.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED, message);
  }
  static invalidCredentials(): AccessError {
    return new AccessError(AccessErrorCode.INVALID_CREDENTIALS, HttpStatus.UNAUTHORIZED, 'Wrong email or password');
  }
  static locked(until: Date): AccessError {
    return new AccessError(AccessErrorCode.ACCOUNT_LOCKED, HttpStatus.UNAUTHORIZED, 'Too many failed sign-in attempts; the account is locked for a while', undefined, {
      lockedUntil: until.toISOString(),
    });
  }
  static invalidRefresh(): AccessError {
    return new AccessError(AccessErrorCode.INVALID_REFRESH_TOKEN, HttpStatus.UNAUTHORIZED, 'Session expired; sign in again');
  }
  static refreshReused(): AccessError {
    return new AccessError(AccessErrorCode.REFRESH_TOKEN_REUSED, HttpStatus.UNAUTHORIZED, 'This session was used elsewhere and has been ended; sign in again');
  }
  static emailTaken(): AccessError {
    return new AccessError(AccessErrorCode.EMAIL_TAKEN, HttpStatus.CONFLICT, 'A user with this email already exists', { email: 'is already in use' });
  }
  static invalidScope(errors: Record<string, string>): AccessError {
    return new AccessError(AccessErrorCode.INVALID_SCOPE, HttpStatus.UNPROCESSABLE_ENTITY, 'The role does not match the office or organisation', errors);
  }
}
