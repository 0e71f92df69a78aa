export { DirectoryModule } from './directory.module';
export { DirectoryService, type OrganizationContact } from './directory.service';
export { CreateOfficeDto, CreateOrganizationDto } from './dto/directory.dto';
export { SERVICES, ORGANIZATION_KINDS, JOB_SECTORS, type Service, type OrganizationKind, type JobSector } from './organization.entity';
export type { OfficeDto, OrganizationDto } from './dto/directory.dto';
