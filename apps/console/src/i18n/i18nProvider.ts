import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';
import en from './en.json';
import ky from './ky.json';
import ru from './ru.json';

// Each catalog is complete (react-admin's ra.* plus the app's keys); test/console/i18n.spec.ts keeps them in step.
export const LOCALES = [
  { locale: 'ky', name: 'Кыргызча' },
  { locale: 'ru', name: 'Русский' },
  { locale: 'en', name: 'English' },
] as const;
export type Locale = (typeof LOCALES)[number]['locale'];
export const DEFAULT_LOCALE: Locale = 'ru';

const catalogs: Record<Locale, TranslationMessages> = { ru, ky, en } as Record<Locale, TranslationMessages>;

export const i18nProvider = polyglotI18nProvider((locale) => catalogs[locale as Locale] ?? catalogs[DEFAULT_LOCALE], DEFAULT_LOCALE, [...LOCALES]);

// Intl locale for dates and numbers in the current UI language. Browsers' ICU often lacks `ky` date
// patterns (Chromium falls back to US month/day order), and dates here are numeric, so Kyrgyz uses
// the Kyrgyzstan convention of ru-KG: 26.11.2026, 14:05.
export const intlLocale = (locale: string): string => ({ ky: 'ru-KG', ru: 'ru-RU', en: 'en-GB' })[locale] ?? 'ru-RU';
