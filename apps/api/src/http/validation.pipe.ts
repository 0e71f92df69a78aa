import { ValidationPipe } from '@nestjs/common';
import { CommonError, flattenValidationErrors } from '@kaytuu/shared';

// Unknown properties are rejected (not silently dropped), and errors come back as a field → message map.
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonError.validation(flattenValidationErrors(errors)),
  });
}
