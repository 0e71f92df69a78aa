import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial, EntityManager, SelectQueryBuilder } from 'typeorm';
import { containsPattern, ID_SORT, ListQuery, ListResult, Oblast } from '@kaytuu/shared';
import { JobSector, Organization, Service } from './organization.entity';

export type OrganizationFilter = { q?: string; kind?: string; service?: Service; oblast?: Oblast; sector?: JobSector[]; active?: boolean; id?: string[] };
const SORT: Record<string, string> = { name: 'o.name', kind: 'o.kind', createdAt: 'o.created_at', [ID_SORT]: 'o.id' };
export const ORGANIZATION_SORTABLE = Object.keys(SORT);

// Reads carry the webhook secret (select: false on the entity), so DTOs can say whether one is set and the worker can sign.
@Injectable()
export class OrganizationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private withSecret(m: EntityManager = this.ds.manager): SelectQueryBuilder<Organization> {
    return m.getRepository(Organization).createQueryBuilder('o').addSelect('o.webhookSecret');
  }

  async findPage(q: ListQuery<OrganizationFilter>): Promise<ListResult<Organization>> {
    const qb = this.withSecret();
    const fl = q.filter;
    if (fl.q) qb.andWhere('o.name ILIKE :q', { q: containsPattern(fl.q) });
    if (fl.kind) qb.andWhere('o.kind = :kind', { kind: fl.kind });
    if (fl.service) qb.andWhere(':service = ANY(o.services)', { service: fl.service });
    if (fl.oblast) qb.andWhere(':oblast = ANY(o.oblasts)', { oblast: fl.oblast });
    // one sector or several: organisations placing in any of them
    if (fl.sector) qb.andWhere('o.sectors && CAST(:sectors AS text[])', { sectors: fl.sector });
    if (fl.active !== undefined) qb.andWhere('o.active = :active', { active: fl.active });
    if (fl.id) qb.andWhere('o.id IN (:...ids)', { ids: fl.id });
    qb.orderBy(SORT[q.sort.field], q.sort.order).addOrderBy('o.id', q.sort.order).offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findActiveProvidersOf(service: Service): Promise<Organization[]> {
    return this.withSecret().where('o.active = true').andWhere(':service = ANY(o.services)', { service }).orderBy('o.name').addOrderBy('o.id').getMany();
  }

  findById(id: string, m?: EntityManager): Promise<Organization | null> {
    return this.withSecret(m).where('o.id = :id', { id }).getOne();
  }

  // Insert (no id) or full update (the stored row merged with the change).
  save(m: EntityManager, organization: DeepPartial<Organization>): Promise<Organization> {
    return m.getRepository(Organization).save(organization);
  }

  async findNames(ids: string[]): Promise<Array<Pick<Organization, 'id' | 'name'>>> {
    if (ids.length === 0) return [];
    return this.ds.getRepository(Organization).createQueryBuilder('o').select(['o.id', 'o.name']).where('o.id IN (:...ids)', { ids }).getMany();
  }
}
