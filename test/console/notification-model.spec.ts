import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'ra-core';
import { notificationText, routeFromLink, type NotificationI18n } from '../../apps/console/src/notifications/notificationModel';

// The shipped catalogs behind the same provider the console builds, as in api-error.spec.ts.
type Locale = 'ru' | 'ky' | 'en';
const catalog = (l: Locale) => JSON.parse(readFileSync(join(__dirname, `../../apps/console/src/i18n/${l}.json`), 'utf8')) as TranslationMessages;
const provider = polyglotI18nProvider((l) => catalog(l as Locale), 'ru', [
  { locale: 'ru', name: 'ru' },
  { locale: 'ky', name: 'ky' },
  { locale: 'en', name: 'en' },
]);
const bishkek = (iso: string): string =>
  new Date(iso).toLocaleString('ru-RU', { timeZone: 'Asia/Bishkek', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const inLocale = async (locale: Locale): Promise<NotificationI18n> => {
  await provider.changeLocale(locale);
  return { translate: (key, options) => provider.translate(key, options), formatDateTime: bishkek };
};

const data = {
  caseId: 'c1',
  caseCode: 'KT-C-2026-000045',
  returneeName: 'Төлөгөнова Айпери',
  followUpId: 'f1',
  dueAt: '2026-05-15T04:00:00.000Z',
  kind: 'visit',
};

describe('notificationText', () => {
  it('should render the kind from data in the UI language with the due time in Bishkek when data is complete', async () => {
    const n = { kind: 'follow_up_due_soon', title: 'Скоро срок', data };
    expect(notificationText(n, await inLocale('ru'))).toBe('Скоро срок: Визит на дом по делу KT-C-2026-000045 (Төлөгөнова Айпери) — 15.05.2026, 10:00');
    expect(notificationText(n, await inLocale('en'))).toBe('Due soon: Home visit on case KT-C-2026-000045 (Төлөгөнова Айпери) at 15.05.2026, 10:00');
    expect(notificationText({ ...n, kind: 'follow_up_missed' }, await inLocale('ky'))).toBe(
      'Байланыш өткөрүлүп жиберилди: KT-C-2026-000045 иши боюнча Үйгө баруу (Төлөгөнова Айпери), мөөнөтү 15.05.2026, 10:00 болчу',
    );
  });

  it('should fall back to the API title when the kind is unknown or data lacks a value the message needs', async () => {
    const i18n = await inLocale('en');
    expect(notificationText({ kind: 'referral_accepted', title: 'Направление принято', data }, i18n)).toBe('Направление принято');
    expect(notificationText({ kind: 'follow_up_due', title: 'Пора связаться', data: { ...data, returneeName: null } }, i18n)).toBe('Пора связаться');
    expect(notificationText({ kind: 'follow_up_due', title: 'Пора связаться', data: null }, i18n)).toBe('Пора связаться');
  });
});

describe('routeFromLink', () => {
  it('should turn a console hash link into a router path when the link is internal', () => {
    expect(routeFromLink('#/cases/6a0c8f4e-1111-4c2b-9a55-0d9f7e3c1a2b/show/follow-ups')).toBe('/cases/6a0c8f4e-1111-4c2b-9a55-0d9f7e3c1a2b/show/follow-ups');
    expect(routeFromLink('/my-tasks')).toBe('/my-tasks');
  });

  it('should ignore the link when it points outside the console', () => {
    for (const link of ['https://evil.example/x', '//evil.example', 'javascript:alert(1)', '#//evil.example', '', null]) expect(routeFromLink(link)).toBeNull();
  });
});
