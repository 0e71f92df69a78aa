import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial, EntityManager } from 'typeorm';
import { containsPattern, ID_SORT, ListQuery, ListResult, Oblast } from '@kaytuu/shared';
import { Office } from './office.entity';

export type OfficeFilter = { q?: string; oblast?: Oblast; id?: string[] };
const SORT: Record<string, string> = { name: 'o.name', oblast: 'o.oblast', district: 'o.district', createdAt: 'o.created_at', [ID_SORT]: 'o.id' };
export const OFFICE_SORTABLE = Object.keys(SORT);

@Injectable()
export class OfficeRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findPage(q: ListQuery<OfficeFilter>): Promise<ListResult<Office>> {
    const qb = this.ds.getRepository(Office).createQueryBuilder('o');
    if (q.filter.q) qb.andWhere('(o.name ILIKE :q OR o.district ILIKE :q)', { q: containsPattern(q.filter.q) });
    if (q.filter.oblast) qb.andWhere('o.oblast = :oblast', { oblast: q.filter.oblast });
    if (q.filter.id) qb.andWhere('o.id IN (:...ids)', { ids: q.filter.id });
    qb.orderBy(SORT[q.sort.field], q.sort.order).addOrderBy('o.id', q.sort.order).offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findById(id: string, m: EntityManager = this.ds.manager): Promise<Office | null> {
    return m.getRepository(Office).findOne({ where: { id } });
  }

  // Insert (no id) or full update (the stored row merged with the change).
  save(m: EntityManager, office: DeepPartial<Office>): Promise<Office> {
    return m.getRepository(Office).save(office);
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.delete(Office, { id });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.ds.getRepository(Office).count({ where: { id } })) > 0;
  }
}
