import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import catalogue from './label-catalogue.json';
import { FIELD_CODES } from '../errors/field-codes';
import { bishkekTime, countryLabel, fieldErrorText, fillIn, knowsFieldCode, labelOf, localeOrDefault, periodLabel } from './labels';
import { LOCALES } from './reference';

const consoleMessages = (locale: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../../../apps/console/src/i18n', `${locale}.json`), 'utf8')) as {
    enums: Record<string, Record<string, string>>;
    app: { reports: Record<string, unknown>; calendar: { quarter: string }; field_error: Record<string, string> };
  };
const keys = (o: object) => Object.keys(o).sort();

// The exports' words and the console's must not drift apart: same groups, same codes, in every locale.
describe('server label catalogue', () => {
  it.each(LOCALES)('should have the same codes as the console enums for every group it carries in %s', (locale) => {
    const mine = catalogue[locale].enums as Record<string, Record<string, string>>;
    const theirs = consoleMessages(locale).enums;
    for (const group of Object.keys(mine)) {
      expect([group, keys(mine[group])]).toEqual([group, keys(theirs[group] ?? {})]);
      for (const v of Object.values(mine[group])) expect(v.trim()).not.toBe('');
    }
  });

  it.each(LOCALES)('should name every report, breakdown and measure the console names in %s', (locale) => {
    const mine = catalogue[locale].report as unknown as Record<string, Record<string, string>>;
    const theirs = consoleMessages(locale).app.reports as Record<string, Record<string, string>>;
    for (const part of ['names', 'dimensions', 'measures']) expect([part, keys(mine[part])]).toEqual([part, keys(theirs[part])]);
  });

  // the console's texts say %{name} (polyglot), the catalogue's {name}
  it.each(LOCALES)('should write a quarter in the words the console uses in %s', (locale) => {
    expect(catalogue[locale].report.quarter_period).toBe(consoleMessages(locale).app.calendar.quarter.replace(/%\{(\w+)\}/g, '{$1}'));
  });

  it.each(LOCALES)('should say every field error in the words the console uses in %s', (locale) => {
    const theirs = Object.fromEntries(Object.entries(consoleMessages(locale).app.field_error).map(([k, v]) => [k, v.replace(/%\{(\w+)\}/g, '{$1}')]));
    expect(catalogue[locale].field_error).toEqual(theirs);
    for (const code of FIELD_CODES) expect([code, knowsFieldCode(code)]).toEqual([code, true]);
  });

  it('should word a field code with its params, and an unknown code as INVALID', () => {
    expect(fieldErrorText('ru', 'TOO_LONG', { max: 100 })).toBe('Слишком длинно: максимальная длина — 100.');
    expect(fieldErrorText('ky', 'REQUIRED')).toBe(catalogue.ky.field_error.REQUIRED);
    expect(fieldErrorText('en', 'AGE_OUT_OF_RANGE', { min: 14, max: 100 })).toBe('The age must be between 14 and 100.');
    expect(fieldErrorText('ru', 'NO_SUCH_CODE')).toBe('Проверьте это значение.');
    expect(knowsFieldCode('__proto__')).toBe(false);
  });

  it('should name a quarter per locale and keep any other period as it is', () => {
    expect(periodLabel('ru', '2026-Q1')).toBe('1 кв. 2026 г.');
    expect(periodLabel('ky', '2026-Q4')).toBe('2026-ж. 4-чейрек');
    expect(periodLabel('en', '2026-Q2')).toBe('Q2 2026');
    expect(periodLabel('ru', '2026-03')).toBe('2026-03');
    expect(periodLabel('ru', '2026-Q5')).toBe('2026-Q5');
    expect(fillIn('{a} и {b}', { a: 1 })).toBe('1 и {b}');
  });

  it('should have the same report and import words in every locale', () => {
    for (const part of ['report', 'imports', 'field_error'] as const) {
      expect(keys(catalogue.ky[part])).toEqual(keys(catalogue.ru[part]));
      expect(keys(catalogue.en[part])).toEqual(keys(catalogue.ru[part]));
    }
  });

  it('should label codes per locale and keep an unknown code as it is', () => {
    expect(labelOf('ky', 'sex', 'female')).toBe('Аял');
    expect(labelOf('ru', 'sex', 'female')).toBe('Женский');
    expect(labelOf('ru', 'oblast', 'osh')).toBe('Ошская область');
    expect(labelOf('ru', 'case_status', 'no_such_status')).toBe('no_such_status');
  });

  it('should name a country the console does not list through ICU, in Kyrgyz too', () => {
    expect(countryLabel('ru', 'AE')).toBe('ОАЭ');
    expect(countryLabel('ky', 'MN')).toBe('Монголия');
    expect(countryLabel('en', 'MN')).toBe('Mongolia');
    expect(countryLabel('ru', 'unknown')).toBe('unknown');
  });

  it('should fall back to Russian for a missing or unknown locale', () => {
    expect(localeOrDefault('ky')).toBe('ky');
    expect(localeOrDefault('uz')).toBe('ru');
    expect(localeOrDefault(null)).toBe('ru');
  });

  it('should write a moment as Bishkek time with the offset', () => {
    expect(bishkekTime(new Date('2026-12-07T04:15:30Z'))).toBe('2026-12-07 10:15 (UTC+06:00)');
    expect(bishkekTime('2026-12-31T19:00:00Z')).toBe('2027-01-01 01:00 (UTC+06:00)');
  });
});
