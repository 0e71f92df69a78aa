import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { Oblast } from '@kaytuu/shared';
import { Disability, Language, Sex, Vulnerability } from '../returnee.types';
import { ConsentInput, EpisodeInput, Fields } from './returnee-input.dto';

export class CreateReturneeDto {
  @IsOptional() @Fields.pin() pin?: string | null;
  @Fields.name() lastName: string;
  @Fields.name() firstName: string;
  @IsOptional() @Fields.patronymic() patronymic?: string | null;
  @Fields.sex() sex: Sex;
  @Fields.birthDate() birthDate: string;
  @IsOptional() @Fields.phone() phone?: string | null;
  @Fields.oblast() oblast: Oblast;
  @Fields.district() district: string;
  @IsOptional() @Fields.address() address?: string | null;
  @IsOptional() @Fields.householdSize() householdSize?: number | null;
  @IsOptional() @Fields.dependents() dependents?: number;
  @IsOptional() @Fields.languages() languages?: Language[];
  @IsOptional() @Fields.education() education?: string | null;
  @IsOptional() @Fields.skills() skills?: string[];
  @IsOptional() @Fields.disability() disability?: Disability;
  @IsOptional() @Fields.vulnerabilities() vulnerabilities?: Vulnerability[];
  // admins choose the office; office staff may omit it (their own office) or name their own office
  @IsOptional() @Fields.officeId() officeId?: string;
  @Fields.episodes() episodes: EpisodeInput[];
  // consent recorded at intake; later changes go through the consents endpoints
  @IsOptional() @ValidateNested() @Type(() => ConsentInput) consent?: ConsentInput;
}
