import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import { PlanAction, PlanGoal, PlanReview, PlanReviewGoal, PlanStatus, PlanVersion } from './plan.entity';

export type PlanFilter = {
  returneeId?: string;
  status?: PlanStatus[];
  current?: boolean;
  awaitingApproval?: boolean;
  id?: string[];
};
// Who reads: office staff their office, admins every office, NGO staff the versions in force (or completed) whose
// actions involve their organisation (consent is checked by the service).
export type PlanScope = { kind: 'all' } | { kind: 'office'; officeId: string } | { kind: 'organization'; organizationId: string };

export const PLAN_SORTABLE = ['createdAt', 'updatedAt', 'submittedAt', 'approvedAt', 'status', 'version', 'id'] as const;
const SORT_COLUMNS: Record<(typeof PLAN_SORTABLE)[number], string> = {
  createdAt: 'p.created_at',
  updatedAt: 'p.updated_at',
  submittedAt: 'p.submitted_at',
  approvedAt: 'p.approved_at',
  status: 'p.status',
  version: 'p.version',
  id: 'p.id',
};

export type NewPlanVersion = Omit<PlanVersion, 'id' | 'createdAt' | 'updatedAt'>;
export type NewGoal = Omit<PlanGoal, 'id'> & { id?: string };
export type NewAction = Omit<PlanAction, 'id'> & { id?: string };

@Injectable()
export class PlanRepository {
  private scoped(m: EntityManager, scope: PlanScope): SelectQueryBuilder<PlanVersion> {
    const qb = m.getRepository(PlanVersion).createQueryBuilder('p');
    if (scope.kind === 'office') qb.where('p.office_id = :scopeOfficeId', { scopeOfficeId: scope.officeId });
    else if (scope.kind === 'organization') {
      qb.where(`(p.in_force OR p.status = 'completed')`).andWhere(
        'EXISTS (SELECT 1 FROM plan_action a WHERE a.plan_version_id = p.id AND a.organization_id = :scopeOrgId)',
        { scopeOrgId: scope.organizationId },
      );
    } else qb.where('true');
    return qb;
  }

  private filtered(m: EntityManager, scope: PlanScope, fl: PlanFilter, awaitingOfficeId: string | null): SelectQueryBuilder<PlanVersion> {
    const qb = this.scoped(m, scope);
    if (fl.returneeId) qb.andWhere('p.returnee_id = :returneeId', { returneeId: fl.returneeId });
    if (fl.status) qb.andWhere(fl.status.length ? 'p.status IN (:...statuses)' : 'false', { statuses: fl.status });
    if (fl.current !== undefined) qb.andWhere('p.is_current = :current', { current: fl.current });
    if (fl.id) qb.andWhere(fl.id.length ? 'p.id IN (:...ids)' : 'false', { ids: fl.id });
    if (fl.awaitingApproval !== undefined) {
      qb.andWhere(fl.awaitingApproval ? `p.status = 'submitted'` : `p.status <> 'submitted'`);
      if (fl.awaitingApproval && awaitingOfficeId) qb.andWhere('p.office_id = :awaitingOfficeId', { awaitingOfficeId });
    }
    return qb;
  }

