import { ValidateIf, ValidationError } from 'class-validator';
import { FieldErrors } from './domain-error';

// Flattens class-validator's tree into react-admin's `errors` map: { "episodes[0].country": "…" }.
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const key = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      // whitelist violations read better as one clear sentence
      const messages = Object.entries(error.constraints).map(([name, msg]) =>
        name === 'whitelistValidation' ? 'is not an allowed property' : msg.replace(new RegExp(`^${escapeRegExp(error.property)} `), ''),
      );
      out[key] = messages[0];
    }
    if (error.children && error.children.length > 0) {
      Object.assign(out, flattenValidationErrors(error.children, key));
    }
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Skips a property's other rules only when it is absent: for fields that may be left out (an update, an optional
// list) but are never null, so a null is refused with a 400 instead of reaching a NOT NULL column.
export const IfPresent = () => ValidateIf((_o: object, v: unknown) => v !== undefined);
