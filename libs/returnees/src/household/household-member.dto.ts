import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Allow, ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import { Fields } from '../dto/returnee-input.dto';
import { IsDateOnly, NotInFuture, TrimToNull, UniqueItems } from '../dto/validators';
import { Sex } from '../returnee.types';
import { CHILD_CONCERNS, ChildConcern, IN_SCHOOL, InSchool, LIVES_WHERE, LivesWhere, RELATIONS, Relation } from './household.types';

const oneOf = (values: readonly string[]) => applyDecorators(ApiProperty({ enum: values }), IsIn(values, { message: `must be one of: ${values.join(', ')}` }));
const MemberFields = {
  relation: () => oneOf(RELATIONS),
  birthDate: () => applyDecorators(IsDateOnly(), NotInFuture()),
  livesWhere: () => oneOf(LIVES_WHERE),
  caregiverName: () => applyDecorators(TrimToNull(), IsString(), MaxLength(200)),
  inSchool: () => oneOf(IN_SCHOOL),
  concerns: () =>
    applyDecorators(
      ApiProperty({ enum: CHILD_CONCERNS, isArray: true }),
      IsArray(),
      ArrayMaxSize(CHILD_CONCERNS.length),
      IsIn(CHILD_CONCERNS, { each: true, message: `each must be one of: ${CHILD_CONCERNS.join(', ')}` }),
      UniqueItems(),
    ),
  linkedReturneeId: () => IsUUID('all', { message: 'must be a UUID' }),
};

// POST /api/returnees/:id/household-members. Caregiver, school and concerns are for members under 18 only.
export class CreateHouseholdMemberDto {
  @MemberFields.relation() relation: Relation;
  @Fields.name() lastName: string;
  @Fields.name() firstName: string;
  @Fields.sex() sex: Sex;
  @MemberFields.birthDate() birthDate: string;
  @MemberFields.livesWhere() livesWhere: LivesWhere;
  @IsOptional() @MemberFields.caregiverName() caregiverName?: string | null;
  @IsOptional() @MemberFields.inSchool() inSchool?: InSchool | null;
  @IsOptional() @MemberFields.concerns() concerns?: ChildConcern[];
  // a member who is a registered returnee (in the caller's scope, not the returnee itself)
  @IsOptional() @MemberFields.linkedReturneeId() linkedReturneeId?: string | null;
}

// PUT /api/returnees/:id/household-members/:memberId: absent means "leave as is", null clears an optional field.
export class UpdateHouseholdMemberDto {
  @IsInt() @Min(1) version: number;
  @IfPresent() @MemberFields.relation() relation?: Relation;
  @IfPresent() @Fields.name() lastName?: string;
  @IfPresent() @Fields.name() firstName?: string;
  @IfPresent() @Fields.sex() sex?: Sex;
  @IfPresent() @MemberFields.birthDate() birthDate?: string;
  @IfPresent() @MemberFields.livesWhere() livesWhere?: LivesWhere;
  @IsOptional() @MemberFields.caregiverName() caregiverName?: string | null;
  @IsOptional() @MemberFields.inSchool() inSchool?: InSchool | null;
  @IfPresent() @MemberFields.concerns() concerns?: ChildConcern[];
  @IsOptional() @MemberFields.linkedReturneeId() linkedReturneeId?: string | null;

  // Read-only fields of the response: react-admin's edit form sends back the whole record it read, so these are
  // accepted and ignored; any other unknown property is still a 400.
  @Allow() id?: unknown;
  @Allow() returneeId?: unknown;
  @Allow() age?: unknown;
  @Allow() withoutCaregiver?: unknown;
  @Allow() createdAt?: unknown;
  @Allow() updatedAt?: unknown;
}

export class MemberParams {
  @IsUUID('all', { message: 'must be a UUID' }) id: string;
  @IsUUID('all', { message: 'must be a UUID' }) memberId: string;
}

export type HouseholdMemberDto = {
  id: string;
  returneeId: string;
  relation: Relation;
  lastName: string;
  firstName: string;
  sex: Sex;
  birthDate: string;
  age: number;
  livesWhere: LivesWhere;
  caregiverName: string | null;
  inSchool: InSchool | null;
  concerns: ChildConcern[];
  linkedReturneeId: string | null;
  withoutCaregiver: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
};
