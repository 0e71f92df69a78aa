import type { AssistanceItem } from './assistanceModel.js';

// What of an item can still be reversed: paid out (disburse entries of its ledger) less what was reversed already.
export const reversibleMinor = (item: Pick<AssistanceItem, 'ledger'>): number =>
  item.ledger.reduce((n, e) => n + (e.kind === 'disburse' ? e.amountMinor : e.kind === 'reverse' ? -e.amountMinor : 0), 0);

// Money paid out and taken back (returned, bounced, paid in error) — POST /api/assistance/:id/reverse: supervisors and
// admins, on a disbursed item with something left to reverse.
export const canReverse = (item: Pick<AssistanceItem, 'status' | 'ledger'>, role: unknown): boolean =>
  (role === 'supervisor' || role === 'admin') && item.status === 'disbursed' && reversibleMinor(item) > 0;

// The reversal dialog's amount (MoneyInput: whole minor units, or the typed text while it is not an amount; empty for
// "all of it"): a catalog key when it is more than can be reversed. The text's own problems are MoneyInput's.
export const reverseAmountProblem = (value: unknown, reversible: number): string | undefined =>
  typeof value === 'number' && value > reversible ? 'app.assistance.validation.over_reversible' : undefined;

// The body's amountMinor: absent when the whole reversible amount is taken back (the API's default), else the amount.
export const reverseAmountMinor = (value: unknown, reversible: number): number | undefined =>
  typeof value === 'number' && value !== reversible ? value : undefined;

// The unpaid rest of a partly paid grant released back to its budget line (a 1+1 business closed at its 3-month check,
// a returnee who left) — POST /api/assistance/:id/release: supervisors and admins, on a disbursed or verified item
// with something still committed.
export const canRelease = (item: Pick<AssistanceItem, 'status' | 'committedMinor'>, role: unknown): boolean =>
  (role === 'supervisor' || role === 'admin') && (item.status === 'disbursed' || item.status === 'verified') && (item.committedMinor ?? 0) > 0;
