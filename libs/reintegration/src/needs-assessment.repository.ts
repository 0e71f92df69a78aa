import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import { Occasion } from './reintegration-score.entity';
import { NeedsAssessment } from './needs-assessment.entity';

// The list is always one returnee's history: the caller has already checked that returnee is in scope.
export type AssessmentFilter = { returneeId?: string; occasion?: Occasion[]; id?: string[] };
export const ASSESSMENT_SORTABLE = ['takenAt', 'createdAt', 'composite', 'id'] as const;
const SORT_COLUMNS: Record<(typeof ASSESSMENT_SORTABLE)[number], string> = {
  takenAt: 'a.taken_at',
  createdAt: 'a.created_at',
  composite: 'a.composite',
  id: 'a.id',
};

@Injectable()
export class NeedsAssessmentRepository {
  async findPageOfReturnee(m: EntityManager, returneeId: string, q: ListQuery<AssessmentFilter>): Promise<{ rows: NeedsAssessment[]; total: number }> {
    const qb = m.getRepository(NeedsAssessment).createQueryBuilder('a').where('a.returnee_id = :returneeId', { returneeId });
    if (q.filter.id) qb.andWhere(q.filter.id.length ? 'a.id IN (:...ids)' : 'false', { ids: q.filter.id });
    if (q.filter.occasion) qb.andWhere('a.occasion IN (:...occasions)', { occasions: q.filter.occasion });
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.takenAt;
    qb.orderBy(column, q.sort.order).addOrderBy('a.id', q.sort.order).offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findById(m: EntityManager, id: string): Promise<NeedsAssessment | null> {
    return m.getRepository(NeedsAssessment).findOneBy({ id });
  }

  async insert(m: EntityManager, row: Omit<NeedsAssessment, 'id' | 'createdAt'>): Promise<NeedsAssessment> {
    const res = await m.getRepository(NeedsAssessment).insert(row);
    const id = (res.identifiers[0] as { id: string }).id;
    return (await this.findById(m, id)) as NeedsAssessment;
  }
}