  async findPage(
    m: EntityManager,
    scope: PlanScope,
    q: ListQuery<PlanFilter>,
    awaitingOfficeId: string | null,
  ): Promise<{ rows: PlanVersion[]; total: number }> {
    const qb = this.filtered(m, scope, q.filter, awaitingOfficeId);
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.createdAt;
    qb.orderBy(column, q.sort.order, q.sort.order === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST');
    if (column !== SORT_COLUMNS.id) qb.addOrderBy('p.id', q.sort.order);
    qb.offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  // every match, for the NGO view whose consent filter runs after the query (bounded)
  findAll(m: EntityManager, scope: PlanScope, fl: PlanFilter, limit: number): Promise<PlanVersion[]> {
    return this.filtered(m, scope, fl, null).orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').limit(limit).getMany();
  }

  findById(m: EntityManager, id: string, lock = false): Promise<PlanVersion | null> {
    const qb = m.getRepository(PlanVersion).createQueryBuilder('p').where('p.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  findVisible(m: EntityManager, scope: PlanScope, id: string): Promise<PlanVersion | null> {
    return this.scoped(m, scope).andWhere('p.id = :id', { id }).getOne();
  }

  // the current version of the returnee's active plan (not completed or closed), if any
  findActiveOfReturnee(m: EntityManager, returneeId: string): Promise<PlanVersion | null> {
    return m
      .getRepository(PlanVersion)
      .createQueryBuilder('p')
      .where(`p.returnee_id = :returneeId AND p.is_current AND p.status NOT IN ('completed','closed')`, { returneeId })
      .getOne();
  }

  findSeries(m: EntityManager, seriesId: string): Promise<PlanVersion[]> {
    return m.getRepository(PlanVersion).createQueryBuilder('p').where('p.series_id = :seriesId', { seriesId }).orderBy('p.version', 'DESC').getMany();
  }

  async insertVersion(m: EntityManager, row: NewPlanVersion, at: Date): Promise<PlanVersion> {
    const res = await m.getRepository(PlanVersion).insert({ ...row, updatedAt: at });
    return (await this.findById(m, (res.identifiers[0] as { id: string }).id)) as PlanVersion;
  }

  async updateVersion(m: EntityManager, id: string, patch: Partial<PlanVersion>, at: Date): Promise<PlanVersion> {
    await m.getRepository(PlanVersion).update({ id }, { ...patch, updatedAt: at });
    return (await this.findById(m, id)) as PlanVersion;
  }

  async updateSeries(m: EntityManager, seriesId: string, patch: Partial<Pick<PlanVersion, 'inForce' | 'isCurrent'>>): Promise<void> {
    await m.getRepository(PlanVersion).update({ seriesId }, patch);
  }

  findGoals(m: EntityManager, versionIds: string[]): Promise<PlanGoal[]> {
    if (versionIds.length === 0) return Promise.resolve([]);
    return m.getRepository(PlanGoal).createQueryBuilder('g').where('g.plan_version_id IN (:...versionIds)', { versionIds }).orderBy('g.position').getMany();
  }

  findActions(m: EntityManager, versionIds: string[]): Promise<PlanAction[]> {
    if (versionIds.length === 0) return Promise.resolve([]);
    return m.getRepository(PlanAction).createQueryBuilder('a').where('a.plan_version_id IN (:...versionIds)', { versionIds }).orderBy('a.position').getMany();
  }

  // The goal list of a draft is written whole: the old rows go, the given ones (ids kept) come back.
  async replaceGoals(m: EntityManager, versionId: string, goals: NewGoal[], actions: NewAction[]): Promise<void> {
    await m.getRepository(PlanAction).delete({ planVersionId: versionId });
    await m.getRepository(PlanGoal).delete({ planVersionId: versionId });
    if (goals.length) await m.getRepository(PlanGoal).insert(goals);
    if (actions.length) await m.getRepository(PlanAction).insert(actions);
  }

  async updateGoal(m: EntityManager, id: string, patch: Partial<PlanGoal>): Promise<void> {
    await m.getRepository(PlanGoal).update({ id }, patch);
  }

  async insertReview(m: EntityManager, review: Omit<PlanReview, 'id' | 'createdAt'>, goals: Omit<PlanReviewGoal, 'reviewId'>[]): Promise<PlanReview> {
    const res = await m.getRepository(PlanReview).insert(review);
    const id = (res.identifiers[0] as { id: string }).id;
    if (goals.length) await m.getRepository(PlanReviewGoal).insert(goals.map((g) => ({ ...g, reviewId: id })));
    return m.getRepository(PlanReview).findOneByOrFail({ id });
  }

  findReviews(m: EntityManager, versionId: string): Promise<PlanReview[]> {
    return m
      .getRepository(PlanReview)
      .createQueryBuilder('r')
      .where('r.plan_version_id = :versionId', { versionId })
      .orderBy('r.reviewed_on', 'DESC')
      .addOrderBy('r.created_at', 'DESC')
      .getMany();
  }

  findReviewGoals(m: EntityManager, reviewIds: string[]): Promise<PlanReviewGoal[]> {
    if (reviewIds.length === 0) return Promise.resolve([]);
    return m.getRepository(PlanReviewGoal).createQueryBuilder('rg').where('rg.review_id IN (:...reviewIds)', { reviewIds }).getMany();
  }
}
