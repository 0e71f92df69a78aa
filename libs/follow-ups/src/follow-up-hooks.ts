import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FollowUpKind, FollowUpStatus } from './follow-up.entity';

// A follow-up as it stands after a change (scheduled, moved, reassigned, done, cancelled or missed). `version` grows
// with every change, so a listener can key what it derives (the returnee's reminders) by it.
export type FollowUpState = {
  id: string;
  caseId: string;
  returneeId: string;
  officeId: string;
  assigneeId: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  dueAt: Date;
  version: number;
};
export type FollowUpChangedHandler = (m: EntityManager, fu: FollowUpState) => Promise<void>;

// Other contexts (messaging: the returnee's appointment reminders and monitoring questions) follow a follow-up's
// life inside the transaction that changes it, without follow-ups importing them: they register a handler at module
// init, as CaseHooks does for cases.
@Injectable()
export class FollowUpHooks {
  private readonly changedHandlers: FollowUpChangedHandler[] = [];

  onChanged(handler: FollowUpChangedHandler): void {
    this.changedHandlers.push(handler);
  }

  async runChanged(m: EntityManager, fu: FollowUpState): Promise<void> {
    for (const handler of this.changedHandlers) await handler(m, fu);
  }
}
