import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '@kaytuu/shared';
import { CaseType } from './case-file.entity';

export type ClosedCase = { caseId: string; officeId: string; returneeId: string; assigneeId: string | null; closedAt: Date };
export type CaseClosureOptions = { scheduleMonitoring: boolean };
export type CaseClosedHandler = (m: EntityManager, closed: ClosedCase, actor: Actor, opts: CaseClosureOptions) => Promise<void>;
// `before` is null when the case is being opened; details are the stored (client-owned) ones, never derived fields.
export type CaseDetailsChange = {
  caseId: string;
  type: CaseType;
  officeId: string;
  returneeId: string;
  assigneeId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
};
export type CaseDetailsChangedHandler = (m: EntityManager, change: CaseDetailsChange, actor: Actor) => Promise<void>;

// Other contexts (follow-ups) react to a closure or a details change inside the case's transaction without cases
// importing them: they register a handler here at module init, so the dependency points only from them to cases.
@Injectable()
export class CaseHooks {
  private readonly closedHandlers: CaseClosedHandler[] = [];
  private readonly detailsHandlers: CaseDetailsChangedHandler[] = [];

  onClosed(handler: CaseClosedHandler): void {
    this.closedHandlers.push(handler);
  }

  onDetailsChanged(handler: CaseDetailsChangedHandler): void {
    this.detailsHandlers.push(handler);
  }

  async runClosed(m: EntityManager, closed: ClosedCase, actor: Actor, opts: CaseClosureOptions): Promise<void> {
    for (const handler of this.closedHandlers) await handler(m, closed, actor, opts);
  }

  async runDetailsChanged(m: EntityManager, change: CaseDetailsChange, actor: Actor): Promise<void> {
    for (const handler of this.detailsHandlers) await handler(m, change, actor);
  }
}
