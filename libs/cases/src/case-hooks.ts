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
// Read-only fields another context derives for cases being shown (a pension case's missingDocuments, from the
// checklists of the recovery context): set-wise over a page, answering the extra details fields by case id.
export type PresentedCase = { id: string; type: CaseType; returneeId: string; details: Record<string, unknown> };
export type CaseDetailsPresenter = (cases: PresentedCase[]) => Promise<Map<string, Record<string, unknown>>>;
// Run in the closing transaction before a case is closed: may refuse the closure (throw), or answer data recorded on
// the status_changed event and the audit row (a supervisor's reason for closing with documents missing).
export type CaseClosing = CaseDetailsChange & { before: Record<string, unknown>; missingDocumentsReason: string | null };
export type CaseClosingGuard = (m: EntityManager, closing: CaseClosing, actor: Actor) => Promise<Record<string, unknown> | void>;

// Other contexts (follow-ups) react to a closure or a details change inside the case's transaction without cases
// importing them: they register a handler here at module init, so the dependency points only from them to cases.
@Injectable()
export class CaseHooks {
  private readonly closedHandlers: CaseClosedHandler[] = [];
  private readonly detailsHandlers: CaseDetailsChangedHandler[] = [];
  private readonly presenters: CaseDetailsPresenter[] = [];
  private readonly closingGuards: CaseClosingGuard[] = [];

  onClosed(handler: CaseClosedHandler): void {
    this.closedHandlers.push(handler);
  }

  onDetailsChanged(handler: CaseDetailsChangedHandler): void {
    this.detailsHandlers.push(handler);
  }

  onPresent(presenter: CaseDetailsPresenter): void {
    this.presenters.push(presenter);
  }

  onClosing(guard: CaseClosingGuard): void {
    this.closingGuards.push(guard);
  }

  async runPresent(cases: PresentedCase[]): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    if (!cases.length) return out;
    for (const presenter of this.presenters) {
      for (const [id, extra] of await presenter(cases)) out.set(id, { ...out.get(id), ...extra });
    }
    return out;
  }

  async runClosing(m: EntityManager, closing: CaseClosing, actor: Actor): Promise<Record<string, unknown>> {
    let data: Record<string, unknown> = {};
    for (const guard of this.closingGuards) data = { ...data, ...((await guard(m, closing, actor)) ?? {}) };
    return data;
  }

  async runClosed(m: EntityManager, closed: ClosedCase, actor: Actor, opts: CaseClosureOptions): Promise<void> {
    for (const handler of this.closedHandlers) await handler(m, closed, actor, opts);
  }

  async runDetailsChanged(m: EntityManager, change: CaseDetailsChange, actor: Actor): Promise<void> {
    for (const handler of this.detailsHandlers) await handler(m, change, actor);
  }
}
