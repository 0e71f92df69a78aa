import { allowedEdits, isEmptyPlan, planSearch } from './returnee-search';

describe('planSearch', () => {
  it('should match by code only when the query looks like a returnee code', () => {
    const p = planSearch(' KT-2026-000123 ');
    expect(p.code).toBe('kt-2026-000123');
    expect(p.tokens).toEqual([]);
  });

  it('should match a phone and no name when the query is a local phone number', () => {
    const p = planSearch('0555 123 456');
    expect(p.phone).toBe('+996555123456');
    expect(p.pin).toBeNull();
    expect(p.tokens).toEqual([]);
  });

  it('should match a PIN when the query has 14 digits', () => {
    expect(planSearch('21405199700123').pin).toBe('21405199700123');
  });

  it('should fold names to skeleton tokens with typo allowances when the query is a name', () => {
    const p = planSearch('Жээнбеков Айбек');
    expect(p.tokens).toEqual([
      { token: 'jenbekov', maxEdits: 2 },
      { token: 'aibek', maxEdits: 1 },
    ]);
    expect(p.skeleton).toBe('jenbekov aibek');
  });

  it('should be empty when the query has neither letters nor a usable number', () => {
    expect(isEmptyPlan(planSearch('12-34'))).toBe(true);
    expect(isEmptyPlan(planSearch('Асан'))).toBe(false);
  });
});

describe('allowedEdits', () => {
  it('should allow no typo in 3 letters, one up to 6 and two beyond', () => {
    expect(allowedEdits('ali')).toBe(0);
    expect(allowedEdits('asanov')).toBe(1);
    expect(allowedEdits('tologonova')).toBe(2);
  });
});
