import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { CaseQueryService } from '@kaytuu/cases';
import { PlanFactsService } from '@kaytuu/plans';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { Actor, Clock, CommonError, DomainError, ListQuery, ListResult } from '@kaytuu/shared';
import { AssistanceError } from './assistance.errors';
import { bishkekToday } from './assistance.types';
import { eligibilityFromRow, firstFailedRule } from './eligibility';
import { Programme } from './programme.entity';
import { ProgrammeRepository } from './programme.repository';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;

// null: every office (admins); office staff their own office. Other roles never reach here (403 at the controller).
export function officeScope(actor: Actor): string | null {
  if (actor.role === 'admin') return null;
  if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId) return actor.officeId;
  throw CommonError.forbidden();
}

type Page<R> = { rows: R[]; total: number };
type Present<R, D> = (m: EntityManager, rows: R[]) => Promise<D[]>;

// What assistance items and 1+1 applications share: who reaches a row (the returnee's office, admins every office; a
// deleted returnee's rows go with it), the audited reads of a page or one row, and the checks a proposal makes (the
// programme exists, the returnee is eligible, the case is the returnee's).
@Injectable()
export class AssistanceAccess {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly programmes: ProgrammeRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly plans: PlanFactsService,
    private readonly cases: CaseQueryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // A page in the caller's scope (a returnee filter checked first), its read audited with the ids and total.
  list<R extends { id: string }, D>(
    actor: Actor,
    entity: string,
    q: ListQuery<{ returneeId?: string }>,
    findPage: (m: EntityManager, officeId: string | null) => Promise<Page<R>>,
    present: Present<R, D>,
  ): Promise<ListResult<D>> {
    return this.ds.transaction(async (m) => {
      if (q.filter.returneeId) await this.returnees.requireInScope(actor, q.filter.returneeId, m);
      const page = await findPage(m, officeScope(actor));
      await this.audit.record(
        actor,
        { action: 'read', entity, entityId: null, diff: { returneeId: q.filter.returneeId ?? null, ids: page.rows.map((r) => r.id), total: page.total } },
        m,
      );
      return { rows: await present(m, page.rows), total: page.total };
    });
  }

  // One row (require: 404 outside the caller's scope), its read audited.
  get<R extends { returneeId: string }, D>(
    actor: Actor,
    entity: string,
    id: string,
    require: (m: EntityManager) => Promise<R>,
    present: Present<R, D>,
  ): Promise<D> {
    return this.ds.transaction(async (m) => {
      const row = await require(m);
      await this.audit.record(actor, { action: 'read', entity, entityId: id, diff: { returneeId: row.returneeId } }, m);
      return (await present(m, [row]))[0];
    });
  }

  // find (by a well-formed id only) a row of the caller's office whose returnee is not deleted; 404 `what` otherwise
  async requireInScope<R extends { officeId: string; returneeId: string }>(
    actor: Actor,
    id: string,
    what: string,
    m: EntityManager,
    find: (id: string) => Promise<R | null>,
  ): Promise<R> {
    const row = UUID_RE.test(id) ? await find(id) : null;
    const scope = officeScope(actor);
    if (!row || (scope !== null && row.officeId !== scope)) throw CommonError.notFound(what);
    if (!(await this.returnees.eligibilityFacts(row.returneeId, m))) throw CommonError.notFound(what);
    return row;
  }

  async requireProgramme(id: string, m: EntityManager): Promise<Programme> {
    const p = UUID_RE.test(id) ? await this.programmes.findById(m, id) : null;
    if (!p) throw AssistanceError.invalid({ programmeId: 'does not exist' }, 'The programme does not exist');
    return p;
  }

  // the programme's eligibility rules on the returnee's facts today; 422 naming the first rule that fails
  async checkEligible(p: Programme, returneeId: string, m: EntityManager): Promise<void> {
    const facts = await this.returnees.eligibilityFacts(returneeId, m);
    if (!facts) throw CommonError.notFound('Returnee');
    const rules = eligibilityFromRow(p.eligibility);
    const hasApprovedPlan = rules.hasApprovedPlan ? await this.plans.hasApprovedPlan(returneeId, m) : false;
    const failed = firstFailedRule({ oblasts: p.oblasts, rules, facts, hasApprovedPlan, today: bishkekToday(this.clock.now()) });
    if (failed) throw AssistanceError.notEligible(failed.rule, failed.why);
  }

  // a case the caller reaches, of this returnee: 422 on caseId otherwise (an unknown case included)
  async requireCaseOf(actor: Actor, caseId: string, returneeId: string, m: EntityManager): Promise<void> {
    const invalid = () => AssistanceError.invalid({ caseId: "is not one of this returnee's cases" }, 'The case does not belong to this returnee');
    try {
      const c = await this.cases.requireCaseForFollowUp(actor, caseId, m);
      if (c.returneeId !== returneeId) throw invalid();
    } catch (err) {
      throw isNotFound(err) ? invalid() : err;
    }
  }
}
