import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

// A record a plan action can link to that lives in a context which itself depends on plans (assistance imports
// @kaytuu/plans for the plan facts, so plans cannot import it back). That context implements PlanLinkSource and
// registers it here when its module starts; plans asks the registry, never the context.
export const REGISTERED_LINK_KINDS = ['assistance'] as const;
export type RegisteredLinkKind = (typeof REGISTERED_LINK_KINDS)[number];

// What a plan needs of a linked record: whose it is (returnee and office, checked on save), its status (the action
// follows it) and a short label. No scope check: the plan has scoped the returnee and compares.
export type PlanLink = { id: string; returneeId: string; officeId: string; status: string; label: string };

export interface PlanLinkSource {
  planLinksByIds(ids: string[], m: EntityManager): Promise<Map<string, PlanLink>>;
}

@Injectable()
export class PlanLinkRegistry {
  private readonly sources = new Map<RegisteredLinkKind, PlanLinkSource>();

  register(kind: RegisteredLinkKind, source: PlanLinkSource): void {
    const known = this.sources.get(kind);
    if (known && known !== source) throw new Error(`A plan link source for '${kind}' is registered already`);
    this.sources.set(kind, source);
  }

  isRegistered(kind: RegisteredLinkKind): boolean {
    return this.sources.has(kind);
  }

  // The records among `ids` (each once); none while no source of that kind is registered.
  async linksByIds(kind: RegisteredLinkKind, ids: string[], m: EntityManager): Promise<Map<string, PlanLink>> {
    const source = this.sources.get(kind);
    const unique = [...new Set(ids)];
    if (!source || unique.length === 0) return new Map();
    return source.planLinksByIds(unique, m);
  }
}
