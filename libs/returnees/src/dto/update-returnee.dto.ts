import { Allow, IsInt, IsOptional, Min } from 'class-validator';
import { IfPresent, Oblast } from '@kaytuu/shared';
import { Disability, Language, Sex, Vulnerability } from '../returnee.types';
import { EpisodeInput, Fields } from './returnee-input.dto';

// PUT is partial: absent fields stay as they are. Fields that may be null (pin, phone, …) clear with null; the others
// (names, sex, birthDate, …) may be left out but never set to null. `episodes`, when given, replaces the whole list.
export class UpdateReturneeDto {
  @IsInt({ message: 'is required: send the version you read' }) @Min(1) version: number;

  @IsOptional() @Fields.pin() pin?: string | null;
  @IfPresent() @Fields.name() lastName?: string;
  @IfPresent() @Fields.name() firstName?: string;
  @IsOptional() @Fields.patronymic() patronymic?: string | null;
  @IfPresent() @Fields.sex() sex?: Sex;
  @IfPresent() @Fields.birthDate() birthDate?: string;
  @IsOptional() @Fields.phone() phone?: string | null;
  @IfPresent() @Fields.oblast() oblast?: Oblast;
  @IfPresent() @Fields.district() district?: string;
  @IsOptional() @Fields.address() address?: string | null;
  @IsOptional() @Fields.householdSize() householdSize?: number | null;
  @IfPresent() @Fields.dependents() dependents?: number;
  @IfPresent() @Fields.languages() languages?: Language[];
  @IsOptional() @Fields.education() education?: string | null;
  @IfPresent() @Fields.skills() skills?: string[];
  @IfPresent() @Fields.disability() disability?: Disability;
  @IfPresent() @Fields.vulnerabilities() vulnerabilities?: Vulnerability[];
  // moving a record to another office is for admins; office staff may only name their own
  @IfPresent() @Fields.officeId() officeId?: string;
  @IfPresent() @Fields.episodes() episodes?: EpisodeInput[];

  // Read-only fields of the response DTO. react-admin's edit form sends back the whole record it read, so these are
  // accepted and ignored rather than rejected; any other unknown property is still a 400.
  @Allow() id?: unknown;
  @Allow() code?: unknown;
  @Allow() fullName?: unknown;
  @Allow() age?: unknown;
  @Allow() createdBy?: unknown;
  @Allow() createdAt?: unknown;
  @Allow() updatedAt?: unknown;
  @Allow() consents?: unknown;
  @Allow() lastCountry?: unknown;
  @Allow() lastReturnReason?: unknown;
  @Allow() entryBanActive?: unknown;
  @Allow() childWithoutCaregiver?: unknown;
}

export const UPDATE_READ_ONLY_KEYS = [
  'id',
  'code',
  'fullName',
  'age',
  'createdBy',
  'createdAt',
  'updatedAt',
  'consents',
  'lastCountry',
  'lastReturnReason',
  'entryBanActive',
  'childWithoutCaregiver',
] as const;
