import { intlLocale } from '../i18n/i18nProvider';

// Kept free of React so non-UI code (error messages, tests) can format dates the same way the fields do.
export const TIME_ZONE = 'Asia/Bishkek';

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
