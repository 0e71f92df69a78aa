import { HttpStatus } from '@nestjs/common';
import { fieldCodeMaps, FieldCodes, FieldParams, GENERIC_ERROR_CODES, INVALID_FIELD, messageFieldCode } from './field-codes';

export type FieldErrors = Record<string, string>;

// Every context throws errors of a class of its own (defineErrors below) with its own string codes; the API's global
// filter (apps/api/src/http/error.filter.ts) turns them into the error envelope of README "API conventions".
// Each field error gets a machine code (field-codes.ts): the error's own code when it names one problem (EMAIL_TAKEN),
// else the code of its text ('is required' → REQUIRED), else INVALID; withFieldCodes sets them explicitly.
export class DomainError<C extends string = string> extends Error {
  fieldCodes?: FieldCodes;
  fieldParams?: FieldParams;

  constructor(
    readonly code: C,
    readonly status: HttpStatus,
    message: string,
    readonly errors?: FieldErrors,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
    if (errors) {
      const generic = GENERIC_ERROR_CODES.has(code);
      const maps = fieldCodeMaps(
        Object.entries(errors).map(([field, text]) => [field, generic ? (messageFieldCode(text) ?? { code: INVALID_FIELD }) : { code }]),
      );
      this.withFieldCodes(maps.fieldCodes, maps.fieldParams);
    }
  }

  // Replaces the codes (and params) of the fields named; the others keep theirs.
  withFieldCodes(codes: FieldCodes, params: FieldParams = {}): this {
    this.fieldCodes = { ...this.fieldCodes, ...codes };
    const kept = Object.fromEntries(Object.entries(this.fieldParams ?? {}).filter(([f]) => !(f in codes)));
    const merged = { ...kept, ...params };
    this.fieldParams = Object.keys(merged).length ? merged : undefined;
    return this;
  }
}

// A context's codes, each written once, as one space-separated list: errorCodes('A B') is { A: 'A', B: 'B' }, typed
// with each code as its own literal. Export it as `<Context>ErrorCode` (the console's i18n test finds every such export
// and checks each code is translated) beside `type <Context>ErrorCode = CodeOf<typeof <Context>ErrorCode>`.
type Words<S extends string> = S extends `${infer Head} ${infer Rest}` ? Head | Words<Rest> : S;
export function errorCodes<const S extends string>(list: S): { readonly [K in Words<S>]: K } {
  const codes = list.split(' ');
  const bad = codes.find((c) => !/^[A-Z][A-Z0-9_]*$/.test(c));
  if (bad !== undefined) throw new Error(`errorCodes: "${bad}" is not an UPPER_SNAKE code (codes are separated by single spaces)`);
  return Object.freeze(Object.fromEntries(codes.map((c) => [c, c]))) as { readonly [K in Words<S>]: K };
}
export type CodeOf<T extends Record<string, string>> = T[keyof T];

// What a context's factories build their errors with: one of its codes, the HTTP status, the message, and optionally
// field errors and extra envelope members.
export type ErrorFactory<C extends string> = (
  code: C,
  status: HttpStatus,
  message: string,
  errors?: FieldErrors,
  extra?: Record<string, unknown>,
) => DomainError<C>;
type ErrorClass<C extends string> = new (...args: Parameters<ErrorFactory<C>>) => DomainError<C>;

// A context's error class (named `name`, so `instanceof` and logs tell contexts apart) with its factories as statics:
//   export const CasesError = defineErrors('CasesError', CasesErrorCode, (fail) => ({
//     closed: () => fail('CASE_CLOSED', HttpStatus.CONFLICT, 'The case is closed; …'),
//   }));
//   export type CasesError = DomainError<CasesErrorCode>;
export function defineErrors<C extends string, F extends Record<string, (...args: never[]) => DomainError<C>>>(
  name: string,
  // only types the factories: each builds errors with the context's own codes and no other
  codes: { readonly [K in C]: K },
  factories: (fail: ErrorFactory<C>) => F,
): ErrorClass<C> & F {
  const ContextError = class extends DomainError<C> {};
  Object.defineProperty(ContextError, 'name', { value: name });
  return Object.assign(
    ContextError,
    factories((...args) => new ContextError(...args)),
  );
}

// How both workflows (cases, referrals) refuse a status move: 409 INVALID_TRANSITION naming the moves open to the
// caller now, on the `status` field and as `allowed`.
export function transitionRefused<C extends string>(
  fail: ErrorFactory<C | 'INVALID_TRANSITION'>,
  subject: string,
  from: string,
  to: string,
  allowed: string[],
): DomainError<C | 'INVALID_TRANSITION'> {
  const hint = allowed.length ? `allowed now: ${allowed.join(', ')}` : 'no status change is open to you now';
  return fail('INVALID_TRANSITION', HttpStatus.CONFLICT, `${subject} cannot move from ${from} to ${to}; ${hint}`, { status: hint }, { allowed });
}

export const CommonErrorCode = errorCodes(
  'VALIDATION_FAILED MALFORMED_JSON PAYLOAD_TOO_LARGE UNAUTHENTICATED FORBIDDEN NOT_FOUND STALE_VERSION CONFLICT THROTTLED UNPROCESSABLE INTERNAL',
);
export type CommonErrorCode = CodeOf<typeof CommonErrorCode>;

export const CommonError = defineErrors('CommonError', CommonErrorCode, (fail) => ({
  validation: (errors: FieldErrors, message = 'Validation failed') => fail('VALIDATION_FAILED', HttpStatus.BAD_REQUEST, message, errors),
  notFound: (entity: string) => fail('NOT_FOUND', HttpStatus.NOT_FOUND, `${entity} not found`),
  forbidden: (message = 'Your role does not allow this action') => fail('FORBIDDEN', HttpStatus.FORBIDDEN, message),
  staleVersion: (entity: string, current: number) =>
    fail(
      'STALE_VERSION',
      HttpStatus.CONFLICT,
      `${entity} was changed by someone else; reload it and try again`,
      { version: `current version is ${current}` },
      { currentVersion: current },
    ),
  unprocessable: (errors: FieldErrors, message: string) => fail('UNPROCESSABLE', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
}));
export type CommonError = DomainError<CommonErrorCode>;
