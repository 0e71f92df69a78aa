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
