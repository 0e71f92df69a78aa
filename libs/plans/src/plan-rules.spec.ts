import { derivedStatus, EDITABLE, planScopeOf, REVIEWABLE, REVISABLE } from './plan-rules';
import { pdfFileName, pdfLanguageOf, PDF_WORDS } from './plan-pdf';
import { isCalendarDate, todayInBishkek } from './dto/plan-rules';

const actor = (role: 'admin' | 'supervisor' | 'caseworker' | 'ngo_staff', officeId: string | null = null, organizationId: string | null = null) => ({
  userId: 'u',
  role,
  officeId,
  organizationId,
  ip: null,
});

describe('plan rules', () => {
  it('should let only drafts and returned versions be edited, and approved or reviewed ones be revised and reviewed', () => {
    expect(EDITABLE).toEqual(['draft', 'returned']);
    expect(REVISABLE).toEqual(['approved', 'under_review']);
    expect(REVIEWABLE).toEqual(['approved', 'under_review']);
  });

  it('should scope admins to all, office staff to their office, NGO staff to their organisation', () => {
    expect(planScopeOf(actor('admin'))).toEqual({ kind: 'all' });
    expect(planScopeOf(actor('caseworker', 'o1'))).toEqual({ kind: 'office', officeId: 'o1' });
    expect(planScopeOf(actor('ngo_staff', null, 'g1'))).toEqual({ kind: 'organization', organizationId: 'g1' });
    expect(() => planScopeOf(actor('supervisor'))).toThrow();
    expect(() => planScopeOf(actor('ngo_staff'))).toThrow();
  });

  it.each([
    ['case', 'open', 'pending'],
    ['case', 'on_hold', 'in_progress'],
    ['case', 'closed', 'done'],
    ['referral', 'sent', 'pending'],
    ['referral', 'in_service', 'in_progress'],
    ['referral', 'completed', 'done'],
    ['referral', 'declined', 'cancelled'],
    ['follow_up', 'missed', 'pending'],
    ['follow_up', 'done', 'done'],
    ['follow_up', 'cancelled', 'cancelled'],
    ['assistance', 'proposed', 'pending'],
    ['assistance', 'approved', 'in_progress'],
    ['assistance', 'disbursed', 'in_progress'],
    ['assistance', 'verified', 'done'],
    ['assistance', 'rejected', 'cancelled'],
    ['assistance', 'cancelled', 'cancelled'],
    ['assistance', null, 'cancelled'],
    ['case', null, 'cancelled'],
  ] as const)('should derive a %s action from the record status %s as %s', (kind, status, expected) => {
    expect(derivedStatus(kind, status)).toBe(expected);
  });

  it('should print in the language asked for, else Kyrgyz for a Kyrgyz speaker, else Russian', () => {
    expect(pdfLanguageOf('ru', ['ky'])).toBe('ru');
    expect(pdfLanguageOf(undefined, ['ru', 'ky'])).toBe('ky');
    expect(pdfLanguageOf(undefined, ['uz'])).toBe('ru');
  });

  it('should name the file by code and version only', () => {
    expect(pdfFileName('KT-2026-000123', 3)).toBe('plan-KT-2026-000123-v3.pdf');
    expect(pdfFileName('Өмүр "x"', 1)).toBe('plan-x-v1.pdf');
  });

  it('should have every label in both languages, the Kyrgyz ones with their own letters', () => {
    expect(Object.keys(PDF_WORDS.ky).sort()).toEqual(Object.keys(PDF_WORDS.ru).sort());
    expect(JSON.stringify(PDF_WORDS.ky)).toMatch(/[ңөү]/);
  });

  it('should know calendar dates and the day in Bishkek', () => {
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(todayInBishkek(new Date('2026-12-06T19:00:00Z'))).toBe('2026-12-07');
  });
});
