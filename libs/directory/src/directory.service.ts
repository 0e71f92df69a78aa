import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CommonError, isUniqueViolation, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import {
  CreateOfficeDto,
  CreateOrganizationDto,
  OfficeDto,
  OrganizationDto,
  toOfficeDto,
  toOrganizationDto,
  UpdateOfficeDto,
  UpdateOrganizationDto,
} from './dto/directory.dto';
import { DirectoryError } from './directory.errors';
import { OfficeFilter, OfficeRepository } from './office.repository';
import { Service } from './organization.entity';
import { OrganizationFilter, OrganizationRepository } from './organization.repository';

export type OrganizationContact = {
  id: string;
  name: string;
  active: boolean;
  services: Service[];
  contactEmail: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
};

// Offices and partner organisations: reference data every role may read; only admins change it.
@Injectable()
export class DirectoryService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly offices: OfficeRepository,
    private readonly organizations: OrganizationRepository,
    private readonly audit: AuditService,
  ) {}

  async listOffices(q: ListQuery<OfficeFilter>): Promise<ListResult<OfficeDto>> {
    const page = await this.offices.findPage(q);
    return { rows: page.rows.map(toOfficeDto), total: page.total };
  }

  // `m`: read on the caller's transaction (another context inside its own), not a second pool connection
  async getOffice(id: string, m?: EntityManager): Promise<OfficeDto> {
    const o = await this.offices.findById(id, m);
    if (!o) throw CommonError.notFound('Office');
    return toOfficeDto(o);
  }

  async createOffice(actor: Actor, dto: CreateOfficeDto): Promise<OfficeDto> {
    return this.ds.transaction(async (m) => {
      const o = await this.offices.save(m, { ...dto }).catch(mapNameTaken);
      await this.audit.record(actor, { action: 'create', entity: 'office', entityId: o.id, diff: { ...dto } }, m);
      return toOfficeDto(o);
    });
  }

  async updateOffice(actor: Actor, id: string, dto: UpdateOfficeDto): Promise<OfficeDto> {
    return this.ds.transaction(async (m) => {
      const o = await this.offices.findById(id, m);
      if (!o) throw CommonError.notFound('Office');
      const saved = await this.offices.save(m, { ...o, ...dto }).catch(mapNameTaken);
      await this.audit.record(actor, { action: 'update', entity: 'office', entityId: id, diff: { ...dto } }, m);
      return toOfficeDto(saved);
    });
  }

  async deleteOffice(actor: Actor, id: string): Promise<OfficeDto> {
    return this.ds.transaction(async (m) => {
      const o = await this.offices.findById(id, m);
      if (!o) throw CommonError.notFound('Office');
      try {
        await this.offices.delete(m, id);
      } catch (err) {
        if ((err as { driverError?: { code?: string } }).driverError?.code === '23503') throw DirectoryError.officeInUse();
        throw err;
      }
      await this.audit.record(actor, { action: 'delete', entity: 'office', entityId: id }, m);
      return toOfficeDto(o);
    });
  }

  async listOrganizations(q: ListQuery<OrganizationFilter>): Promise<ListResult<OrganizationDto>> {
    const page = await this.organizations.findPage(q);
    return { rows: page.rows.map(toOrganizationDto), total: page.total };
  }

  // Every active organisation providing a service, for the referrals context to rank. Unpaged on purpose: the
  // directory is reference data of tens of partners, not a growing register.
  async activeProvidersOf(service: Service): Promise<OrganizationDto[]> {
    return (await this.organizations.findActiveProvidersOf(service)).map(toOrganizationDto);
  }

  async getOrganization(id: string): Promise<OrganizationDto> {
    const o = await this.organizations.findById(id);
    if (!o) throw CommonError.notFound('Organization');
    return toOrganizationDto(o);
  }

  async createOrganization(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.ds.transaction(async (m) => {
      const o = await this.organizations.save(m, { ...dto, contactEmail: dto.contactEmail.toLowerCase() }).catch(mapNameTaken);
      await this.audit.record(actor, { action: 'create', entity: 'organization', entityId: o.id, diff: { name: dto.name } }, m);
      return toOrganizationDto((await this.organizations.findById(o.id, m))!);
    });
  }

  async updateOrganization(actor: Actor, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.ds.transaction(async (m) => {
      const o = await this.organizations.findById(id, m);
      if (!o) throw CommonError.notFound('Organization');
      const saved = await this.organizations.save(m, { ...o, ...dto }).catch(mapNameTaken);
      await this.audit.record(actor, { action: 'update', entity: 'organization', entityId: id, diff: { changed: Object.keys(dto) } }, m);
      return toOrganizationDto(saved);
    });
  }

  // Organisations are deactivated, never deleted: referrals keep pointing at them.
  async deactivateOrganization(actor: Actor, id: string): Promise<OrganizationDto> {
    return this.updateOrganization(actor, id, { active: false });
  }

  // What the referrals context needs to address an organisation (webhook secret included: the worker signs with it).
  async organizationForReferral(id: string, m?: EntityManager): Promise<OrganizationContact | null> {
    const o = await this.organizations.findById(id, m);
    if (!o) return null;
    return {
      id: o.id,
      name: o.name,
      active: o.active,
      services: o.services,
      contactEmail: o.contactEmail,
      webhookUrl: o.webhookUrl,
      webhookSecret: o.webhookSecret,
    };
  }

  async organizationNamesByIds(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.organizations.findNames([...new Set(ids)]);
    return new Map(rows.map((o) => [o.id, o.name]));
  }

  officeExists(id: string): Promise<boolean> {
    return this.offices.exists(id);
  }
}

function mapNameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw DirectoryError.nameTaken();
  throw err;
}
