import { computeMatch, plannedTranches } from './matching';

describe('1+1 match', () => {
  it('should match own × ratio rounded down when neither cap nor budget limits it', () => {
    expect(computeMatch(100_001, { ratioPercent: 50, capMinor: null }, 1_000_000)).toEqual({ rawMinor: 50_000, matchedMinor: 50_000, limitedBy: null });
  });

  it('should hold the match at the cap when own × ratio is above it', () => {
    expect(computeMatch(500_000, { ratioPercent: 100, capMinor: 300_000 }, 1_000_000)).toEqual({ rawMinor: 500_000, matchedMinor: 300_000, limitedBy: 'cap' });
  });

  it('should hold the match at the budget line’s available when that is below the cap', () => {
    expect(computeMatch(500_000, { ratioPercent: 100, capMinor: 300_000 }, 120_000)).toEqual({ rawMinor: 500_000, matchedMinor: 120_000, limitedBy: 'budget' });
  });

  it('should not lose precision when own × ratio is above 2^53', () => {
    expect(computeMatch(Number.MAX_SAFE_INTEGER, { ratioPercent: 100, capMinor: null }, Number.MAX_SAFE_INTEGER).matchedMinor).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('should split the tranches so they add up to the matched amount', () => {
    expect(plannedTranches(100_001, 50)).toEqual([
      { n: 1, amountMinor: 50_000, when: 'at_approval' },
      { n: 2, amountMinor: 50_001, when: 'after_3_month_check' },
    ]);
    expect(plannedTranches(1, 50)).toEqual([{ n: 1, amountMinor: 1, when: 'at_approval' }]);
    expect(plannedTranches(700, 100)).toEqual([{ n: 1, amountMinor: 700, when: 'at_approval' }]);
  });
});
