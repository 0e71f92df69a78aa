import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, OBLASTS, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { CreateOfficeDto, CreateOrganizationDto, OfficeDto, OrganizationDto, UpdateOfficeDto, UpdateOrganizationDto } from './dto/directory.dto';
import { DirectoryService } from './directory.service';
import { OFFICE_SORTABLE, OfficeFilter } from './office.repository';
import { ORGANIZATION_SORTABLE, OrganizationFilter } from './organization.repository';
import { JOB_SECTORS, ORGANIZATION_KINDS, SERVICES } from './organization.entity';

type Res = { setHeader(n: string, v: string): void };
const officeFilter = filterSpec<OfficeFilter>({ q: f.string(), oblast: f.oneOf(OBLASTS), id: f.uuids() });
const orgFilter = filterSpec<OrganizationFilter>({
  q: f.string(),
  kind: f.oneOf(ORGANIZATION_KINDS),
  service: f.oneOf(SERVICES),
  oblast: f.oneOf(OBLASTS),
  sector: f.someOf(JOB_SECTORS),
  active: f.boolean(),
  id: f.uuids(),
});

@ApiTags('offices')
@ApiBearerAuth()
@Controller('offices')
export class OfficeController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  async list(@Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<OfficeDto[]> {
    const q = parseListQuery(raw, { sortable: OFFICE_SORTABLE, defaultSort: { field: 'name', order: 'ASC' }, parseFilter: officeFilter });
    return withContentRange(res, 'offices', q, await this.directory.listOffices(q));
  }
  @Get(':id') get(@Param() p: UuidParam): Promise<OfficeDto> {
    return this.directory.getOffice(p.id);
  }
  @Roles('admin') @Post() create(@CurrentActor() a: Actor, @Body() dto: CreateOfficeDto): Promise<OfficeDto> {
    return this.directory.createOffice(a, dto);
  }
  @Roles('admin') @Put(':id') update(@CurrentActor() a: Actor, @Param() p: UuidParam, @Body() dto: UpdateOfficeDto): Promise<OfficeDto> {
    return this.directory.updateOffice(a, p.id, dto);
  }
  @Roles('admin') @Delete(':id') remove(@CurrentActor() a: Actor, @Param() p: UuidParam): Promise<OfficeDto> {
    return this.directory.deleteOffice(a, p.id);
  }
}

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  async list(@Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<OrganizationDto[]> {
    const q = parseListQuery(raw, { sortable: ORGANIZATION_SORTABLE, defaultSort: { field: 'name', order: 'ASC' }, parseFilter: orgFilter });
    return withContentRange(res, 'organizations', q, await this.directory.listOrganizations(q));
  }
  @Get(':id') get(@Param() p: UuidParam): Promise<OrganizationDto> {
    return this.directory.getOrganization(p.id);
  }
  @Roles('admin') @Post() create(@CurrentActor() a: Actor, @Body() dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.directory.createOrganization(a, dto);
  }
  @Roles('admin') @Put(':id') update(@CurrentActor() a: Actor, @Param() p: UuidParam, @Body() dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.directory.updateOrganization(a, p.id, dto);
  }
  @Roles('admin') @Delete(':id') deactivate(@CurrentActor() a: Actor, @Param() p: UuidParam): Promise<OrganizationDto> {
    return this.directory.deactivateOrganization(a, p.id);
  }
}
