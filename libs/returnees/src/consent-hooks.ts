import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsentScope } from './returnee.types';

export type WithdrawnConsent = { consentId: string; returneeId: string; scope: ConsentScope[]; withdrawnAt: Date };
export type ConsentWithdrawnHandler = (m: EntityManager, withdrawn: WithdrawnConsent) => Promise<void>;

// Other contexts (messaging: pending messages are cancelled at once) react to a withdrawal inside the withdrawing
// transaction without the returnees context importing them: they register a handler at module init.
@Injectable()
export class ConsentHooks {
  private readonly withdrawnHandlers: ConsentWithdrawnHandler[] = [];

  onWithdrawn(handler: ConsentWithdrawnHandler): void {
    this.withdrawnHandlers.push(handler);
  }

  async runWithdrawn(m: EntityManager, withdrawn: WithdrawnConsent): Promise<void> {
    for (const handler of this.withdrawnHandlers) await handler(m, withdrawn);
  }
}
