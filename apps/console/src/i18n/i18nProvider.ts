import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';
import { PLURAL_RULES } from './plurals';
import ru from './ru.json';

// Each catalog is complete (react-admin's ra.* plus the app's keys); test/console/i18n.spec.ts keeps them in step.
export const LOCALES = [
  { locale: 'ky', name: 'Кыргызча' },
  { locale: 'ru', name: 'Русский' },
  { locale: 'en', name: 'English' },
] as const;
export type Locale = (typeof LOCALES)[number]['locale'];
export const DEFAULT_LOCALE: Locale = 'ru';

// The default catalog ships with the login page; the others load (each in its own chunk) when chosen or remembered.
const catalogs: Record<Locale, () => TranslationMessages | Promise<TranslationMessages>> = {
  ru: () => ru as TranslationMessages,
  ky: () => import('./ky.json').then((m) => m.default as TranslationMessages),
  en: () => import('./en.json').then((m) => m.default as TranslationMessages),
};

export const i18nProvider = polyglotI18nProvider((locale) => (catalogs[locale as Locale] ?? catalogs[DEFAULT_LOCALE])(), DEFAULT_LOCALE, [...LOCALES], {
  pluralRules: PLURAL_RULES,
});

// Intl locale for dates and numbers in the current UI language. Browsers' ICU often lacks `ky` date
// patterns (Chromium falls back to US month/day order), and dates here are numeric, so Kyrgyz uses
// the Kyrgyzstan convention of ru-KG: 26.11.2026, 14:05.
export const intlLocale = (locale: string): string => ({ ky: 'ru-KG', ru: 'ru-RU', en: 'en-GB' })[locale] ?? 'ru-RU';
