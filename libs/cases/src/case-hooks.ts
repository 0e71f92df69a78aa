import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '@kaytuu/shared';

export type ClosedCase = { caseId: string; officeId: string; returneeId: string; assigneeId: string | null; closedAt: Date };
export type CaseClosureOptions = { scheduleMonitoring: boolean };
export type CaseClosedHandler = (m: EntityManager, closed: ClosedCase, actor: Actor, opts: CaseClosureOptions) => Promise<void>;

// Other contexts (follow-ups) react to a closure inside the closing transaction without cases importing them:
// they register a handler here at module init, so the dependency points only from them to cases.
@Injectable()
export class CaseHooks {
  private readonly closedHandlers: CaseClosedHandler[] = [];

  onClosed(handler: CaseClosedHandler): void {
    this.closedHandlers.push(handler);
  }

  async runClosed(m: EntityManager, closed: ClosedCase, actor: Actor, opts: CaseClosureOptions): Promise<void> {
    for (const handler of this.closedHandlers) await handler(m, closed, actor, opts);
  }
}
