import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'ra-core';
import { notificationText } from '../../apps/console/src/notifications/notificationModel';
import {
  consentProblem,
  isReferralOverdue,
  toReferralCreate,
  toReferralTransition,
  validateReferralForm,
  type ReferralFormValues,
} from '../../apps/console/src/referrals/referralModel';

const form = (v: Partial<ReferralFormValues> = {}): ReferralFormValues => ({
  organizationId: 'org-1',
  reason: 'Нужна консультация юриста',
  respondBy: '',
  sharedFields: ['name', 'phone'],
  ...v,
});

describe('consent check in the Refer dialog', () => {
  const ngo = { scope: ['data_processing', 'share_with_ngo'], active: true };

  it('should block the referral when no consent in force shares with partner organisations', () => {
    expect(consentProblem([], ['name'])).toBe('no_ngo_consent');
    expect(consentProblem([{ ...ngo, active: false }], ['name'])).toBe('no_ngo_consent');
    expect(consentProblem([{ scope: ['data_processing', 'contact_by_phone'], active: true }], ['name'])).toBe('no_ngo_consent');
  });

  it('should read the dates when the consent carries no active flag', () => {
    const now = new Date('2026-05-12T04:00:00Z');
    const base = { scope: ['share_with_ngo'], givenAt: '2026-01-10T06:00:00Z', withdrawnAt: null };
    expect(consentProblem([{ ...base, expiresAt: '2026-05-12T03:59:59Z' }], ['name'], now)).toBe('no_ngo_consent');
    expect(consentProblem([{ ...base, expiresAt: null, withdrawnAt: '2026-05-01T06:00:00Z' }], ['name'], now)).toBe('no_ngo_consent');
    expect(consentProblem([{ ...base, expiresAt: '2026-12-31T18:00:00Z' }], ['name'], now)).toBeNull();
  });

  it('should ask for health consent in the same consent when health details are ticked', () => {
    expect(consentProblem([ngo], ['name', 'healthDetails'])).toBe('no_health_consent');
    // the referral is sent under one consent: a health-only consent without share_with_ngo does not add up
    expect(consentProblem([ngo, { scope: ['share_health'], active: true }], ['name', 'healthDetails'])).toBe('no_health_consent');
    expect(consentProblem([{ scope: ['share_with_ngo', 'share_health'], active: true }], ['name', 'healthDetails'])).toBeNull();
    expect(consentProblem([ngo], ['name', 'phone'])).toBeNull();
  });
});

describe('referral payloads', () => {
  it('should send respondBy as the end of the Bishkek day and leave it out when empty', () => {
    expect(toReferralCreate('case-1', 'legal_aid', form({ respondBy: '2026-05-20', reason: '  Депортация, запрет въезда  ' }))).toEqual({
      caseId: 'case-1',
      organizationId: 'org-1',
      reason: 'Депортация, запрет въезда',
      respondBy: '2026-05-20T17:59:59.000Z',
      sharedFields: ['name', 'phone'],
    });
    expect(toReferralCreate('case-1', 'legal_aid', form())).not.toHaveProperty('respondBy');
  });

  it('should share health details only on a health case and keep the contract order when fields are ticked', () => {
    const ticked = form({ sharedFields: ['healthDetails', 'documents', 'name'] });
    expect(toReferralCreate('c', 'legal_aid', ticked).sharedFields).toEqual(['name', 'documents']);
    expect(toReferralCreate('c', 'health_referral', ticked).sharedFields).toEqual(['name', 'documents', 'healthDetails']);
  });

  it('should name the missing organisation, the empty reason, a past date and no shared field when the form is checked', () => {
    const now = new Date('2026-05-12T20:00:00Z'); // 13 May, 02:00 in Bishkek
    expect(validateReferralForm(form({ organizationId: '', reason: '   ', respondBy: '2026-05-12' }), now)).toEqual({
      organizationId: 'app.referrals.validation.organization_required',
      reason: 'app.referrals.validation.reason_required',
      respondBy: 'app.referrals.validation.respond_by_past',
    });
    expect(validateReferralForm(form({ respondBy: '2026-05-13' }), now)).toEqual({});
    expect(validateReferralForm(form({ reason: 'x'.repeat(2001) }), now)).toEqual({ reason: 'app.referrals.validation.reason_too_long' });
    expect(validateReferralForm(form({ sharedFields: [] }), now)).toEqual({ sharedFields: 'app.referrals.validation.shared_required' });
  });

  it('should carry the version and only the text the status needs when a status changes', () => {
    expect(toReferralTransition({ version: 2 }, 'accepted')).toEqual({ version: 2, status: 'accepted' });
    expect(toReferralTransition({ version: 3 }, 'declined', '  Нет юриста в районе ')).toEqual({
      version: 3,
      status: 'declined',
      declinedReason: 'Нет юриста в районе',
    });
    expect(toReferralTransition({ version: 4 }, 'completed', 'Иск подан')).toEqual({ version: 4, status: 'completed', outcome: 'Иск подан' });
    expect(toReferralTransition({ version: 5 }, 'cancelled', '  ')).toEqual({ version: 5, status: 'cancelled' });
    expect(toReferralTransition({ version: 5 }, 'cancelled', 'Вопрос решён')).toEqual({ version: 5, status: 'cancelled', cancelReason: 'Вопрос решён' });
  });

  it('should be overdue only while still sent after respondBy when the API flag is absent', () => {
    const now = new Date('2026-05-12T04:00:00Z');
    expect(isReferralOverdue({ status: 'sent', respondBy: '2026-05-12T03:00:00Z' }, now)).toBe(true);
    expect(isReferralOverdue({ status: 'accepted', respondBy: '2026-05-12T03:00:00Z' }, now)).toBe(false);
    expect(isReferralOverdue({ status: 'sent', respondBy: '2026-05-12T05:00:00Z' }, now)).toBe(false);
    expect(isReferralOverdue({ status: 'sent', respondBy: '2026-05-12T05:00:00Z', overdue: true }, now)).toBe(true);
  });
});

describe('referral notification texts', () => {
  type Locale = 'ru' | 'ky' | 'en';
  const catalog = (l: Locale) => JSON.parse(readFileSync(join(__dirname, `../../apps/console/src/i18n/${l}.json`), 'utf8')) as TranslationMessages;
  const provider = polyglotI18nProvider((l) => catalog(l as Locale), 'ru', [
    { locale: 'ru', name: 'ru' },
    { locale: 'ky', name: 'ky' },
    { locale: 'en', name: 'en' },
  ]);
  const inLocale = async (l: Locale) => {
    await provider.changeLocale(l);
    return { translate: (key: string, options?: Record<string, unknown>) => provider.translate(key, options), formatDateTime: (iso: string) => iso };
  };
  const data = { referralId: 'r1', caseId: 'c1', caseCode: 'KT-C-2026-000045', organizationName: 'ОФ «Ынтымак»' };

  it('should name the case and the organisation in the UI language when data is complete', async () => {
    expect(notificationText({ kind: 'referral_declined', title: 'Направление отклонено', data }, await inLocale('ru'))).toBe(
      'Направление по делу KT-C-2026-000045 отклонено: ОФ «Ынтымак»',
    );
    expect(notificationText({ kind: 'referral_accepted', title: 'Направление принято', data }, await inLocale('ky'))).toBe(
      'KT-C-2026-000045 иши боюнча жолдомо кабыл алынды: ОФ «Ынтымак»',
    );
    expect(notificationText({ kind: 'referral_received', title: 'Новое направление', data }, await inLocale('en'))).toBe('New referral: case KT-C-2026-000045');
  });
});
