import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min, registerDecorator } from 'class-validator';

// Money is a whole number of minor units (tyiyn, cents) in a safe integer: 1.5 (a fraction of a tyiyn), "100" (a
// string), 0 and negatives are refused with a 400 naming the field.
export const IsMinorAmount = () =>
  applyDecorators(
    IsInt({ message: 'must be a whole number of minor units (no fractions)' }),
    Min(1, { message: 'must be greater than 0' }),
    Max(Number.MAX_SAFE_INTEGER, { message: `must be at most ${Number.MAX_SAFE_INTEGER}` }),
  );

// A calendar day YYYY-MM-DD (constraint name isDateOnly → field code NOT_DATE).
export const IsDateOnly = () => (target: object, propertyName: string | symbol) =>
  registerDecorator({
    name: 'isDateOnly',
    target: target.constructor,
    propertyName: propertyName as string,
    options: { message: 'must be a date in the form YYYY-MM-DD' },
    validator: {
      validate: (v: unknown) => {
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '1900-01-01' && v <= '2100-12-31';
      },
    },
  });

// bigint columns arrive as strings; every stored amount fits a safe integer (the DTOs cap it)
export const minor = (v: string | null): number | null => (v === null ? null : Number(v));
