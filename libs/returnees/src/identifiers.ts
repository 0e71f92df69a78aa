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
export function todayInBishkek(now: Date | number = Date.now()): string {
  const t = (typeof now === 'number' ? now : now.getTime()) + BISHKEK_OFFSET_MS;
  // the validators ask for it several times per record (100,000 records in an import): the day's text is kept
  // until the clock leaves that day
  if (t >= today.from && t < today.until) return today.text;
  const from = Math.floor(t / DAY_MS) * DAY_MS;
  const text = new Date(from).toISOString().slice(0, 10);
  if (Number.isFinite(from)) today = { from, until: from + DAY_MS, text };
  return text;
}

const DAY_MS = 24 * 60 * 60 * 1000;
let today = { from: 0, until: 0, text: '' };

// YYYY-MM-DD naming a day of the (proleptic Gregorian) calendar, as Date would round-trip it; without building a
// Date, because an import checks several dates on each of 100,000 lines.
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

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
