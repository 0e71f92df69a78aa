import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { Locale, LOCALES, Role, ROLES } from '@kaytuu/shared';
import { NotCommonPassword } from '../common-passwords';
import { User } from '../user.entity';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto {
  @Transform(lower) @IsEmail() @MaxLength(254) email: string;
  @IsString() @Length(2, 200) fullName: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @IsOptional() @IsUUID() officeId?: string | null;
  @IsOptional() @IsUUID() organizationId?: string | null;
  @ApiProperty({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) locale?: Locale;
  @ApiPropertyOptional({ type: [String], description: 'Donors only: the programmes whose aggregate figures the donor sees' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'must be a list of UUIDs' })
  programmeIds?: string[];
  @IsString() @MinLength(12, { message: 'must be at least 12 characters' }) @MaxLength(200) @NotCommonPassword() password: string;
}

// a left-out field keeps its value; null is refused except where the field says it may be null (office, organisation)
export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {
  @IsOptional() @IsBoolean() active?: boolean;
}

export class LoginDto {
  @Transform(lower) @IsString() @MaxLength(254) email: string;
  @IsString() @MaxLength(200) password: string;
}

export class RefreshDto {
  @IsString() @MaxLength(200) refreshToken: string;
}

export type UserDto = {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  officeId: string | null;
  organizationId: string | null;
  // donors: the programmes granted (donor_programme); empty for every other role
  programmeIds: string[];
  locale: Locale;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};

export function toUserDto(u: User, programmeIds: string[] = []): UserDto {
  return {
    id: u.id,
    email: u.email,
    fullName: u.fullName,
    role: u.role,
    officeId: u.officeId,
    organizationId: u.organizationId,
    programmeIds,
    locale: u.locale,
    active: u.active,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}
