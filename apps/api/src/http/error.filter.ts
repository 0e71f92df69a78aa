import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { CommonErrorCode, DomainError, FieldCodes, FieldErrors, FieldParams } from '@kaytuu/shared';

type Envelope = {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  errors?: FieldErrors;
  fieldCodes?: FieldCodes;
  fieldParams?: FieldParams;
} & Record<string, unknown>;
type Res = { status(code: number): Res; json(body: unknown): void; headersSent?: boolean };

const CODE_BY_STATUS: Record<number, string> = {
  400: CommonErrorCode.VALIDATION_FAILED,
  401: CommonErrorCode.UNAUTHENTICATED,
  403: CommonErrorCode.FORBIDDEN,
  404: CommonErrorCode.NOT_FOUND,
  409: CommonErrorCode.CONFLICT,
  413: CommonErrorCode.PAYLOAD_TOO_LARGE,
  422: CommonErrorCode.UNPROCESSABLE,
  429: CommonErrorCode.THROTTLED,
};

// The one place that turns any error into the error envelope (`{statusCode, error, code, message, errors?, fieldCodes?,
// fieldParams?}`, README "API conventions"): `errors` holds English texts per field, `fieldCodes` a stable code per
// field (libs/shared/src/errors/field-codes.ts) for clients to translate, `fieldParams` the numbers some codes name.
// Unknown errors become a logged 500 with a generic message.
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Res>();
    const body = this.toEnvelope(exception);
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  private toEnvelope(ex: unknown): Envelope {
    if (ex instanceof DomainError) {
      return {
        ...(ex.extra ?? {}),
        statusCode: ex.status,
        error: STATUS_CODES[ex.status] ?? 'Error',
        code: ex.code,
        message: ex.message,
        ...(ex.errors ? { errors: ex.errors, fieldCodes: ex.fieldCodes ?? {} } : {}),
        ...(ex.errors && ex.fieldParams ? { fieldParams: ex.fieldParams } : {}),
      };
    }
    // body-parser errors (malformed JSON, body too large) arrive wrapped by the Express adapter, or raw
    const bp = ((ex instanceof HttpException && ex.cause) || ex) as { type?: string; status?: number; statusCode?: number };
    if (bp && typeof bp === 'object' && bp.type === 'entity.parse.failed') {
      return { statusCode: 400, error: 'Bad Request', code: CommonErrorCode.MALFORMED_JSON, message: 'The request body is not valid JSON' };
    }
    if (bp && typeof bp === 'object' && bp.type === 'entity.too.large') {
      return { statusCode: 413, error: 'Payload Too Large', code: CommonErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is too large' };
    }
    if (ex instanceof HttpException) {
      const status = ex.getStatus();
      const response = ex.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? ex.message);
      return {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        code: CODE_BY_STATUS[status] ?? (status >= 500 ? CommonErrorCode.INTERNAL : 'HTTP_ERROR'),
        message:
          status === 429
            ? 'Too many requests; wait and try again later (see the Retry-After headers)'
            : Array.isArray(message)
              ? message.join('; ')
              : String(message),
      };
    }
    if (bp && typeof bp === 'object' && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500) {
      return {
        statusCode: bp.status,
        error: STATUS_CODES[bp.status] ?? 'Error',
        code: CODE_BY_STATUS[bp.status] ?? 'HTTP_ERROR',
        message: STATUS_CODES[bp.status] ?? 'Bad request',
      };
    }
    this.logger.error(ex instanceof Error ? (ex.stack ?? ex.message) : String(ex));
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      code: CommonErrorCode.INTERNAL,
      message: 'Something went wrong on our side; the error has been logged',
    };
  }
}
