import { formatDay, formatMonth, formatPeriod, formatWeekday, intlHasDateNames } from '../../apps/console/src/shared/dates';
import { consoleI18n, translatorFor } from './translator';

// Month and weekday names in the UI language: Intl where the engine knows the language, the catalogue's
// app.calendar.* where it does not (Chromium's ICU has no Kyrgyz). Node's full ICU knows all three, so the
// catalogue is checked here against CLDR itself.
const LOCALES = ['ky', 'ru', 'en'] as const;
const inLocale = translatorFor;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
const WEEK = ['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2026-12-19', '2026-12-20'];

describe('console dates', () => {
  afterAll(() => consoleI18n.changeLocale('ru'));

  it('should have Kyrgyz date names in this Node, which the catalogue is checked against', () => {
    expect(intlHasDateNames('ky')).toBe(true);
  });

  it('should label a month in each UI language with its own pattern, not the Russian one', async () => {
    expect(formatMonth('2026-01', 'ky', await inLocale('ky'))).toBe('2026-ж. янв.');
    expect(formatMonth('2026-01', 'ru', await inLocale('ru'))).toBe('янв. 2026 г.');
    expect(formatMonth('2026-01', 'en', await inLocale('en'))).toBe('Jan 2026');
  });

  it('should give the same month labels from the catalogue as from ICU when the engine lacks the language', async () => {
    for (const locale of LOCALES) {
      const t = await inLocale(locale);
      const fromCatalogue = MONTHS.map((m) => formatMonth(m, locale, t, false));
      expect({ locale, labels: fromCatalogue }).toEqual({ locale, labels: MONTHS.map((m) => formatMonth(m, locale, t, true)) });
    }
    // and Kyrgyz never comes out in the Russian pattern
    const ky = await inLocale('ky');
    expect(MONTHS.map((m) => formatMonth(m, 'ky', ky, false)).filter((l) => / г\.$/.test(l) || !/^2026-ж\. /.test(l))).toEqual([]);
  });

  it('should name weekdays from the catalogue exactly as ICU does, Monday to Sunday', async () => {
    for (const locale of LOCALES) {
      const t = await inLocale(locale);
      expect({ locale, days: WEEK.map((d) => formatWeekday(d, locale, t, false)) }).toEqual({
        locale,
        days: WEEK.map((d) => formatWeekday(d, locale, t, true)),
      });
    }
    expect(WEEK.map((d) => formatWeekday(d, 'ky', (k) => k, true))).toEqual(['дүйшөмбү', 'шейшемби', 'шаршемби', 'бейшемби', 'жума', 'ишемби', 'жекшемби']);
  });

  it("should take a moment's weekday in Bishkek, not in UTC", async () => {
    const ky = await inLocale('ky');
    // Sunday 19:00 UTC is Monday 01:00 in Bishkek
    expect(formatWeekday('2026-12-13T19:00:00.000Z', 'ky', ky, false)).toBe('дүйшөмбү');
    expect(formatWeekday('2026-12-13T19:00:00.000Z', 'ky', ky, true)).toBe('дүйшөмбү');
  });

  it('should write Kyrgyz numeric dates day.month.year, not CLDR ky year-day-month', () => {
    expect(formatDay('2026-11-26', 'ky')).toBe('26.11.2026');
    expect(formatDay('2026-11-26', 'en')).toBe('26/11/2026');
  });

  it("should name a report's month and quarter periods in each UI language", async () => {
    expect(formatPeriod('2026-Q1', 'ky', await inLocale('ky'))).toBe('2026-ж. 1-чейрек');
    expect(formatPeriod('2026-03', 'ky', await inLocale('ky'))).toBe('2026-ж. мар.');
    expect(formatPeriod('2026-Q4', 'ru', await inLocale('ru'))).toBe('4 кв. 2026 г.');
    expect(formatPeriod('2026-Q2', 'en', await inLocale('en'))).toBe('Q2 2026');
  });

  it('should pass an unreadable month through unchanged', () => {
    expect(formatMonth('soon', 'ky', (k) => k)).toBe('soon');
    expect(formatMonth('2026-13', 'ky', (k) => k)).toBe('2026-13');
  });
});
