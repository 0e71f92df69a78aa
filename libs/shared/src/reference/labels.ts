import catalogue from './label-catalogue.json';
import { Locale, LOCALES } from './reference';

// The one server-side catalogue of words for files people read (report exports): code → label per locale. Its enums
// groups carry the same keys as the console's `enums` (labels.spec.ts checks), so a file and the screen say the same.
type Catalogue = (typeof catalogue)['ru'];
export type LabelGroup = keyof Catalogue['enums'];
export type ReportWords = Catalogue['report'];
export type ImportWords = Catalogue['imports'];

const BY_LOCALE = catalogue as unknown as Record<Locale, Catalogue>;

// A user's locale as stored, or Russian when it is missing or unknown.
export const localeOrDefault = (value: string | null | undefined): Locale => ((LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : 'ru');

export const reportWords = (locale: Locale): ReportWords => BY_LOCALE[locale].report;
export const importWords = (locale: Locale): ImportWords => BY_LOCALE[locale].imports;

// A field code (libs/shared/src/errors/field-codes.ts) in words, with its params filled in, as the console says it
// (app.field_error.<CODE>); a code the catalogue does not know reads as INVALID ("check this value").
export function fieldErrorText(locale: Locale, code: string, params: Record<string, string | number> = {}): string {
  const texts = BY_LOCALE[locale].field_error as Record<string, string>;
  return fillIn(Object.hasOwn(texts, code) ? texts[code] : texts.INVALID, params);
}

// Whether the catalogue words a field code.
export const knowsFieldCode = (code: string): boolean => Object.hasOwn(BY_LOCALE.ru.field_error, code);

const regionNames = new Map<Locale, Intl.DisplayNames>();

// A country code in words: the console's own name first (it is what the screen shows), then ICU's (Node carries full
// ICU, Kyrgyz included), else the code itself.
export function countryLabel(locale: Locale, code: string): string {
  const own = (BY_LOCALE[locale].enums.country as Record<string, string>)[code];
  if (own) return own;
  if (!/^[A-Z]{2}$/.test(code)) return code;
  let names = regionNames.get(locale);
  if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' })));
  return names.of(code) ?? code;
}

// A code in words; the code itself when the catalogue does not know it (a value added since, or free text).
export function labelOf(locale: Locale, group: LabelGroup, code: string): string {
  if (group === 'country') return countryLabel(locale, code);
  return (BY_LOCALE[locale].enums[group] as Record<string, string>)[code] ?? code;
}

// A report period in words: "2026-Q1" → "1 кв. 2026 г." (ru), "2026-ж. 1-чейрек" (ky), "Q1 2026" (en), as the console's
// app.calendar.quarter says it on screen; anything else (a month "2026-03") as it is.
export function periodLabel(locale: Locale, period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  return m ? fillIn(BY_LOCALE[locale].report.quarter_period, { year: m[1], n: m[2] }) : period;
}

// A catalogue text with its {name} placeholders filled in; a placeholder without a value stays as it is.
export function fillIn(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

// Kyrgyzstan has no daylight saving: Bishkek is UTC+6 all year.
const BISHKEK_OFFSET_MS = 6 * 3600 * 1000;

// A moment as Bishkek wall-clock time with the offset said: "2026-12-07 10:15 (UTC+06:00)".
export function bishkekTime(at: Date | string): string {
  const local = new Date(new Date(at).getTime() + BISHKEK_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} (UTC+06:00)`;
}
