import { DOCUMENT_TYPES } from '../../documents/src/document.entity';
import { CASE_TYPES } from '../../cases/src/case-file.entity';
import CHECKLISTS from './checklists.json';
import { bishkekDay, evaluateChecklist, missingOf, pensionCountries, RECOVERABLE_TYPES } from './checklist';

const doc = (type: string, extra: { issuerCountry?: string | null; expiresOn?: string | null; id?: string } = {}) => ({
  documentId: extra.id ?? `${type}-${extra.issuerCountry ?? 'x'}`,
  type,
  issuerCountry: extra.issuerCountry ?? null,
  expiresOn: extra.expiresOn ?? null,
});
const pension = (country: string, periods: Array<Record<string, unknown>> = []) => ({
  type: 'pension_claim',
  details: { country, periods, claimStatus: 'collecting_documents' },
});
const TODAY = '2026-12-07';

describe('required-document checklists', () => {
  it('a pension claim needs a work record, payslips and a statement from the fund of each foreign country', () => {
    const c = evaluateChecklist(pension('RU', [{ from: '2019-01-01', to: '2020-01-01', country: 'kz' }]), [], TODAY);
    expect(c.complete).toBe(false);
    expect(c.items.map((i) => [i.key, i.country ?? null, i.status])).toEqual([
      ['work_record', null, 'missing'],
      ['payslips', null, 'missing'],
      ['foreign_pension_statement', 'KZ', 'missing'],
      ['foreign_pension_statement', 'RU', 'missing'],
    ]);
    expect(c.items[0].label).toEqual({ ky: expect.any(String), ru: 'Трудовая книжка или трудовые договоры', en: 'Work book or employment contracts' });
  });

  it('either a work book or employment contracts satisfy the work record; a statement counts only for its own country', () => {
    const docs = [doc('employment_contract'), doc('payslip'), doc('foreign_pension_statement', { issuerCountry: 'KZ' })];
    const c = evaluateChecklist(pension('RU'), docs, TODAY);
    expect(c.items.map((i) => i.status)).toEqual(['present', 'present', 'missing']);
    expect(missingOf(c)).toEqual([{ key: 'foreign_pension_statement', anyOf: ['foreign_pension_statement'], country: 'RU', status: 'missing' }]);
    const done = evaluateChecklist(pension('RU'), [...docs, doc('foreign_pension_statement', { issuerCountry: 'RU' })], TODAY);
    expect(done.complete).toBe(true);
    expect(missingOf(done)).toEqual([]);
  });

  it('expired: an expiry before today (Bishkek day); expiring today is still valid; a valid copy beats an expired one', () => {
    const c = (expiresOn: string) =>
      evaluateChecklist({ type: 'legal_aid', details: { issue: 'entry_ban', country: 'RU' } }, [doc('passport', { expiresOn })], TODAY);
    expect(c('2026-12-06').items.find((i) => i.key === 'passport')?.status).toBe('expired');
    expect(c('2026-12-07').items.find((i) => i.key === 'passport')?.status).toBe('present');
    const both = evaluateChecklist(
      { type: 'legal_aid', details: { issue: 'entry_ban' } },
      [doc('passport', { expiresOn: '2020-01-01', id: 'old' }), doc('passport', { id: 'new' }), doc('entry_ban_notice')],
      TODAY,
    );
    expect(both.items.find((i) => i.key === 'passport')).toMatchObject({ status: 'present', documentIds: ['new'] });
    expect(both.complete).toBe(true);
    // 23:30 UTC on the 6th is already the 7th in Bishkek
    expect(bishkekDay(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
  });

  it('legal aid needs papers only for an entry ban; a health referral a TB card only for TB; job placement nothing', () => {
    expect(evaluateChecklist({ type: 'legal_aid', details: { issue: 'unpaid_wages' } }, [], TODAY)).toEqual({ complete: true, items: [] });
    expect(evaluateChecklist({ type: 'health_referral', details: { condition: 'hiv' } }, [], TODAY).items.map((i) => i.key)).toEqual(['medical_discharge']);
    expect(evaluateChecklist({ type: 'health_referral', details: { condition: 'tb' } }, [], TODAY).items.map((i) => i.key)).toEqual([
      'medical_discharge',
      'tb_treatment_card',
    ]);
    // details hidden from the caller: the conditional items cannot be told and are left out
    expect(evaluateChecklist({ type: 'health_referral', details: null }, [], TODAY).items.map((i) => i.key)).toEqual(['medical_discharge']);
    expect(evaluateChecklist({ type: 'job_placement', details: {} }, [], TODAY).complete).toBe(true);
  });

  it('the countries of a claim are foreign ones, upper-cased and once each', () => {
    expect(pensionCountries({ country: 'ru', periods: [{ country: 'RU' }, { country: 'KG' }, { country: 'tr' }, {}] })).toEqual(['RU', 'TR']);
    expect(pensionCountries({ country: 'KG', periods: [] })).toEqual([]);
    expect(pensionCountries(null)).toEqual([]);
  });

  it('the rules file names every case type, only known document types, and every label in ky, ru and en', () => {
    // the documents context's list (a type import only: the checklists load nothing of that context)
    expect(RECOVERABLE_TYPES.every((t) => (DOCUMENT_TYPES as readonly string[]).includes(t))).toBe(true);
    const rules = Object.entries(CHECKLISTS).filter(([k]) => !k.startsWith('$'));
    expect(rules.map(([k]) => k).sort()).toEqual([...CASE_TYPES].sort());
    for (const [, items] of rules) {
      for (const item of items as Array<{ key: string; anyOf: string[]; label: Record<string, string> }>) {
        expect(item.anyOf.length).toBeGreaterThan(0);
        for (const type of item.anyOf) expect([item.key, type, (DOCUMENT_TYPES as readonly string[]).includes(type)]).toEqual([item.key, type, true]);
        for (const lang of ['ky', 'ru', 'en']) expect([item.key, lang, (item.label[lang] ?? '').trim().length > 0]).toEqual([item.key, lang, true]);
      }
    }
  });
});
