import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, CommonError, ListQuery, ListResult } from '@kaytuu/shared';
import { UserService } from '@kaytuu/access';
import { CaseEventKind } from './case-event.entity';
import { CaseEventRepository } from './case-event.repository';
import { CaseRepository } from './case-file.repository';
import { CaseEventDto, CaseEventRow, toCaseEventDto } from './dto/case-event.dto';

// The entries that move work between people: the case's assignment and a follow-up's reassignment (both `from`, `to`).
const NAMES_PEOPLE = new Set<string>(['assigned', 'follow_up_reassigned']);

// An assignment names the people it moved the case or follow-up between (fromName, toName: null when nobody or
// unknown), read when the timeline is read, so every reassignment — one case or many, old or new — says to whom.
function withAssigneeNames(e: CaseEventRow, names: Map<string, string>): CaseEventRow {
  if (!NAMES_PEOPLE.has(e.kind)) return e;
  const name = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? null) : null);
  return { ...e, data: { ...e.data, fromName: name(e.data.from), toName: name(e.data.to) } };
}

// A case's timeline: read page by page by the case page, and written by the other contexts whose work shows on it
// (follow-ups scheduled or missed, referrals sent and answered). The case's own changes write their events with the
// change, in CaseService.
@Injectable()
export class CaseTimelineService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly events: CaseEventRepository,
    private readonly users: UserService,
  ) {}

  async listCaseEvents(actor: Actor, caseId: string, q: ListQuery): Promise<ListResult<CaseEventDto>> {
    if (!(await this.cases.findOneInScope(actor, caseId))) throw CommonError.notFound('Case');
    const page = await this.events.findTimeline(caseId, q);
    // one name lookup per page (no N+1) for the actors and the people a reassignment moved the case between;
    // events without an actor (system) have no name
    const personIds = page.rows.flatMap((e) => [e.actorId, ...(NAMES_PEOPLE.has(e.kind) ? [e.data.from, e.data.to] : [])]);
    const ids = [...new Set(personIds.filter((id): id is string => typeof id === 'string' && id !== ''))];
    const names = ids.length ? await this.users.namesByIds(ids) : new Map<string, string>();
    const rows = page.rows.map((e) => toCaseEventDto(withAssigneeNames(e, names), e.actorId ? (names.get(e.actorId) ?? null) : null));
    return { rows, total: page.total };
  }

  // An entry written by another context inside its own transaction (e.g. follow_up_scheduled).
  async appendEvent(m: EntityManager, caseId: string, actorId: string | null, kind: CaseEventKind, data: Record<string, unknown>): Promise<void> {
    await this.events.append(m, caseId, actorId, [{ kind, data }]);
  }
}
