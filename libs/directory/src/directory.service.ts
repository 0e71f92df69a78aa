import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CommonError, isUniqueViolation, ListQuery, ListResult, Oblast } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { CreateOfficeDto, CreateOrganizationDto, OfficeDto, OrganizationDto, toOfficeDto, toOrganizationDto, UpdateOfficeDto, UpdateOrganizationDto } from './dto/directory.dto';
import { DirectoryError } from './directory.errors';
import { Office } from './office.entity';
import { JobSector, Organization, Service } from './organization.entity';

export type OrganizationContact = { id: string; name: string; active: boolean; services: Service[]; contactEmail: string; webhookUrl: string | null; webhookSecret: string | null };
export type OfficeFilter = { q?: string; oblast?: Oblast; id?: string[] };
export type OrganizationFilter = { q?: string; kind?: string; service?: Service; oblast?: Oblast; sector?: JobSector[]; active?: boolean; id?: string[] };
const OFFICE_SORT: Record<string, string> = { name: 'o.name', oblast: 'o.oblast', district: 'o.district', createdAt: 'o.created_at' };
const ORG_SORT: Record<string, string> = { name: 'o.name', kind: 'o.kind', createdAt: 'o.created_at' };
export const OFFICE_SORTABLE = Object.keys(OFFICE_SORT);
export const ORGANIZATION_SORTABLE = Object.keys(ORG_SORT);
const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

