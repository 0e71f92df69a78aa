import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, CommonError, ListQuery, ListResult } from '@kaytuu/shared';
import { UserService } from '@kaytuu/access';
import { CaseEventKind } from './case-event.entity';
import { CaseEventRepository } from './case-event.repository';
import { CaseRepository } from './case-file.repository';
import { CaseEventDto, toCaseEventDto } from './dto/case-event.dto';

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
    // one name lookup per page (no N+1); events without an actor (system) have no name
    const actorIds = [...new Set(page.rows.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
    const names = actorIds.length ? await this.users.namesByIds(actorIds) : new Map<string, string>();
    return { rows: page.rows.map((e) => toCaseEventDto(e, e.actorId ? (names.get(e.actorId) ?? null) : null)), total: page.total };
  }

  // An entry written by another context inside its own transaction (e.g. follow_up_scheduled).
  async appendEvent(m: EntityManager, caseId: string, actorId: string | null, kind: CaseEventKind, data: Record<string, unknown>): Promise<void> {
    await this.events.append(m, caseId, actorId, [{ kind, data }]);
  }
}
