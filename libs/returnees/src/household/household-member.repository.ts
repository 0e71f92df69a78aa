import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListResult, updateVersioned } from '@kaytuu/shared';
import { HouseholdMember } from './household-member.entity';
import { Relation } from './household.types';

export const HOUSEHOLD_SORTABLE = ['id', 'relation', 'lastName', 'firstName', 'birthDate', 'livesWhere', 'createdAt'] as const;
export type HouseholdFilter = { id?: string[]; relation?: Relation[] };

const SORT_COLUMN: Record<(typeof HOUSEHOLD_SORTABLE)[number], string> = {
  id: 'hm.id',
  relation: 'hm.relation',
  lastName: 'hm.last_name',
  firstName: 'hm.first_name',
  birthDate: 'hm.birth_date',
  livesWhere: 'hm.lives_where',
  createdAt: 'hm.created_at',
};

export type HouseholdMemberWrite = Omit<HouseholdMember, 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export type HouseholdMemberPatch = Partial<Omit<HouseholdMemberWrite, 'returneeId' | 'createdBy'>>;

// Members are always read through their returnee: the service has checked (and locked) the returnee in the caller's
// scope first, so every query here names the returnee id and a member of another returnee reads as absent.
@Injectable()
export class HouseholdMemberRepository {
  async listPage(
    m: EntityManager,
    returneeId: string,
    q: { filter: HouseholdFilter; sort: { field: string; order: 'ASC' | 'DESC' }; offset: number; limit: number },
  ): Promise<ListResult<HouseholdMember>> {
    const qb = m.getRepository(HouseholdMember).createQueryBuilder('hm').where('hm.returnee_id = :returneeId', { returneeId });
    if (q.filter.id) qb.andWhere('hm.id IN (:...ids)', { ids: q.filter.id.length ? q.filter.id : ['00000000-0000-0000-0000-000000000000'] });
    if (q.filter.relation) qb.andWhere('hm.relation IN (:...relations)', { relations: q.filter.relation });
    const column = SORT_COLUMN[q.sort.field as keyof typeof SORT_COLUMN] ?? 'hm.id';
    qb.orderBy(column, q.sort.order);
    if (column !== 'hm.id') qb.addOrderBy('hm.id', q.sort.order);
    const [rows, total] = await qb.skip(q.offset).take(q.limit).getManyAndCount();
    return { rows, total, totalEstimated: false };
  }

  allOf(m: EntityManager, returneeId: string): Promise<HouseholdMember[]> {
    return m.getRepository(HouseholdMember).find({ where: { returneeId }, order: { id: 'ASC' } });
  }

  countOf(m: EntityManager, returneeId: string): Promise<number> {
    return m.getRepository(HouseholdMember).count({ where: { returneeId } });
  }

  findOf(m: EntityManager, returneeId: string, id: string, lock = false): Promise<HouseholdMember | null> {
    const qb = m.getRepository(HouseholdMember).createQueryBuilder('hm').where('hm.id = :id AND hm.returnee_id = :returneeId', { id, returneeId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async insert(m: EntityManager, row: HouseholdMemberWrite): Promise<string> {
    const res = await m.getRepository(HouseholdMember).insert(row);
    return (res.identifiers[0] as { id: string }).id;
  }

  update(m: EntityManager, id: string, version: number, set: HouseholdMemberPatch): Promise<void> {
    return updateVersioned(m, HouseholdMember, { what: 'Household member', id, version, set });
  }

  async remove(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(HouseholdMember).delete({ id });
  }
}
