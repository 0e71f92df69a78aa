import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'ra-core';
import { daysSince, needsReassignReason, toBulkReassign, toCaseUpdate, toTransition } from '../../apps/console/src/cases/caseModel';
import { notificationText } from '../../apps/console/src/notifications/notificationModel';

type Locale = 'ru' | 'ky' | 'en';
const catalog = (l: Locale) => JSON.parse(readFileSync(join(__dirname, `../../apps/console/src/i18n/${l}.json`), 'utf8')) as TranslationMessages;
const provider = polyglotI18nProvider((l) => catalog(l as Locale), 'ru', [
  { locale: 'ru', name: 'ru' },
  { locale: 'ky', name: 'ky' },
  { locale: 'en', name: 'en' },
]);

describe('supervision actions in the case model', () => {
  it('should send the trimmed send-back comment or reopening reason with the transition when given', () => {
    expect(toTransition({ version: 5 }, 'in_progress', undefined, { comment: '  Нет справки  ' })).toEqual({
      status: 'in_progress',
      version: 5,
      comment: 'Нет справки',
    });
    expect(toTransition({ version: 6 }, 'in_progress', undefined, { reason: 'Новые обстоятельства' })).toEqual({
      status: 'in_progress',
      version: 6,
      reason: 'Новые обстоятельства',
    });
    expect(toTransition({ version: 7 }, 'in_progress', undefined, { comment: '   ' })).toEqual({ status: 'in_progress', version: 7 });
  });

  it('should ask a supervisor for a reason only when the case is taken off someone else', () => {
    expect(needsReassignReason('supervisor', 'me', 'cw1', 'cw2')).toBe(true);
    expect(needsReassignReason('supervisor', 'me', 'cw1', null)).toBe(true);
    expect(needsReassignReason('supervisor', 'me', null, 'cw2')).toBe(false);
    expect(needsReassignReason('supervisor', 'me', 'me', 'cw2')).toBe(false);
    expect(needsReassignReason('supervisor', 'me', 'cw1', 'cw1')).toBe(false);
    expect(needsReassignReason('caseworker', 'cw1', 'cw1', null)).toBe(false);
  });

  it('should send reassignReason with an edit only when it is filled in', () => {
    const base = { version: 2, title: 'Дело', priority: 'normal' as const, assigneeId: 'cw2', type: 'legal_aid' as const, details: {} };
    expect(toCaseUpdate({ ...base, reassignReason: ' Отпуск ' })).toMatchObject({ assigneeId: 'cw2', reassignReason: 'Отпуск' });
    expect(toCaseUpdate({ ...base, reassignReason: '' })).not.toHaveProperty('reassignReason');
  });

  it('should deduplicate ids and trim the reason when building a bulk reassignment', () => {
    expect(toBulkReassign(['a', 'b', 'a'], 'cw3', '  Отпуск ')).toEqual({ caseIds: ['a', 'b'], assigneeId: 'cw3', reason: 'Отпуск' });
  });

  it('should count whole days of age and 0 for a missing date', () => {
    const now = new Date('2026-11-26T00:00:00Z');
    expect(daysSince('2026-11-20T01:00:00Z', now)).toBe(5);
    expect(daysSince(null, now)).toBe(0);
  });

  it.each(['ru', 'ky', 'en'] as const)(
    'should render every case notification kind in %s without falling back to the API title when data is complete',
    async (locale) => {
      await provider.changeLocale(locale);
      const i18n = { translate: (k: string, o?: Record<string, unknown>) => provider.translate(k, o), formatDateTime: (s: string) => s };
      const data = {
        caseId: 'c1',
        caseCode: 'KT-C-2026-000045',
        returneeName: 'Төлөгөнова Айпери',
        reason: 'Отпуск',
        comment: 'Нет справки',
        assigneeName: 'Сыдыкова Гүлнара',
      };
      for (const kind of ['case_assigned', 'case_reassigned', 'case_sent_back', 'case_reopened']) {
        const text = notificationText({ kind, title: 'API', data }, i18n);
        expect(text).not.toBe('API');
        expect(text).toContain('KT-C-2026-000045');
      }
      expect(notificationText({ kind: 'case_reassigned', title: 'API', data: { ...data, assigneeName: null } }, i18n)).toBe('API');
    },
  );
});
