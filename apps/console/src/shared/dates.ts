// Kept free of React so non-UI code (error messages, tests) can format dates the same way the fields do.
export const TIME_ZONE = 'Asia/Bishkek';

// Intl locale for dates and numbers in the current UI language. Browsers' ICU often lacks `ky` date
// patterns (Chromium falls back to US month/day order), and dates here are numeric, so Kyrgyz uses
// the Kyrgyzstan convention of ru-KG: 26.11.2026, 14:05.
export const intlLocale = (locale: string): string => ({ ky: 'ru-KG', ru: 'ru-RU', en: 'en-GB' })[locale] ?? 'ru-RU';

// Numeric dates in every UI language: Kyrgyz writes them as Kyrgyzstan does (ru-KG: 26.11.2026, 14:05); CLDR's
// own numeric `ky` pattern is year-day-month ("2026-26-11"), which nobody here reads.
export const formatDay = (value: string | null | undefined, locale: string): string =>
  value ? new Date(`${value.slice(0, 10)}T00:00:00Z`).toLocaleDateString(intlLocale(locale), { timeZone: 'UTC' }) : '';

export const formatDateTime = (value: string | null | undefined, locale: string): string =>
  value
    ? new Date(value).toLocaleString(intlLocale(locale), {
        timeZone: TIME_ZONE,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '';

// Names of months and weekdays come from Intl in the UI language itself (not ru-KG). Chromium ships its ICU
// without Kyrgyz: `Intl.DateTimeFormat('ky')` quietly resolves to the browser's own language and prints
// "янв. 2026 г.". Where the engine lacks the language, the catalogue's app.calendar.* (CLDR's names and
// pattern, checked against Node's full ICU in test/console/dates.spec.ts) says the same thing.
export type CalendarTranslate = (key: string, options?: Record<string, unknown>) => string;

export const intlHasDateNames = (locale: string): boolean => Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;

// "2026-03" → "мар. 2026 г." (ru), "2026-ж. мар." (ky), "Mar 2026" (en)
export function formatMonth(month: string, locale: string, translate: CalendarTranslate, icu = intlHasDateNames(locale)): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m || m > 12) return month;
  if (icu) return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
  return translate('app.calendar.month_year', { month: translate(`app.calendar.months_short.${m}`), year: y });
}

// A report period: "2026-03" as formatMonth, "2026-Q1" → "1 кв. 2026 г." (ru), "2026-ж. 1-чейрек" (ky), "Q1 2026" (en)
export function formatPeriod(period: string, locale: string, translate: CalendarTranslate): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return translate('app.calendar.quarter', { year: quarter[1], n: quarter[2] });
  return formatMonth(period, locale, translate);
}

// "2026-12-14" (or a moment, taken as its Bishkek day) → "понедельник" (ru), "дүйшөмбү" (ky), "Monday" (en)
export function formatWeekday(value: string, locale: string, translate: CalendarTranslate, icu = intlHasDateNames(locale)): string {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(at.getTime())) return '';
  const timeZone = /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : TIME_ZONE;
  if (icu) return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone }).format(at);
  // ISO weekday 1 (Monday) … 7 (Sunday) of that day in Bishkek
  const day = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(at);
  const iso = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(day) + 1;
  return translate(`app.calendar.weekdays.${iso}`);
}
