import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { declaredOrder, findPageWithTotal, ListQuery, ListResult, updateVersioned } from '@kaytuu/shared';
import { ReferralScope } from './referral-access';
import { ReferralNote } from './referral-note.entity';
import { Referral, REFERRAL_STATUSES, ReferralStatus } from './referral.entity';

export type ReferralFilter = {
  status?: ReferralStatus[];
  organizationId?: string;
  caseId?: string;
  returneeId?: string;
  overdue?: boolean;
  mine?: boolean;
  q?: string;
  id?: string[];
};
// filters the service resolves before the query: `mine` to the caller's case ids, `q` to matching returnee ids
export type ResolvedReferralFilter = ReferralFilter & { mineOf?: { userId: string; caseIds: string[] }; returneeIdsMatching?: string[] };

// status sorts in its lifecycle order, not alphabetically
const SORT_EXPR: Record<string, string> = {
  sentAt: 'r.sent_at',
  respondBy: 'r.respond_by',
  updatedAt: 'r.updated_at',
  status: declaredOrder('r.status', REFERRAL_STATUSES),
  id: 'r.id',
};
export const REFERRAL_SORTABLE = Object.keys(SORT_EXPR);

export type ReferralInsert = Pick<
  Referral,
  'caseId' | 'returneeId' | 'officeId' | 'organizationId' | 'consentId' | 'reason' | 'sharedFields' | 'sentAt' | 'respondBy' | 'createdBy'
>;
export type ReferralPatch = Partial<
  Pick<Referral, 'status' | 'acceptedAt' | 'inServiceAt' | 'completedAt' | 'declinedAt' | 'cancelledAt' | 'declinedReason' | 'outcome' | 'cancelReason'>
>;

@Injectable()
export class ReferralRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // referral-access.ts decides the scope; this turns it into the WHERE clause every read starts from.
  private scoped(scope: ReferralScope, m: EntityManager = this.ds.manager): SelectQueryBuilder<Referral> {
    const qb = m.getRepository(Referral).createQueryBuilder('r');
    if (scope.kind === 'office') qb.where('r.office_id = :scopeOffice', { scopeOffice: scope.officeId });
    else if (scope.kind === 'organization') qb.where('r.organization_id = :scopeOrg', { scopeOrg: scope.organizationId });
    else if (scope.kind === 'none') qb.where('false');
    return qb;
  }

  async findPageInScope(scope: ReferralScope, q: ListQuery<ResolvedReferralFilter>, now: Date): Promise<ListResult<Referral>> {
    const qb = this.scoped(scope);
    const fl = q.filter;
    if (fl.status) qb.andWhere('r.status IN (:...statuses)', { statuses: fl.status });
    if (fl.organizationId) qb.andWhere('r.organization_id = :organizationId', { organizationId: fl.organizationId });
    if (fl.caseId) qb.andWhere('r.case_id = :caseId', { caseId: fl.caseId });
    if (fl.returneeId) qb.andWhere('r.returnee_id = :returneeId', { returneeId: fl.returneeId });
    if (fl.overdue !== undefined) {
      const overdue = "(r.status = 'sent' AND r.respond_by < :now)";
      qb.andWhere(fl.overdue ? overdue : `NOT ${overdue}`, { now });
    }
    if (fl.mineOf) {
      // created by me, or on a case assigned to me (the case ids come from the cases context)
      const mine = fl.mineOf.caseIds.length ? '(r.created_by = :me OR r.case_id IN (:...myCases))' : 'r.created_by = :me';
      qb.andWhere(fl.mine === false ? `NOT ${mine}` : mine, { me: fl.mineOf.userId, myCases: fl.mineOf.caseIds });
    }
    if (fl.returneeIdsMatching) {
      if (fl.returneeIdsMatching.length === 0) qb.andWhere('false');
      else qb.andWhere('r.returnee_id IN (:...matching)', { matching: fl.returneeIdsMatching });
    }
    if (fl.id) qb.andWhere('r.id IN (:...ids)', { ids: fl.id });
    qb.orderBy(SORT_EXPR[q.sort.field], q.sort.order).addOrderBy('r.id', q.sort.order);
    return findPageWithTotal(qb, q);
  }

  findOneInScope(scope: ReferralScope, id: string, m?: EntityManager): Promise<Referral | null> {
    return this.scoped(scope, m).andWhere('r.id = :id', { id }).getOne();
  }

  // Row lock for read-check-write; concurrent writers queue here and then see the bumped version.
  lockOneInScope(scope: ReferralScope, id: string, m: EntityManager): Promise<Referral | null> {
    return this.scoped(scope, m).andWhere('r.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async insert(m: EntityManager, values: ReferralInsert): Promise<Referral> {
    const result = await m.insert(Referral, values);
    return m.getRepository(Referral).findOneByOrFail({ id: (result.identifiers[0] as { id: string }).id });
  }

  // The guarded write of a referral change (updateVersioned): throws 409 STALE_VERSION when someone bumped the version.
  async applyPatch(m: EntityManager, id: string, expectedVersion: number, patch: ReferralPatch): Promise<void> {
    await updateVersioned(m, Referral, { what: 'Referral', id, version: expectedVersion, set: patch });
  }

  findById(m: EntityManager, id: string): Promise<Referral> {
    return m.getRepository(Referral).findOneByOrFail({ id });
  }

  findByIds(m: EntityManager, ids: string[]): Promise<Referral[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.getRepository(Referral).createQueryBuilder('r').where('r.id IN (:...ids)', { ids }).getMany();
  }

  // The SLA sweep's batch: unanswered past respondBy and not yet escalated, locked; rows another sweep holds are skipped.
  lockUnansweredBatch(m: EntityManager, now: Date, limit: number): Promise<Referral[]> {
    return m
      .getRepository(Referral)
      .createQueryBuilder('r')
      .where("r.status = 'sent' AND r.escalated_at IS NULL AND r.respond_by < :now", { now })
      .orderBy('r.respond_by', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  // An organisation's referrals that share `documents` (any status; the access rule decides which count).
  findSharingDocuments(m: EntityManager, organizationId: string): Promise<Referral[]> {
    return m
      .getRepository(Referral)
      .createQueryBuilder('r')
      .where('r.organization_id = :organizationId', { organizationId })
      .andWhere(`'documents' = ANY(r.shared_fields)`)
      .getMany();
  }

  async markEscalated(m: EntityManager, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await m.createQueryBuilder().update(Referral).set({ escalatedAt: at }).where('id IN (:...ids)', { ids }).execute();
  }

  async insertNote(m: EntityManager, note: Pick<ReferralNote, 'referralId' | 'authorId' | 'side' | 'text'>): Promise<ReferralNote> {
    const result = await m.insert(ReferralNote, note);
    return m.getRepository(ReferralNote).findOneByOrFail({ id: (result.identifiers[0] as { id: string }).id });
  }

  findNotes(referralId: string): Promise<ReferralNote[]> {
    return this.ds.getRepository(ReferralNote).find({ where: { referralId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
