import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { ageOn, isCalendarDate, normalisePhone, todayInBishkek } from '../identifiers';

// Custom class-validator rules for returnee input. Each checks one thing and passes values another rule rejects
// (e.g. a malformed date is reported by IsDateOnly alone), so every field gets one clear message.

type Rule = (value: unknown, args: ValidationArguments) => boolean;
function rule(name: string, message: string, validate: Rule, opts?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({ name, target: target.constructor, propertyName: propertyName as string, options: { message, ...opts }, validator: { validate } });
  };
}

export const IsDateOnly = (opts?: ValidationOptions) =>
  rule('isDateOnly', 'must be a date in the form YYYY-MM-DD', (v) => typeof v === 'string' && isCalendarDate(v), opts);

export const NotInFuture = (opts?: ValidationOptions) =>
  rule('notInFuture', 'must not be in the future', (v) => typeof v !== 'string' || !isCalendarDate(v) || v <= todayInBishkek(), opts);

export const MIN_AGE = 14;
export const MAX_AGE = 100;
export const PlausibleBirthDate = () =>
  rule('plausibleBirthDate', `must give an age between ${MIN_AGE} and ${MAX_AGE}`, (v) => {
    if (typeof v !== 'string' || !isCalendarDate(v)) return true;
    const today = todayInBishkek();
    if (v > today) return true;
    const age = ageOn(v, today);
    return age >= MIN_AGE && age <= MAX_AGE;
  });

// The field's date must not be before the date in `other` (e.g. returnedOn ≥ departedOn).
export const OnOrAfter = (other: string, label = other) =>
  rule('onOrAfter', `must not be before ${label}`, (v, args) => {
    const o = (args.object as Record<string, unknown>)[other];
    if (typeof v !== 'string' || typeof o !== 'string' || !isCalendarDate(v) || !isCalendarDate(o)) return true;
    return v >= o;
  });

// ISO 8601 timestamp (or date) not later than now; a few minutes of clock skew between devices is tolerated.
const SKEW_MS = 5 * 60 * 1000;
export const IsPastTimestamp = () =>
  rule('isPastTimestamp', 'must be an ISO 8601 date or time, not in the future', (v) => {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return false;
    if (!isCalendarDate(v.slice(0, 10))) return false;
    const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
    return !Number.isNaN(t) && t <= Date.now() + SKEW_MS;
  });

// A full ISO 8601 date-time with its zone (Z or ±hh:mm), so the instant never depends on the server's time zone.
// Whether it may lie in the future is a rule of the use-case (checked against the Clock), not of the format.
const ZONED_TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
export const IsZonedTimestamp = () =>
  rule(
    'isZonedTimestamp',
    'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z',
    (v) => typeof v === 'string' && ZONED_TIMESTAMP_RE.test(v) && isCalendarDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)),
  );

export const IsKgPhone = () =>
  rule('isKgPhone', 'must be a Kyrgyz phone number: +996 and 9 digits, or 0XXX XXX XXX', (v) => typeof v === 'string' && /^\+996\d{9}$/.test(v));

export const UniqueItems = () => rule('uniqueItems', 'must not repeat values', (v) => !Array.isArray(v) || new Set(v).size === v.length);

export const NotHome = () => rule('notHome', 'must be the foreign country of the migration, not KG', (v) => v !== 'KG');

// Input clean-up that runs before validation; non-strings pass through untouched so type checks still fail.
// One transform per field: class-transformer gives no useful ordering guarantee when several are stacked.
const squash = (s: string) => s.trim().replace(/\s+/g, ' ');
const transformString = (fn: (s: string) => unknown) => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? fn(value) : value));
export const Trim = () => transformString(squash);
// An empty optional text field from a form means "no value".
export const TrimToNull = () => transformString((s) => (squash(s) === '' ? null : squash(s)));
export const NormalisePhone = () => transformString((s) => (s.trim() === '' ? null : (normalisePhone(s) ?? s)));
export const CompactDigits = () => transformString((s) => (s.trim() === '' ? null : s.replace(/[\s-]/g, '')));
export const TrimEach = () =>
  Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((x) => (typeof x === 'string' ? squash(x) : x)) : value));
