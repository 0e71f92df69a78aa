import { MatchLimit } from './assistance.types';

export type MatchTerms = { ratioPercent: number; capMinor: number | null };
export type Match = { rawMinor: number; matchedMinor: number; limitedBy: MatchLimit | null };
export type PlannedTranche = { n: number; amountMinor: number; when: 'at_approval' | 'after_3_month_check' };

// own × ratio (whole minor units, rounded down: a fraction of a tyiyn is never promised), then the programme's cap per
// application, then what the budget line has available. BigInt for the product: own may be up to 2^53 and ratio 1000.
export function computeMatch(ownMinor: number, terms: MatchTerms, availableMinor: number): Match {
  const rawMinor = Number((BigInt(ownMinor) * BigInt(terms.ratioPercent)) / 100n);
  let matchedMinor = rawMinor;
  let limitedBy: MatchLimit | null = null;
  if (terms.capMinor !== null && matchedMinor > terms.capMinor) {
    matchedMinor = terms.capMinor;
    limitedBy = 'cap';
  }
  if (matchedMinor > availableMinor) {
    matchedMinor = Math.max(availableMinor, 0);
    limitedBy = 'budget';
  }
  return { rawMinor, matchedMinor, limitedBy };
}

// The first tranche at approval (its percent of the matched amount, rounded down but at least one minor unit), the
// rest after the 3-month check.
export function plannedTranches(matchedMinor: number, firstPercent: number): PlannedTranche[] {
  const first = Math.min(matchedMinor, Math.max(1, Math.floor((matchedMinor * firstPercent) / 100)));
  const out: PlannedTranche[] = [{ n: 1, amountMinor: first, when: 'at_approval' }];
  if (matchedMinor > first) out.push({ n: 2, amountMinor: matchedMinor - first, when: 'after_3_month_check' });
  return out;
}
