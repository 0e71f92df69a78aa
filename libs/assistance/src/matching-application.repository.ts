import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import type { Approver } from './assistance-item.repository';
import { MatchingStatus } from './assistance.types';
import { BusinessSurvivalCheck, MatchingApplication } from './matching-application.entity';

export type MatchingFilter = { returneeId?: string; programmeId?: string; status?: MatchingStatus[]; id?: string[]; awaitingMyApproval?: boolean };
export const MATCHING_SORTABLE = ['createdAt', 'updatedAt', 'matchedMinor', 'ownContributionMinor', 'status', 'id'] as const;
const SORT_COLUMNS: Record<(typeof MATCHING_SORTABLE)[number], string> = {
  createdAt: 'a.created_at',
  updatedAt: 'a.updated_at',
  matchedMinor: 'a.matched_minor',
  ownContributionMinor: 'a.own_contribution_minor',
  status: 'a.status',
  id: 'a.id',
};

export type NewMatchingApplication = Omit<
  MatchingApplication,
  | 'id'
  | 'status'
  | 'supervisorApprovedBy'
  | 'supervisorApprovedAt'
  | 'adminApprovedBy'
  | 'adminApprovedAt'
  | 'rejectionReasonEnc'
  | 'rejectedBy'
  | 'rejectedAt'
  | 'assistanceItemId'
  | 'followUp3mId'
  | 'followUp6mId'
  | 'followUp12mId'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
>;
export type MatchingPatch = Partial<Omit<MatchingApplication, 'id' | 'createdAt' | 'updatedAt' | 'version'>>;
export type NewSurvivalCheck = Omit<BusinessSurvivalCheck, 'id' | 'createdAt'>;

// officeId null: every office (admins); else the caller's office. A deleted returnee's applications go with it.
@Injectable()
export class MatchingApplicationRepository {
  async findPage(
    m: EntityManager,
    officeId: string | null,
    q: ListQuery<MatchingFilter>,
    me?: Approver,
  ): Promise<{ rows: MatchingApplication[]; total: number }> {
    const qb = m
      .getRepository(MatchingApplication)
      .createQueryBuilder('a')
      .where('EXISTS (SELECT 1 FROM returnee rt WHERE rt.id = a.returnee_id AND rt.deleted_at IS NULL)');
    if (officeId !== null) qb.andWhere('a.office_id = :officeId', { officeId });
    if (q.filter.returneeId) qb.andWhere('a.returnee_id = :returneeId', { returneeId: q.filter.returneeId });
    if (q.filter.programmeId) qb.andWhere('a.programme_id = :programmeId', { programmeId: q.filter.programmeId });
    if (q.filter.status) qb.andWhere('a.status IN (:...statuses)', { statuses: q.filter.status });
    if (q.filter.id) qb.andWhere(q.filter.id.length ? 'a.id IN (:...ids)' : 'false', { ids: q.filter.id });
    // awaiting my approval: proposed, this role's committee approval not given yet, not proposed by me
    if (q.filter.awaitingMyApproval) {
      const column = me?.role === 'admin' ? 'a.admin_approved_by' : me?.role === 'supervisor' ? 'a.supervisor_approved_by' : null;
      if (column) qb.andWhere(`a.status = 'proposed' AND ${column} IS NULL AND a.proposed_by <> :me`, { me: me!.userId });
      else qb.andWhere('false');
    }
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.createdAt;
    qb.orderBy(column, q.sort.order);
    if (column !== SORT_COLUMNS.id) qb.addOrderBy('a.id', q.sort.order);
    qb.offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findById(m: EntityManager, id: string, lock = false): Promise<MatchingApplication | null> {
    const qb = m.getRepository(MatchingApplication).createQueryBuilder('a').where('a.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  findByItem(m: EntityManager, assistanceItemId: string, lock = false): Promise<MatchingApplication | null> {
    const qb = m.getRepository(MatchingApplication).createQueryBuilder('a').where('a.assistance_item_id = :assistanceItemId', { assistanceItemId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async idsByItems(m: EntityManager, itemIds: string[]): Promise<Map<string, string>> {
    if (itemIds.length === 0) return new Map();
    const rows = (await m.query(`SELECT id, assistance_item_id FROM matching_application WHERE assistance_item_id = ANY($1::uuid[])`, [itemIds])) as Array<{
      id: string;
      assistance_item_id: string;
    }>;
    return new Map(rows.map((r) => [r.assistance_item_id, r.id]));
  }

  async insert(m: EntityManager, row: NewMatchingApplication): Promise<MatchingApplication> {
    const res = await m.getRepository(MatchingApplication).insert(row);
    return (await this.findById(m, (res.identifiers[0] as { id: string }).id)) as MatchingApplication;
  }

  async update(m: EntityManager, id: string, patch: MatchingPatch, at: Date): Promise<MatchingApplication> {
    await m
      .getRepository(MatchingApplication)
      .createQueryBuilder()
      .update()
      .set({ ...patch, updatedAt: at, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
    return (await this.findById(m, id)) as MatchingApplication;
  }

  async insertCheck(m: EntityManager, row: NewSurvivalCheck): Promise<void> {
    await m.getRepository(BusinessSurvivalCheck).insert(row);
  }

  findChecks(m: EntityManager, applicationIds: string[]): Promise<BusinessSurvivalCheck[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return m
      .getRepository(BusinessSurvivalCheck)
      .createQueryBuilder('c')
      .where('c.application_id IN (:...applicationIds)', { applicationIds })
      .orderBy('c.checked_on')
      .addOrderBy('c.id')
      .getMany();
  }
}
