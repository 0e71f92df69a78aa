import { allowedRecoveryTransitions, chaseNote, followUpDueAt, isRecoveryTransitionAllowed, proposeRecovery } from './recovery-workflow';

const TODAY = '2026-12-07';
const pension = { id: 'c1', type: 'pension_claim', details: { country: 'RU', periods: [], claimStatus: 'collecting_documents' } };
const ban = { id: 'c2', type: 'legal_aid', details: { issue: 'entry_ban', country: 'RU' } };
const doc = (type: string, expiresOn: string | null = null, issuerCountry: string | null = null) => ({ documentId: type, type, expiresOn, issuerCountry });

describe('recovery items', () => {
  it('moves to_request → requested → refused → requested; received only from an open item and never leaves it', () => {
    expect(allowedRecoveryTransitions('to_request')).toEqual(['requested', 'received']);
    expect(isRecoveryTransitionAllowed('requested', 'refused')).toBe(true);
    expect(isRecoveryTransitionAllowed('refused', 'requested')).toBe(true);
    expect(isRecoveryTransitionAllowed('refused', 'received')).toBe(false);
    expect(allowedRecoveryTransitions('received')).toEqual([]);
    expect(isRecoveryTransitionAllowed('to_request', 'refused')).toBe(false);
  });

  it('chases three days before the expected day at 10:00 Bishkek, or in an hour when that is past', () => {
    const now = new Date('2026-12-07T03:00:00Z');
    expect(followUpDueAt('2027-01-15', now).toISOString()).toBe('2027-01-12T04:00:00.000Z');
    expect(followUpDueAt('2026-12-08', now).toISOString()).toBe('2026-12-07T04:00:00.000Z');
  });

  it('proposes a passport and the work and pension papers the open cases miss, once each, none already chased', () => {
    const proposals = proposeRecovery([pension, ban], [doc('payslip')], [], TODAY);
    expect(proposals).toEqual([
      { caseId: 'c1', documentType: 'passport', country: 'KG', authority: 'passport_office' },
      { caseId: 'c1', documentType: 'work_book', country: null, authority: 'former_employer' },
      { caseId: 'c1', documentType: 'foreign_pension_statement', country: 'RU', authority: 'foreign_pension_fund' },
    ]);
    // the entry-ban notice is not an identity or work paper; the passport of the ban case is the one already proposed
    const again = proposeRecovery([pension, ban], [doc('payslip')], [{ documentType: 'work_book', country: null, status: 'requested' }], TODAY);
    expect(again.map((p) => p.documentType)).toEqual(['passport', 'foreign_pension_statement']);
    // a refused item does not stop a new proposal; a valid ID card is identity enough, an expired passport is not
    expect(proposeRecovery([], [doc('id_card')], [], TODAY)).toEqual([]);
    expect(proposeRecovery([], [doc('passport', '2020-01-01')], [{ documentType: 'passport', country: 'KG', status: 'refused' }], TODAY)).toEqual([
      { caseId: null, documentType: 'passport', country: 'KG', authority: 'passport_office' },
    ]);
  });

  it('words the chasing call in Kyrgyz, Russian and English', () => {
    expect(chaseNote('passport', 'KG', '2027-01-15').split('\n')).toEqual([
      'Документти калыбына келтирүү: Паспорт (KG), күтүлөт 2027-01-15',
      'Восстановление документа: Паспорт (KG), ожидается 2027-01-15',
      'Document recovery: Passport (KG), expected 2027-01-15',
    ]);
  });
});
