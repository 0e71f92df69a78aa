import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import { AssistanceStatus, AssistanceType } from './assistance.types';
import { AssistanceItem } from './assistance-item.entity';

export type AssistanceFilter = {
  returneeId?: string;
  programmeId?: string;
  status?: AssistanceStatus[];
  type?: AssistanceType[];
  id?: string[];
  awaitingMyApproval?: boolean;
};
// Who asks for "awaiting my approval": a supervisor approves first (never their own proposal); an admin approves
// second, after someone else's first approval (the item is still proposed, so it is over the threshold); anyone
// else approves nothing.
export type Approver = { userId: string; role: string };
export const ASSISTANCE_SORTABLE = ['createdAt', 'updatedAt', 'amountMinor', 'status', 'type', 'id'] as const;
const SORT_COLUMNS: Record<(typeof ASSISTANCE_SORTABLE)[number], string> = {
  createdAt: 'i.created_at',
  updatedAt: 'i.updated_at',
  amountMinor: 'i.amount_minor',
  status: 'i.status',
  type: 'i.type',
  id: 'i.id',
};

export type NewAssistanceItem = Pick<
  AssistanceItem,
  | 'returneeId'
  | 'officeId'
  | 'programmeId'
  | 'budgetLineId'
  | 'planGoalId'
  | 'caseId'
  | 'type'
  | 'amountMinor'
  | 'currency'
  | 'details'
  | 'justificationEnc'
  | 'proposedBy'
>;
export type AssistancePatch = Partial<Omit<AssistanceItem, 'id' | 'createdAt' | 'updatedAt' | 'version'>>;

// officeId null: every office (admins); else the caller's office. A deleted returnee's items go with it.
@Injectable()
export class AssistanceItemRepository {
  async findPage(m: EntityManager, officeId: string | null, q: ListQuery<AssistanceFilter>, me?: Approver): Promise<{ rows: AssistanceItem[]; total: number }> {
    const qb = m
      .getRepository(AssistanceItem)
      .createQueryBuilder('i')
      .where('EXISTS (SELECT 1 FROM returnee rt WHERE rt.id = i.returnee_id AND rt.deleted_at IS NULL)');
    if (officeId !== null) qb.andWhere('i.office_id = :officeId', { officeId });
    if (q.filter.returneeId) qb.andWhere('i.returnee_id = :returneeId', { returneeId: q.filter.returneeId });
    if (q.filter.programmeId) qb.andWhere('i.programme_id = :programmeId', { programmeId: q.filter.programmeId });
    if (q.filter.status) qb.andWhere('i.status IN (:...statuses)', { statuses: q.filter.status });
    if (q.filter.type) qb.andWhere('i.type IN (:...types)', { types: q.filter.type });
    if (q.filter.id) qb.andWhere(q.filter.id.length ? 'i.id IN (:...ids)' : 'false', { ids: q.filter.id });
    if (q.filter.awaitingMyApproval) {
      if (me?.role === 'supervisor') {
        qb.andWhere("i.status = 'proposed' AND i.first_approved_by IS NULL AND i.proposed_by <> :me", { me: me.userId });
      } else if (me?.role === 'admin') {
        qb.andWhere("i.status = 'proposed' AND i.first_approved_by IS NOT NULL AND i.first_approved_by <> :me AND i.proposed_by <> :me", { me: me.userId });
      } else {
        qb.andWhere('false');
      }
    }
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.createdAt;
    qb.orderBy(column, q.sort.order);
    if (column !== SORT_COLUMNS.id) qb.addOrderBy('i.id', q.sort.order);
    qb.offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findByIds(m: EntityManager, ids: string[]): Promise<AssistanceItem[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.getRepository(AssistanceItem).createQueryBuilder('i').where('i.id IN (:...ids)', { ids }).getMany();
  }

  findById(m: EntityManager, id: string, lock = false): Promise<AssistanceItem | null> {
    const qb = m.getRepository(AssistanceItem).createQueryBuilder('i').where('i.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async insert(m: EntityManager, row: NewAssistanceItem): Promise<AssistanceItem> {
    const res = await m.getRepository(AssistanceItem).insert(row);
    return (await this.findById(m, (res.identifiers[0] as { id: string }).id)) as AssistanceItem;
  }

  async update(m: EntityManager, id: string, patch: AssistancePatch, at: Date): Promise<AssistanceItem> {
    await m
      .getRepository(AssistanceItem)
      .createQueryBuilder()
      .update()
      .set({ ...patch, updatedAt: at, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
    return (await this.findById(m, id)) as AssistanceItem;
  }
}
