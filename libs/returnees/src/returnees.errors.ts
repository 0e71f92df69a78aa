import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@kaytuu/shared';

export enum ReturneeErrorCode {
  DUPLICATE_PIN = 'DUPLICATE_PIN',
  OFFICE_REQUIRED = 'OFFICE_REQUIRED',
  OFFICE_NOT_FOUND = 'OFFICE_NOT_FOUND',
  OFFICE_NOT_ALLOWED = 'OFFICE_NOT_ALLOWED',
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
}
