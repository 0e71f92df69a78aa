import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LedgerKind } from './assistance.types';
import { AssistanceDisbursement, LedgerEntry } from './assistance-item.entity';

export type LineTotals = { commit: number; release: number; disburse: number; reverse: number };
export const ZERO_TOTALS: LineTotals = { commit: 0, release: 0, disburse: 0, reverse: 0 };
export type NewLedgerEntry = { programmeId: string; budgetLineId: string; assistanceItemId: string; kind: LedgerKind; amountMinor: number; actorId: string };

// The ledger: INSERT and SELECT only (the table refuses the rest).
@Injectable()
export class LedgerRepository {
  async totalsByLine(m: EntityManager, lineIds: string[]): Promise<Map<string, LineTotals>> {
    const out = new Map<string, LineTotals>();
    if (lineIds.length === 0) return out;
    const rows = (await m.query(
      `SELECT budget_line_id AS id, kind, sum(amount_minor)::text AS total FROM ledger_entry WHERE budget_line_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [lineIds],
    )) as Array<{ id: string; kind: LedgerKind; total: string }>;
    for (const r of rows) out.set(r.id, { ...(out.get(r.id) ?? ZERO_TOTALS), [r.kind]: Number(r.total) });
    return out;
  }

  // The same totals for single items: what an item still has committed, has disbursed and has had reversed.
  async totalsByItem(m: EntityManager, itemIds: string[]): Promise<Map<string, LineTotals>> {
    const out = new Map<string, LineTotals>();
    if (itemIds.length === 0) return out;
    const rows = (await m.query(
      `SELECT assistance_item_id AS id, kind, sum(amount_minor)::text AS total FROM ledger_entry WHERE assistance_item_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [itemIds],
    )) as Array<{ id: string; kind: LedgerKind; total: string }>;
    for (const r of rows) out.set(r.id, { ...(out.get(r.id) ?? ZERO_TOTALS), [r.kind]: Number(r.total) });
    return out;
  }

  async appendDisbursement(m: EntityManager, row: Omit<AssistanceDisbursement, 'id' | 'at'>): Promise<void> {
    await m.getRepository(AssistanceDisbursement).insert(row);
  }

  findDisbursementsOfItems(m: EntityManager, itemIds: string[]): Promise<AssistanceDisbursement[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return m
      .getRepository(AssistanceDisbursement)
      .createQueryBuilder('d')
      .where('d.assistance_item_id IN (:...itemIds)', { itemIds })
      .orderBy('d.at')
      .addOrderBy('d.id')
      .getMany();
  }

  async append(m: EntityManager, entries: NewLedgerEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const res = await m.getRepository(LedgerEntry).insert(entries.map((e) => ({ ...e, amountMinor: String(e.amountMinor) })));
    return res.identifiers.map((i) => (i as { id: string }).id);
  }

  findOfItems(m: EntityManager, itemIds: string[]): Promise<LedgerEntry[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return m
      .getRepository(LedgerEntry)
      .createQueryBuilder('e')
      .where('e.assistance_item_id IN (:...itemIds)', { itemIds })
      .orderBy('e.at')
      .addOrderBy('e.id')
      .getMany();
  }
}

// committed = commit − release − disburse; disbursed = disburse − reverse; available = budget − committed − disbursed.
export function budgetState(amount: number, t: LineTotals): { committed: number; disbursed: number; available: number } {
  const committed = t.commit - t.release - t.disburse;
  const disbursed = t.disburse - t.reverse;
  return { committed, disbursed, available: amount - committed - disbursed };
}
