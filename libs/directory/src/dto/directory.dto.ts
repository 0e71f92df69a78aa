import { ApiProperty, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Max, MaxLength, Min } from 'class-validator';
import { IfPresent, Oblast, OBLASTS } from '@kaytuu/shared';
import { Office } from '../office.entity';
import { JOB_SECTORS, JobSector, Organization, ORGANIZATION_KINDS, OrganizationKind, Service, SERVICES } from '../organization.entity';

export class CreateOfficeDto {
  @IsString() @Length(2, 200) name: string;
  @ApiProperty({ enum: OBLASTS }) @IsIn(OBLASTS) oblast: Oblast;
  @IsString() @Length(2, 100) district: string;
}
// null is refused for every field (skipNullProperties: false): none of them may be emptied that way
export class UpdateOfficeDto extends PartialType(CreateOfficeDto, { skipNullProperties: false }) {}

export class CreateOrganizationDto {
  @IsString() @Length(2, 200) name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) @IsIn(ORGANIZATION_KINDS) kind: OrganizationKind;
  @ApiProperty({ enum: SERVICES, isArray: true }) @IsArray() @ArrayMaxSize(SERVICES.length) @IsIn(SERVICES, { each: true }) services: Service[];
  @ApiProperty({ enum: OBLASTS, isArray: true }) @IsArray() @ArrayMaxSize(OBLASTS.length) @IsIn(OBLASTS, { each: true }) oblasts: Oblast[];
  // job sectors a job-placement partner places people in (default none); null is not "none", so it is refused
  @ApiProperty({ enum: JOB_SECTORS, isArray: true, required: false })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(JOB_SECTORS.length)
  @ArrayUnique()
  @IsIn(JOB_SECTORS, { each: true, message: `each must be one of: ${JOB_SECTORS.join(', ')}` })
  sectors?: JobSector[];
  // places or clients a month; null clears it
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) capacity?: number | null;
  @IsEmail() @MaxLength(254) contactEmail: string;
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) @MaxLength(500) webhookUrl?: string | null;
  // write-only: the key the organisation verifies our webhook signatures with (the API only says whether one is set)
  @IsOptional() @IsString() @Length(16, 200) webhookSecret?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string | null;
  @IsOptional() @IsBoolean() active?: boolean;
}
// null only where the create DTO allows it (webhookUrl, notes, capacity…): a null list or name is a 400, not a 500
export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto, { skipNullProperties: false }) {}

export type OfficeDto = { id: string; name: string; oblast: Oblast; district: string };
export const toOfficeDto = (o: Office): OfficeDto => ({ id: o.id, name: o.name, oblast: o.oblast, district: o.district });

export type OrganizationDto = {
  id: string;
  name: string;
  kind: OrganizationKind;
  services: Service[];
  oblasts: Oblast[];
  sectors: JobSector[];
  capacity: number | null;
  contactEmail: string;
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  notes: string | null;
  active: boolean;
};
export const toOrganizationDto = (o: Organization): OrganizationDto => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  services: o.services,
  oblasts: o.oblasts,
  sectors: o.sectors,
  capacity: o.capacity,
  contactEmail: o.contactEmail,
  webhookUrl: o.webhookUrl,
  hasWebhookSecret: Boolean(o.webhookSecret),
  notes: o.notes,
  active: o.active,
});
