import { Actor } from '@kaytuu/shared';
import { presentDetails } from '../case-details';
import { CaseFile, CasePriority, CaseType } from '../case-file.entity';
import { allowedTransitions, CaseStatus } from '../case-workflow';

export type CaseDto = {
  id: string;
  code: string;
  returneeId: string;
  returneeName: string | null;
  type: CaseType;
  status: CaseStatus;
  priority: CasePriority;
  assigneeId: string | null;
  officeId: string;
  title: string;
  summary: string | null;
  details: Record<string, unknown> | null;
  openedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  closureReason: string | null;
  outcome: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  allowedTransitions: CaseStatus[];
};

// Health details are visible to the assignee and supervisors, not to every caseworker of the office.
// An unassigned case stays readable so a caseworker can decide whether to take it.
export function canSeeDetails(c: Pick<CaseFile, 'type' | 'assigneeId'>, actor: Actor): boolean {
  if (c.type !== 'health_referral' || actor.role !== 'caseworker') return true;
  return c.assigneeId === null || c.assigneeId === actor.userId;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toCaseDto(c: CaseFile, actor: Actor, returneeName: string | null): CaseDto {
  return {
    id: c.id,
    code: c.code,
    returneeId: c.returneeId,
    returneeName,
    type: c.type,
    status: c.status,
    priority: c.priority,
    assigneeId: c.assigneeId,
    officeId: c.officeId,
    title: c.title,
    summary: c.summary,
    details: canSeeDetails(c, actor) ? presentDetails(c.type, c.details) : null,
    openedAt: c.openedAt.toISOString(),
    dueAt: iso(c.dueAt),
    closedAt: iso(c.closedAt),
    closureReason: c.closureReason,
    outcome: c.outcome,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
    allowedTransitions: allowedTransitions(c, actor),
  };
}
