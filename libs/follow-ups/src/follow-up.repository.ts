import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, declaredOrder, findPageWithTotal, ListQuery, ListResult, updateVersioned } from '@kaytuu/shared';
import { FOLLOW_UP_STATUSES, FollowUp, FollowUpKind, FollowUpStatus } from './follow-up.entity';
import { FollowUpSource } from './follow-up-plans';

export type FollowUpFilter = {
  assigneeId?: string;
  status?: FollowUpStatus[];
  dueFrom?: string;
  dueTo?: string;
  overdue?: boolean;
  caseId?: string;
  returneeId?: string;
  mine?: boolean;
  officeId?: string;
  id?: string[];
};

// status sorts in its lifecycle order, not alphabetically
const SORT_EXPR: Record<string, string> = {
  dueAt: 'fu.due_at',
  createdAt: 'fu.created_at',
  status: declaredOrder('fu.status', FOLLOW_UP_STATUSES),
  kind: 'fu.kind',
  id: 'fu.id',
};
export const FOLLOW_UP_SORTABLE = Object.keys(SORT_EXPR);

export type FollowUpInsert = Pick<FollowUp, 'caseId' | 'returneeId' | 'officeId' | 'assigneeId' | 'kind' | 'dueAt' | 'notes' | 'createdBy' | 'source'>;
export type FollowUpPatch = Partial<Pick<FollowUp, 'status' | 'dueAt' | 'notes' | 'outcome' | 'assigneeId' | 'doneAt' | 'missedAt' | 'cancelledAt'>>;
export type FollowUpForDelivery = Pick<FollowUp, 'id' | 'caseId' | 'kind' | 'status' | 'dueAt'>;
export type SummaryCounts = { overdue: number; today: number; thisWeek: number };

