import type { AssistanceItem } from './assistanceModel.js';

// What of an item can still be reversed: paid out (disburse entries of its ledger) less what was reversed already.
export const reversibleMinor = (item: Pick<AssistanceItem, 'ledger'>): number =>
  item.ledger.reduce((n, e) => n + (e.kind === 'disburse' ? e.amountMinor : e.kind === 'reverse' ? -e.amountMinor : 0), 0);

// Money paid out and taken back (returned, bounced, paid in error) — POST /api/assistance/:id/reverse: supervisors and
// admins, on a disbursed item with something left to reverse.
export const canReverse = (item: Pick<AssistanceItem, 'status' | 'ledger'>, role: unknown): boolean =>
  (role === 'supervisor' || role === 'admin') && item.status === 'disbursed' && reversibleMinor(item) > 0;
