import { HttpStatus } from '@nestjs/common';

export type FieldErrors = Record<string, string>;

// Every context throws a subclass with its own string codes; the API's global filter (apps/api/src/http/error.filter.ts)
// turns it into the error envelope of README "API conventions".
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    readonly status: HttpStatus,
    message: string,
    readonly errors?: FieldErrors,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export enum CommonErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_JSON = 'MALFORMED_JSON',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  STALE_VERSION = 'STALE_VERSION',
  CONFLICT = 'CONFLICT',
  THROTTLED = 'THROTTLED',
  UNPROCESSABLE = 'UNPROCESSABLE',
  INTERNAL = 'INTERNAL',
}

export class CommonError extends DomainError<CommonErrorCode> {
  static validation(errors: FieldErrors, message = 'Validation failed'): CommonError {
    return new CommonError(CommonErrorCode.VALIDATION_FAILED, HttpStatus.BAD_REQUEST, message, errors);
  }
  static notFound(entity: string): CommonError {
    return new CommonError(CommonErrorCode.NOT_FOUND, HttpStatus.NOT_FOUND, `${entity} not found`);
  }
  static forbidden(message = 'Your role does not allow this action'): CommonError {
    return new CommonError(CommonErrorCode.FORBIDDEN, HttpStatus.FORBIDDEN, message);
  }
  static staleVersion(entity: string, current: number): CommonError {
    return new CommonError(
      CommonErrorCode.STALE_VERSION,
      HttpStatus.CONFLICT,
      `${entity} was changed by someone else; reload it and try again`,
      { version: `current version is ${current}` },
      { currentVersion: current },
    );
  }
  static unprocessable(errors: FieldErrors, message: string): CommonError {
    return new CommonError(CommonErrorCode.UNPROCESSABLE, HttpStatus.UNPROCESSABLE_ENTITY, message, errors);
  }
}
