import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleI18n } from './translator';
import { pluralForm } from '../../apps/console/src/i18n/plurals';

// Counts shown to users go through polyglot's smart_count with ICU's plural rules (Intl.PluralRules):
// Russian one | few | many, English one | other, Kyrgyz one form (or two where the sentence itself differs).
type Catalog = { [key: string]: string | Catalog };
const flatten = (c: Catalog, prefix = ''): Array<[string, string]> =>
  Object.entries(c).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flatten(v, `${prefix}${k}.`)));
const catalog = (l: string) => flatten(JSON.parse(readFileSync(join(__dirname, `../../apps/console/src/i18n/${l}.json`), 'utf8')) as Catalog);
const forms = (message: string) => message.split('||||').map((f) => f.trim());
// resource names are singular | plural (not counts); react-admin sends its one-record notices with smart_count 1,
// and the console offers no bulk delete or update
const NOT_A_COUNT = /^(resources\.[\w-]+\.name|ra\.notification\.(updated|deleted)|ra\.message\.bulk_(delete|update)_\w+)$/;
const counted = (l: string) => catalog(l).filter(([k, v]) => v.includes('%{smart_count}') && !NOT_A_COUNT.test(k));

describe('console plurals', () => {
  afterAll(() => consoleI18n.changeLocale('ru'));
  const say = async (locale: string, key: string, counts: number[]) => {
    await consoleI18n.changeLocale(locale);
    return counts.map((n) => consoleI18n.translate(key, { smart_count: n }));
  };

  it('should pick the Russian one, few and many forms by ICU, 21 and 11 included', async () => {
    expect(await say('ru', 'app.approvals.age_days', [1, 2, 5, 11, 21, 22, 25, 111])).toEqual([
      '1 день',
      '2 дня',
      '5 дней',
      '11 дней',
      '21 день',
      '22 дня',
      '25 дней',
      '111 дней',
    ]);
    expect(await say('ru', 'app.notifications.bell_label', [21, 3])).toEqual(['21 непрочитанное уведомление', '3 непрочитанных уведомления']);
  });

  it('should keep the Kyrgyz noun as it is after any number and use the English plural after anything but 1', async () => {
    expect(await say('ky', 'app.approvals.age_days', [1, 2, 5, 21])).toEqual(['1 күн', '2 күн', '5 күн', '21 күн']);
    expect(await say('en', 'app.approvals.age_days', [1, 2, 21])).toEqual(['1 day', '2 days', '21 days']);
  });

  it('should agree with Intl.PluralRules for every count up to 200', () => {
    const order = { ru: ['one', 'few', 'many'], en: ['one', 'other'], ky: ['one', 'other'] } as const;
    for (const [locale, categories] of Object.entries(order)) {
      const rules = new Intl.PluralRules(locale);
      for (let n = 0; n <= 200; n++) {
        expect([locale, n, pluralForm(locale, n)]).toEqual([locale, n, (categories as readonly string[]).indexOf(rules.select(n))]);
      }
    }
  });

  it('should write every counted message with three Russian forms that each show the number, or with one form', () => {
    const bad = counted('ru').filter(([, v]) => {
      const f = forms(v);
      return !(f.length === 1 || f.length === 3) || !f.every((x) => x.includes('%{smart_count}'));
    });
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it('should write counted Kyrgyz messages with one form unless the two forms really differ, and English with at most two', () => {
    const ky = counted('ky').filter(([, v]) => {
      const f = forms(v);
      return f.length > 2 || (f.length === 2 && f[0] === f[1]);
    });
    expect(ky.map(([k]) => k)).toEqual([]);
    expect(
      counted('en')
        .filter(([, v]) => forms(v).length > 2)
        .map(([k]) => k),
    ).toEqual([]);
  });

  it('should not put a bare number before a Russian counted noun outside smart_count', () => {
    // "из 1 контактов", "Не менее 1 символов": a number placeholder followed by a plural noun needs smart_count
    const bare = catalog('ru').filter(([, v]) => /%\{(?!smart_count)\w+\} (символов|контактов|строк|дней|записей|дел)\b/.test(v));
    expect(bare.map(([k]) => k)).toEqual([]);
  });
});
