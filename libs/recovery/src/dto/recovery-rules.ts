import { registerDecorator, ValidationOptions } from 'class-validator';
import { bishkekDay } from '../checklist';

// The calendar rules of a recovery item's dates, under the constraint names the field codes know (isDateOnly →
// NOT_DATE, notInFuture → IN_FUTURE); "today" is the day in Bishkek.
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value >= '1900-01-01' && value <= '2100-12-31';
}

function rule(name: string, message: string, validate: (v: unknown) => boolean, opts?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({ name, target: target.constructor, propertyName: propertyName as string, options: { message, ...opts }, validator: { validate } });
  };
}

export const IsDateOnly = () => rule('isDateOnly', 'must be a date in the form YYYY-MM-DD', (v) => typeof v === 'string' && isCalendarDate(v));
export const NotInFuture = () =>
  rule('notInFuture', 'must not be in the future', (v) => typeof v !== 'string' || !isCalendarDate(v) || v <= bishkekDay(new Date()));