@Injectable()
export class FollowUpRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Scope lives in the query: staff see their office's follow-ups, admins all, anyone else nothing.
  private scoped(actor: Actor, m: EntityManager = this.ds.manager): SelectQueryBuilder<FollowUp> {
    const qb = m.getRepository(FollowUp).createQueryBuilder('fu');
    if (actor.role === 'supervisor' || actor.role === 'caseworker') qb.where('fu.office_id = :scopeOffice', { scopeOffice: actor.officeId });
    else if (actor.role !== 'admin') qb.where('false');
    return qb;
  }

  async findPageInScope(actor: Actor, q: ListQuery<FollowUpFilter>, now: Date): Promise<ListResult<FollowUp>> {
    const qb = this.scoped(actor);
    const fl = q.filter;
    if (fl.assigneeId) qb.andWhere('fu.assignee_id = :assigneeId', { assigneeId: fl.assigneeId });
    if (fl.status) qb.andWhere('fu.status IN (:...statuses)', { statuses: fl.status });
    if (fl.dueFrom) qb.andWhere('fu.due_at >= :dueFrom', { dueFrom: new Date(fl.dueFrom) });
    if (fl.dueTo) qb.andWhere('fu.due_at <= :dueTo', { dueTo: new Date(fl.dueTo) });
    if (fl.overdue !== undefined) {
      const overdue = "(fu.status = 'scheduled' AND fu.due_at < :now)";
      qb.andWhere(fl.overdue ? overdue : `NOT ${overdue}`, { now });
    }
    if (fl.caseId) qb.andWhere('fu.case_id = :caseId', { caseId: fl.caseId });
    if (fl.returneeId) qb.andWhere('fu.returnee_id = :returneeId', { returneeId: fl.returneeId });
    if (fl.mine !== undefined) qb.andWhere(fl.mine ? 'fu.assignee_id = :me' : 'fu.assignee_id <> :me', { me: actor.userId });
    if (fl.officeId) qb.andWhere('fu.office_id = :officeId', { officeId: fl.officeId });
    if (fl.id) qb.andWhere('fu.id IN (:...ids)', { ids: fl.id });
    qb.orderBy(SORT_EXPR[q.sort.field], q.sort.order).addOrderBy('fu.id', q.sort.order);
    return findPageWithTotal(qb, q);
  }

  findOneInScope(actor: Actor, id: string): Promise<FollowUp | null> {
    return this.scoped(actor).andWhere('fu.id = :id', { id }).getOne();
  }

  // Row lock for read-check-write; concurrent writers queue here and then see the bumped version.
  lockOneInScope(actor: Actor, id: string, m: EntityManager): Promise<FollowUp | null> {
    return this.scoped(actor, m).andWhere('fu.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  // For delivery: a shared lock so a concurrent done/cancel waits until the reminder is marked (or sees it superseded).
  // FOR SHARE: a follow-up being delivered cannot be marked done or rescheduled under the delivery's feet.
  findManyForDelivery(m: EntityManager, ids: string[]): Promise<FollowUpForDelivery[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.query(`SELECT id, case_id AS "caseId", kind, status, due_at AS "dueAt" FROM follow_up WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`, [ids]);
  }

  async insertFollowUp(m: EntityManager, values: FollowUpInsert): Promise<FollowUp> {
    const result = await m.insert(FollowUp, values);
    const id = (result.identifiers[0] as { id: string }).id;
    return m.getRepository(FollowUp).findOneByOrFail({ id });
  }

  // The guarded write of a follow-up change (updateVersioned): throws 409 STALE_VERSION when someone bumped the version.
  async applyPatch(m: EntityManager, id: string, expectedVersion: number, patch: FollowUpPatch): Promise<void> {
    await updateVersioned(m, FollowUp, { what: 'Follow-up', id, version: expectedVersion, set: patch });
  }

  findById(m: EntityManager, id: string): Promise<FollowUp> {
    return m.getRepository(FollowUp).findOneByOrFail({ id });
  }

  findByIds(m: EntityManager, ids: string[]): Promise<FollowUp[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.getRepository(FollowUp).createQueryBuilder('f').where('f.id IN (:...ids)', { ids }).getMany();
  }

  // The escalation sweep's batch: scheduled and past the cut-off, locked; rows another sweep holds are skipped.
  lockOverdueBatch(m: EntityManager, cutoff: Date, limit: number): Promise<FollowUp[]> {
    return m
      .getRepository(FollowUp)
      .createQueryBuilder('fu')
      .where("fu.status = 'scheduled' AND fu.due_at < :cutoff", { cutoff })
      .orderBy('fu.due_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markMissed(m: EntityManager, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await m
      .createQueryBuilder()
      .update(FollowUp)
      .set({ status: 'missed', missedAt: at, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where("id IN (:...ids) AND status = 'scheduled'", { ids })
      .execute();
  }

  async countSummary(userId: string, now: Date, startOfTomorrow: Date, startOfNextWeek: Date): Promise<SummaryCounts> {
    const rows: Array<{ overdue: number; today: number; this_week: number }> = await this.ds.query(
      `SELECT count(*) FILTER (WHERE due_at < $2)::int AS overdue,
              count(*) FILTER (WHERE due_at >= $2 AND due_at < $3)::int AS today,
              count(*) FILTER (WHERE due_at >= $2 AND due_at < $4)::int AS this_week
         FROM follow_up
        WHERE assignee_id = $1 AND status = 'scheduled' AND due_at < $4`,
      [userId, now, startOfTomorrow, startOfNextWeek],
    );
    return { overdue: rows[0].overdue, today: rows[0].today, thisWeek: rows[0].this_week };
  }

  // Serialises proposals for one case (applying a plan twice at once): held until the transaction ends.
  async lockCaseProposals(m: EntityManager, caseId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('follow_up_source:' || $1, 0))`, [caseId]);
  }

  // Follow-ups from this source on a case that still count (scheduled, done or missed; cancelled ones do not).
  async countLiveFromSource(m: EntityManager, caseId: string, source: FollowUpSource): Promise<number> {
    return m
      .getRepository(FollowUp)
      .createQueryBuilder('fu')
      .where("fu.case_id = :caseId AND fu.source = :source AND fu.status <> 'cancelled'", { caseId, source })
      .getCount();
  }

  // The open follow-up from this source (at most one for a legal deadline, by a unique index), locked for the change.
  lockScheduledFromSource(m: EntityManager, caseId: string, source: FollowUpSource): Promise<FollowUp | null> {
    return m
      .getRepository(FollowUp)
      .createQueryBuilder('fu')
      .where("fu.case_id = :caseId AND fu.source = :source AND fu.status = 'scheduled'", { caseId, source })
      .setLock('pessimistic_write')
      .getOne();
  }

  // Still-open follow-ups of these kinds on a case (monitoring left over from an earlier closure of a reopened case),
  // locked in id order for the change: one marked done meanwhile is waited for and then no longer matches.
  lockScheduledOfKinds(m: EntityManager, caseId: string, kinds: FollowUpKind[]): Promise<FollowUp[]> {
    return m
      .getRepository(FollowUp)
      .createQueryBuilder('fu')
      .where("fu.case_id = :caseId AND fu.kind IN (:...kinds) AND fu.status = 'scheduled'", { caseId, kinds })
      .orderBy('fu.id')
      .setLock('pessimistic_write')
      .getMany();
  }
}
