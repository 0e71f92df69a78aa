import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import { RecoveryItem, RecoveryStatus } from './recovery-item.entity';

// The caller scopes: by office (a caseworker's or supervisor's own) and, for one returnee's items, by that returnee.
export type RecoveryFilter = { returneeId?: string; status?: RecoveryStatus[]; documentType?: string[]; caseId?: string; id?: string[] };
export const RECOVERY_SORTABLE = ['createdAt', 'expectedOn', 'requestedOn', 'status', 'documentType', 'id'] as const;
const SORT_COLUMNS: Record<(typeof RECOVERY_SORTABLE)[number], string> = {
  createdAt: 'r.created_at',
  expectedOn: 'r.expected_on',
  requestedOn: 'r.requested_on',
  status: 'r.status',
  documentType: 'r.document_type',
  id: 'r.id',
};

export type NewRecoveryItem = Omit<RecoveryItem, 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export type RecoveryPatch = Partial<
  Pick<
    RecoveryItem,
    'caseId' | 'country' | 'authority' | 'authorityName' | 'requestedOn' | 'expectedOn' | 'status' | 'documentId' | 'receivedOn' | 'followUpId' | 'noteEnc'
  >
>;

@Injectable()
export class RecoveryItemRepository {
  async findPage(m: EntityManager, officeId: string, q: ListQuery<RecoveryFilter>): Promise<{ rows: RecoveryItem[]; total: number }> {
    const qb = m.getRepository(RecoveryItem).createQueryBuilder('r').where('r.office_id = :officeId', { officeId });
    // a deleted returnee's items go with it
    qb.andWhere('EXISTS (SELECT 1 FROM returnee rt WHERE rt.id = r.returnee_id AND rt.deleted_at IS NULL)');
    if (q.filter.returneeId) qb.andWhere('r.returnee_id = :returneeId', { returneeId: q.filter.returneeId });
    if (q.filter.caseId) qb.andWhere('r.case_id = :caseId', { caseId: q.filter.caseId });
    if (q.filter.status) qb.andWhere(q.filter.status.length ? 'r.status IN (:...statuses)' : 'false', { statuses: q.filter.status });
    if (q.filter.documentType) qb.andWhere(q.filter.documentType.length ? 'r.document_type IN (:...types)' : 'false', { types: q.filter.documentType });
    if (q.filter.id) qb.andWhere(q.filter.id.length ? 'r.id IN (:...ids)' : 'false', { ids: q.filter.id });
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.createdAt;
    qb.orderBy(column, q.sort.order, q.sort.order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
    if (column !== SORT_COLUMNS.id) qb.addOrderBy('r.id', q.sort.order);
    qb.offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findById(m: EntityManager, id: string, lock = false): Promise<RecoveryItem | null> {
    const qb = m.getRepository(RecoveryItem).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  findOfReturnee(m: EntityManager, returneeId: string): Promise<RecoveryItem[]> {
    return m.getRepository(RecoveryItem).createQueryBuilder('r').where('r.returnee_id = :returneeId', { returneeId }).orderBy('r.created_at').getMany();
  }

  async insert(m: EntityManager, row: NewRecoveryItem): Promise<RecoveryItem> {
    const res = await m.getRepository(RecoveryItem).insert(row);
    return (await this.findById(m, (res.identifiers[0] as { id: string }).id)) as RecoveryItem;
  }

  async update(m: EntityManager, id: string, patch: RecoveryPatch, at: Date): Promise<RecoveryItem> {
    await m
      .getRepository(RecoveryItem)
      .createQueryBuilder()
      .update()
      .set({ ...patch, updatedAt: at, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
    return (await this.findById(m, id)) as RecoveryItem;
  }
}
