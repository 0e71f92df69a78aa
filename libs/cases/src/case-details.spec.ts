import { DomainError } from '@kaytuu/shared';
import { changedDetailKeys, parseDetails, presentDetails } from './case-details';

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('case details', () => {
  it('should keep only client fields and upper-case the country when legal aid details are valid', () => {
    expect(parseDetails('legal_aid', { issue: 'entry_ban', country: 'ru', deadline: '2026-04-01' })).toEqual({
      issue: 'entry_ban',
      country: 'RU',
      deadline: '2026-04-01',
    });
  });

  it('should answer 400 with details.-prefixed keys when fields are unknown or wrong', () => {
    const err = errorOf(() => parseDetails('health_referral', { condition: 'flu', urgency: 'soon', ward: 7 }));
    expect(err.status).toBe(400);
    expect(Object.keys(err.errors ?? {}).sort()).toEqual(['details.condition', 'details.ward']);
  });

  it('should answer 400 naming the nested index when a pension period is malformed', () => {
    const err = errorOf(() =>
      parseDetails('pension_claim', { country: 'RU', claimStatus: 'submitted', periods: [{ from: '2020-01-01', to: '2020-02-31', documented: true }] }),
    );
    expect(err.errors).toHaveProperty(['details.periods[0].to']);
  });

  it('should answer 422 when pension periods overlap', () => {
    const err = errorOf(() =>
      parseDetails('pension_claim', {
        country: 'RU',
        claimStatus: 'submitted',
        periods: [
          { from: '2020-01-01', to: '2020-12-31', documented: true },
          { from: '2020-12-01', to: '2021-03-31', documented: true },
        ],
      }),
    );
    expect(err.status).toBe(422);
    expect(err.errors).toEqual({ 'details.periods[1].from': 'overlaps period 1' });
  });

  it('should add the derived pension figures when presenting a claim', () => {
    const shown = presentDetails('pension_claim', {
      country: 'BY',
      claimStatus: 'submitted',
      periods: [{ from: '2020-07-01', to: '2021-06-30', documented: true }],
    });
    expect(shown).toMatchObject({ insuredMonths: 12, eaeuMonths: 6, periods: [{ underEaeuAgreement: true }] });
    // missingDocuments comes from the claim's checklist (the recovery context), not from the periods
    expect(shown.missingDocuments).toBeUndefined();
  });

  it('should list changed keys only when details change', () => {
    expect(changedDetailKeys({ condition: 'tb', urgency: 'soon', facility: 'A' }, { condition: 'tb', urgency: 'urgent' })).toEqual(['facility', 'urgency']);
    expect(changedDetailKeys({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
    // same nested object, keys in another order (as jsonb returns them)
    expect(changedDetailKeys({ placement: { formal: true, employer: 'X' } }, { placement: { employer: 'X', formal: true } })).toEqual([]);
  });
});
