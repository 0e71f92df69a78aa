import { CaseEventKind } from '../case-event.entity';

// A timeline row as stored; the actor's display name is the access context's and is added by the service.
export type CaseEventRow = { id: string; caseId: string; at: Date; actorId: string | null; kind: CaseEventKind; data: Record<string, unknown> };

export type CaseEventDto = {
  id: string;
  caseId: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  kind: CaseEventKind;
  data: Record<string, unknown>;
};

export function toCaseEventDto(e: CaseEventRow, actorName: string | null): CaseEventDto {
  return { id: e.id, caseId: e.caseId, at: e.at.toISOString(), actorId: e.actorId, actorName, kind: e.kind, data: e.data };
}
