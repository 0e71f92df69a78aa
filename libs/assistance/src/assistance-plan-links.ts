import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PlanLink, PlanLinkRegistry, PlanLinkSource } from '@kaytuu/plans';
import { AssistanceItem } from './assistance-item.entity';
import { AssistanceItemRepository } from './assistance-item.repository';

// A plan action of kind 'assistance' links to an item and follows its status. Plans cannot import this context
// (it imports plans), so the items are offered through the plans' link registry when the module starts.
@Injectable()
export class AssistancePlanLinks implements PlanLinkSource, OnModuleInit {
  constructor(
    private readonly registry: PlanLinkRegistry,
    private readonly items: AssistanceItemRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register('assistance', this);
  }

  // No scope check and no audit: the plan has scoped and audits the returnee, and compares returnee and office.
  async planLinksByIds(ids: string[], m: EntityManager): Promise<Map<string, PlanLink>> {
    const rows = await this.items.findByIds(m, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, { id: r.id, returneeId: r.returneeId, officeId: r.officeId, status: r.status, label: planLabelOf(r) }]));
  }
}

// "business_grant · 15000.00 KGS": the type and the amount in major units (every currency offered has 2 decimals);
// language-neutral like the other links' labels, no free text.
export function planLabelOf(r: Pick<AssistanceItem, 'type' | 'amountMinor' | 'currency'>): string {
  const minor = BigInt(r.amountMinor);
  const major = `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;
  return `${r.type} · ${major} ${r.currency}`;
}
