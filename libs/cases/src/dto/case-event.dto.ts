import { CaseEventKind } from '../case-event.entity';

export type CaseEventRow = { id: string; caseId: string; at: Date; actorId: string | null; actorName: string | null; kind: CaseEventKind; data: Record<string, unknown> };

export type CaseEventDto = {
  id: string;
  caseId: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  kind: CaseEventKind;
  data: Record<string, unknown>;
};

export function toCaseEventDto(e: CaseEventRow): CaseEventDto {
  return { id: e.id, caseId: e.caseId, at: e.at.toISOString(), actorId: e.actorId, actorName: e.actorName, kind: e.kind, data: e.data };
}