// Offices and partner organisations: reference data every role may read; only admins change it.
@Injectable()
export class DirectoryService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly audit: AuditService) {}

  async listOffices(q: ListQuery<OfficeFilter>): Promise<ListResult<OfficeDto>> {
    const qb = this.ds.getRepository(Office).createQueryBuilder('o');
    if (q.filter.q) qb.andWhere('(o.name ILIKE :q OR o.district ILIKE :q)', { q: like(q.filter.q) });
    if (q.filter.oblast) qb.andWhere('o.oblast = :oblast', { oblast: q.filter.oblast });
    if (q.filter.id) qb.andWhere('o.id IN (:...ids)', { ids: q.filter.id });
    qb.orderBy(OFFICE_SORT[q.sort.field], q.sort.order).addOrderBy('o.id').offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows: rows.map(toOfficeDto), total };
  }

  async getOffice(id: string): Promise<OfficeDto> {
    const o = await this.ds.getRepository(Office).findOne({ where: { id } });
    if (!o) throw CommonError.notFound('Office');
    return toOfficeDto(o);
  }

  async createOffice(actor: Actor, dto: CreateOfficeDto): Promise<OfficeDto> {
    return this.ds.transaction(async (m) => {
      const o = await m.save(Office, { ...dto }).catch(mapNameTaken);
      await this.audit.record(actor, { action: 'create', entity: 'office', entityId: o.id, diff: { ...dto } }, m);
      return toOfficeDto(o);
    });
  }

  async updateOffice(actor: Actor, id: string, dto: UpdateOfficeDto): Promise<OfficeDto> {
    return this.ds.transaction(async (m) => {
      const o = await m.findOne(Office, { where: { id } });
      if (!o) throw CommonError.notFound('Office');
      const saved = await m.save(Office, { ...o, ...dto }).catch(mapNameTaken);
      await this.audit.record(actor, { action: 'update', entity: 'office', entityId: id, diff: { ...dto } }, m);
      return toOfficeDto(saved);
    });
  }

  async deleteOffice(actor: Actor, id: string): Promise<OfficeDto> {
    return this.ds.transaction(async (m) => {
      const o = await m.findOne(Office, { where: { id } });
      if (!o) throw CommonError.notFound('Office');
      try {
        await m.delete(Office, { id });
      } catch (err) {
        if ((err as { driverError?: { code?: string } }).driverError?.code === '23503') throw DirectoryError.officeInUse();
        throw err;
      }
      await this.audit.record(actor, { action: 'delete', entity: 'office', entityId: id }, m);
      return toOfficeDto(o);
    });
  }

  async listOrganizations(q: ListQuery<OrganizationFilter>): Promise<ListResult<OrganizationDto>> {
    const qb = this.ds.getRepository(Organization).createQueryBuilder('o').addSelect('o.webhookSecret');
    const fl = q.filter;
    if (fl.q) qb.andWhere('o.name ILIKE :q', { q: like(fl.q) });
    if (fl.kind) qb.andWhere('o.kind = :kind', { kind: fl.kind });
    if (fl.service) qb.andWhere(':service = ANY(o.services)', { service: fl.service });
    if (fl.oblast) qb.andWhere(':oblast = ANY(o.oblasts)', { oblast: fl.oblast });
    // one sector or several: organisations placing in any of them
    if (fl.sector) qb.andWhere('o.sectors && CAST(:sectors AS text[])', { sectors: fl.sector });
    if (fl.active !== undefined) qb.andWhere('o.active = :active', { active: fl.active });
    if (fl.id) qb.andWhere('o.id IN (:...ids)', { ids: fl.id });
    qb.orderBy(ORG_SORT[q.sort.field], q.sort.order).addOrderBy('o.id').offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows: rows.map(toOrganizationDto), total };
  }

  // Every active organisation providing a service, for the referrals context to rank. Unpaged on purpose: the
  // directory is reference data of tens of partners, not a growing register.
  async activeProvidersOf(service: Service): Promise<OrganizationDto[]> {
    const rows = await this.ds.getRepository(Organization).createQueryBuilder('o').addSelect('o.webhookSecret')
      .where('o.active = true').andWhere(':service = ANY(o.services)', { service }).orderBy('o.name').addOrderBy('o.id').getMany();
    return rows.map(toOrganizationDto);
  }

  async getOrganization(id: string): Promise<OrganizationDto> {
    const o = await this.findOrganization(this.ds.manager, id);
    if (!o) throw CommonError.notFound('Organization');
    return toOrganizationDto(o);
  }

  async createOrganization(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.ds.transaction(async (m) => {
      const o = await m.save(Organization, { ...dto, contactEmail: dto.contactEmail.toLowerCase() }).catch(mapNameTaken);
      await this.audit.record(actor, { action: 'create', entity: 'organization', entityId: o.id, diff: { name: dto.name } }, m);
      return toOrganizationDto((await this.findOrganization(m, o.id))!);
    });
  }

  async updateOrganization(actor: Actor, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.ds.transaction(async (m) => {
      const o = await this.findOrganization(m, id);
      if (!o) throw CommonError.notFound('Organization');
      const saved = await m.save(Organization, { ...o, ...dto }).catch(mapNameTaken);
      await this.audit.record(actor, { action: 'update', entity: 'organization', entityId: id, diff: { changed: Object.keys(dto) } }, m);
      return toOrganizationDto(saved);
    });
  }

  // Organisations are deactivated, never deleted: referrals keep pointing at them.
  async deactivateOrganization(actor: Actor, id: string): Promise<OrganizationDto> {
    return this.updateOrganization(actor, id, { active: false });
  }

  // What the referrals context needs to address an organisation (webhook secret included: the worker signs with it).
  async organizationForReferral(id: string, m: EntityManager = this.ds.manager): Promise<OrganizationContact | null> {
    const o = await this.findOrganization(m, id);
    if (!o) return null;
    return { id: o.id, name: o.name, active: o.active, services: o.services, contactEmail: o.contactEmail, webhookUrl: o.webhookUrl, webhookSecret: o.webhookSecret };
  }

  async organizationNamesByIds(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.ds.getRepository(Organization).createQueryBuilder('o').select(['o.id', 'o.name']).where('o.id IN (:...ids)', { ids: unique }).getMany();
    return new Map(rows.map((o) => [o.id, o.name]));
  }

  // with the secret column (select: false on the entity), so DTOs can say whether one is set
  private findOrganization(m: EntityManager, id: string): Promise<Organization | null> {
    return m.getRepository(Organization).createQueryBuilder('o').addSelect('o.webhookSecret').where('o.id = :id', { id }).getOne();
  }

  async officeExists(id: string): Promise<boolean> {
    return (await this.ds.getRepository(Office).count({ where: { id } })) > 0;
  }
}

function mapNameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw DirectoryError.nameTaken();
  throw err;
}
