import { FollowUp, FollowUpKind, FollowUpStatus } from '../follow-up.entity';
import { FollowUpSource } from '../follow-up-plans';

export type FollowUpDto = {
  id: string;
  caseId: string;
  caseCode: string | null;
  returneeId: string;
  returneeName: string | null;
  officeId: string;
  assigneeId: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  dueAt: string;
  notes: string | null;
  source: FollowUpSource | null;
  outcome: string | null;
  doneAt: string | null;
  missedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  overdue: boolean;
};

export type FollowUpSummaryDto = { overdue: number; today: number; thisWeek: number };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toFollowUpDto(fu: FollowUp, names: { caseCode: string | null; returneeName: string | null }, now: Date): FollowUpDto {
  return {
    id: fu.id,
    caseId: fu.caseId,
    caseCode: names.caseCode,
    returneeId: fu.returneeId,
    returneeName: names.returneeName,
    officeId: fu.officeId,
    assigneeId: fu.assigneeId,
    kind: fu.kind,
    status: fu.status,
    dueAt: fu.dueAt.toISOString(),
    notes: fu.notes,
    source: fu.source,
    outcome: fu.outcome,
    doneAt: iso(fu.doneAt),
    missedAt: iso(fu.missedAt),
    cancelledAt: iso(fu.cancelledAt),
    createdAt: fu.createdAt.toISOString(),
    updatedAt: fu.updatedAt.toISOString(),
    version: fu.version,
    overdue: fu.status === 'scheduled' && fu.dueAt.getTime() < now.getTime(),
  };
}
