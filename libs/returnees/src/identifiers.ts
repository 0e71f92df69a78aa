// Pure helpers for the identifiers and dates of a returnee record. No I/O; the clock is passed in.

// Kyrgyz PIN: 14 digits, the first 1 (female) or 2 (male), then the birth date as DDMMYYYY, then a serial.
export const PIN_RE = /^[12]\d{13}$/;
export const E164_KG_RE = /^\+996\d{9}$/;

// Accepts "+996 555 123 456", "+996555123456", "996555123456" and the local "0555 123 456"; spaces, dashes, dots and
// brackets are ignored. Anything else (a Russian +7 number, too few digits) is not a Kyrgyz phone: null.
export function normalisePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\-().]/g, '');
  const m = /^(?:\+996|996|0)(\d{9})$/.exec(compact);
  return m ? `+996${m[1]}` : null;
}

// Search is more forgiving: the nine national digits on their own also identify a phone.
export function phoneFromQuery(q: string): string | null {
  const compact = q.trim().replace(/[\s\-().]/g, '');
  if (/^\d{9}$/.test(compact)) return `+996${compact}`;
  return normalisePhone(q);
}

export function pinFromQuery(q: string): string | null {
  const compact = q.trim().replace(/[\s-]/g, '');
  return PIN_RE.test(compact) ? compact : null;
}

const BISHKEK_OFFSET_MS = 6 * 60 * 60 * 1000; // UTC+6 all year (no DST since 2005)

// "Today" for dates on the record is the calendar day in Bishkek, not in UTC.
export function todayInBishkek(now: Date = new Date()): string {
  return new Date(now.getTime() + BISHKEK_OFFSET_MS).toISOString().slice(0, 10);
}

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

// Whole years between a birth date and a day (both YYYY-MM-DD).
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = day.split('-').map(Number);
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

// The date `years` years before a day; 29 February falls back to 28 February in a common year.
export function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const year = y - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const dd = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}
