import { KG } from './reference';

const BISHKEK_OFFSET_MS = 6 * 3600_000; // UTC+6 all year (no daylight saving)
const DAY_MS = 86_400_000;
const FIXED_HOLIDAYS = new Set<string>(KG.fixedPublicHolidays);

// A working day in Bishkek: Monday to Friday and not one of the fixed public holidays (MM-DD) of the reference data.
// The movable ones (Orozo Ait, Kurman Ait) are set each year by decree; pass them as extra dates (YYYY-MM-DD).
export function isWorkingDay(at: Date, extraHolidays: ReadonlySet<string> = new Set()): boolean {
  const local = new Date(at.getTime() + BISHKEK_OFFSET_MS);
  const dow = local.getUTCDay();
  if (dow === 0 || dow === 6) return false;
  const iso = local.toISOString().slice(0, 10);
  return !FIXED_HOLIDAYS.has(iso.slice(5)) && !extraHolidays.has(iso);
}

// The same time of day `days` working days later: sent on Friday at 15:00 with 5 days → the next Friday at 15:00;
// holidays and weekends in between do not count.
export function addWorkingDays(from: Date, days: number, extraHolidays?: ReadonlySet<string>): Date {
  let at = from.getTime();
  for (let counted = 0; counted < days;) {
    at += DAY_MS;
    if (isWorkingDay(new Date(at), extraHolidays)) counted++;
  }
  return new Date(at);
}
