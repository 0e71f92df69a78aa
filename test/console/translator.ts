import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';
import { PLURAL_RULES } from '../../apps/console/src/i18n/plurals';

// The console's translator as i18nProvider.ts builds it (polyglot with ICU plural rules) over the catalogues read from
// disk: the provider module itself imports JSON the way Vite does, which the server's type check cannot follow.
export const LOCALES = ['ky', 'ru', 'en'] as const;
const catalog = (locale: string): TranslationMessages =>
  JSON.parse(readFileSync(join(__dirname, `../../apps/console/src/i18n/${locale}.json`), 'utf8')) as TranslationMessages;

export const consoleI18n = polyglotI18nProvider(
  catalog,
  'ru',
  LOCALES.map((locale) => ({ locale, name: locale })),
  { pluralRules: PLURAL_RULES },
);

// A translate function in `locale` (switches the shared provider first).
export async function translatorFor(locale: string): Promise<(key: string, options?: Record<string, unknown>) => string> {
  await consoleI18n.changeLocale(locale);
  return (key, options) => consoleI18n.translate(key, options);
}
