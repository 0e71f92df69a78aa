import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import { ReintegrationScore } from './reintegration-score.entity';

// The list is always one returnee's history: the caller has already checked that returnee is in scope.
export type ScoreFilter = { returneeId?: string; id?: string[] };
export const SCORE_SORTABLE = ['recordedAt', 'createdAt', 'overall', 'id'] as const;
const SORT_COLUMNS: Record<(typeof SCORE_SORTABLE)[number], string> = {
  recordedAt: 's.recorded_at',
  createdAt: 's.created_at',
  overall: 's.overall',
  id: 's.id',
};

@Injectable()
export class ReintegrationScoreRepository {
  async findPageOfReturnee(m: EntityManager, returneeId: string, q: ListQuery<ScoreFilter>): Promise<{ rows: ReintegrationScore[]; total: number }> {
    const qb = m.getRepository(ReintegrationScore).createQueryBuilder('s').where('s.returnee_id = :returneeId', { returneeId });
    if (q.filter.id) qb.andWhere(q.filter.id.length ? 's.id IN (:...ids)' : 'false', { ids: q.filter.id });
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.recordedAt;
    qb.orderBy(column, q.sort.order).addOrderBy('s.id', q.sort.order).offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findById(m: EntityManager, id: string): Promise<ReintegrationScore | null> {
    return m.getRepository(ReintegrationScore).findOneBy({ id });
  }

  async insert(m: EntityManager, row: Omit<ReintegrationScore, 'id' | 'createdAt'>): Promise<ReintegrationScore> {
    const res = await m.getRepository(ReintegrationScore).insert(row);
    const id = (res.identifiers[0] as { id: string }).id;
    return (await this.findById(m, id)) as ReintegrationScore;
  }
}
