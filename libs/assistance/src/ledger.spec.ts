import { budgetState, ZERO_TOTALS } from './ledger.repository';

describe('budget state from the ledger', () => {
  it('should show the whole budget available when the ledger is empty', () => {
    expect(budgetState(1000, ZERO_TOTALS)).toEqual({ committed: 0, disbursed: 0, available: 1000 });
  });

  it('should move a commitment into disbursed, and free what is released or reversed', () => {
    // two approvals of 300 and 200; the first disbursed 250 with 50 released, the second cancelled
    const t = { commit: 500, release: 50 + 200, disburse: 250, reverse: 0 };
    expect(budgetState(1000, t)).toEqual({ committed: 0, disbursed: 250, available: 750 });
    // a disbursement of 100 taken back
    expect(budgetState(1000, { ...t, reverse: 100 })).toEqual({ committed: 0, disbursed: 150, available: 850 });
    // one approval of 400 not yet paid
    expect(budgetState(1000, { commit: 400, release: 0, disburse: 0, reverse: 0 })).toEqual({ committed: 400, disbursed: 0, available: 600 });
  });
});
