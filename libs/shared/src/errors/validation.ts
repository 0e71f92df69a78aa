import { ValidateIf, ValidationError } from 'class-validator';
import { CommonError, FieldErrors } from './domain-error';
import { constraintFieldCode, FieldCode, fieldCodeMaps } from './field-codes';

// Flattens class-validator's tree into react-admin's `errors` map: { "episodes[0].country": "…" }.
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  return Object.fromEntries(flatten(errors, prefix).map(([key, message]) => [key, message]));
}

// The 400 VALIDATION_FAILED for class-validator's tree: the English texts in `errors`, each field's code (by the
// constraint that failed, field-codes.ts) in `fieldCodes`.
export function validationFailed(errors: ValidationError[], prefix = '', message?: string): CommonError {
  const flat = flatten(errors, prefix);
  const err = CommonError.validation(Object.fromEntries(flat.map(([key, msg]) => [key, msg])), message);
  const maps = fieldCodeMaps(flat.map(([key, , code]) => [key, code]));
  return err.withFieldCodes(maps.fieldCodes, maps.fieldParams);
}

function flatten(errors: ValidationError[], prefix: string): Array<[string, string, FieldCode]> {
  const out: Array<[string, string, FieldCode]> = [];
  for (const error of errors) {
    const key = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const first = Object.entries(error.constraints ?? {})[0];
    if (first) {
      const [name, msg] = first;
      // whitelist violations read better as one clear sentence
      const text = name === 'whitelistValidation' ? 'is not an allowed property' : msg.replace(new RegExp(`^${escapeRegExp(error.property)} `), '');
      out.push([key, text, constraintFieldCode(name, text)]);
    }
    if (error.children && error.children.length > 0) out.push(...flatten(error.children, key));
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Skips a property's other rules only when it is absent: for fields that may be left out (an update, an optional
// list) but are never null, so a null is refused with a 400 instead of reaching a NOT NULL column.
export const IfPresent = () => ValidateIf((_o: object, v: unknown) => v !== undefined);
