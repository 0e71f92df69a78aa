import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OBLASTS } from '@kaytuu/shared';
import { PIN_RE } from '../identifiers';
import {
  CONSENT_SCOPES,
  ConsentScope,
  DISABILITIES,
  LANGUAGES,
  RETURN_REASONS,
  ReturnReason,
  SECTORS,
  Sector,
  SEXES,
  VULNERABILITIES,
} from '../returnee.types';
import {
  CompactDigits,
  IsDateOnly,
  IsKgPhone,
  IsPastTimestamp,
  NormalisePhone,
  NotHome,
  NotInFuture,
  OnOrAfter,
  PlausibleBirthDate,
  Trim,
  TrimEach,
  TrimToNull,
  UniqueItems,
} from './validators';

// Letters (any script) with inner spaces, hyphens, apostrophes and dots: "Асан уулу", "Кара-Суу", "O'g'li".
const NAME_RE = /^\p{L}[\p{L}\p{M}'’ .-]*$/u;
const nameMessage = { message: 'must contain only letters, spaces, hyphens and apostrophes' };

export class EntryBanInput {
  @IsBoolean() active: boolean;
  @IsOptional() @IsDateOnly() until?: string | null;
  @IsOptional() @TrimToNull() @IsString() @MaxLength(200) authority?: string | null;
}

export class EpisodeInput {
  // echoed back by clients that send the record they read; ignored, because `episodes` replaces the whole list
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) id?: string;
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. RU' })
  @IsISO31661Alpha2({ message: 'is not an ISO 3166-1 country code' })
  @NotHome()
  country: string;
  @IsOptional() @TrimToNull() @IsString() @MaxLength(100) city?: string | null;
  @IsDateOnly() @NotInFuture() departedOn: string;
  @IsOptional() @IsDateOnly() @NotInFuture() @OnOrAfter('departedOn') returnedOn?: string | null;
  @ApiProperty({ enum: SECTORS }) @IsIn(SECTORS, { message: `must be one of: ${SECTORS.join(', ')}` }) sector: Sector;
  @IsOptional() @IsBoolean() employmentFormal?: boolean;
  @ApiProperty({ enum: RETURN_REASONS }) @IsIn(RETURN_REASONS, { message: `must be one of: ${RETURN_REASONS.join(', ')}` }) returnReason: ReturnReason;
  @IsOptional() @ValidateNested() @Type(() => EntryBanInput) entryBan?: EntryBanInput | null;
}

export class ConsentInput {
  @ApiProperty({ enum: CONSENT_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONSENT_SCOPES.length)
  @IsIn(CONSENT_SCOPES, { each: true, message: `each must be one of: ${CONSENT_SCOPES.join(', ')}` })
  @UniqueItems()
  scope: ConsentScope[];
  @IsPastTimestamp() givenAt: string;
}

// Field rules shared by the create and update DTOs, so the two cannot drift apart.
export const Fields = {
  pin: () => applyDecorators(CompactDigits(), IsString(), Matches(PIN_RE, { message: 'must be 14 digits, the first 1 or 2' })),
  name: () => applyDecorators(Trim(), IsString(), Length(1, 100), Matches(NAME_RE, nameMessage)),
  patronymic: () => applyDecorators(TrimToNull(), IsString(), MaxLength(100), Matches(NAME_RE, nameMessage)),
  sex: () => applyDecorators(ApiProperty({ enum: SEXES }), IsIn(SEXES, { message: `must be one of: ${SEXES.join(', ')}` })),
  birthDate: () => applyDecorators(IsDateOnly(), NotInFuture(), PlausibleBirthDate()),
  phone: () => applyDecorators(NormalisePhone(), IsString(), IsKgPhone()),
  oblast: () => applyDecorators(ApiProperty({ enum: OBLASTS }), IsIn(OBLASTS, { message: `must be one of: ${OBLASTS.join(', ')}` })),
  district: () => applyDecorators(Trim(), IsString(), Length(1, 100)),
  address: () => applyDecorators(TrimToNull(), IsString(), MaxLength(300)),
  householdSize: () => applyDecorators(IsInt(), Min(1), Max(50)),
  dependents: () => applyDecorators(IsInt(), Min(0), Max(30)),
  languages: () =>
    applyDecorators(
      ApiProperty({ enum: LANGUAGES, isArray: true }),
      IsArray(),
      ArrayMaxSize(LANGUAGES.length),
      IsIn(LANGUAGES, { each: true, message: `each must be one of: ${LANGUAGES.join(', ')}` }),
      UniqueItems(),
    ),
  education: () => applyDecorators(TrimToNull(), IsString(), MaxLength(100)),
  skills: () => applyDecorators(TrimEach(), IsArray(), ArrayMaxSize(30), IsString({ each: true }), Length(1, 50, { each: true }), UniqueItems()),
  disability: () => applyDecorators(ApiProperty({ enum: DISABILITIES }), IsIn(DISABILITIES, { message: `must be one of: ${DISABILITIES.join(', ')}` })),
  vulnerabilities: () =>
    applyDecorators(
      ApiProperty({ enum: VULNERABILITIES, isArray: true }),
      IsArray(),
      ArrayMaxSize(VULNERABILITIES.length),
      IsIn(VULNERABILITIES, { each: true, message: `each must be one of: ${VULNERABILITIES.join(', ')}` }),
      UniqueItems(),
    ),
  officeId: () => applyDecorators(IsUUID('all', { message: 'must be a UUID' })),
  episodes: () =>
    applyDecorators(
      ApiProperty({ type: () => EpisodeInput, isArray: true }),
      IsArray(),
      ArrayMinSize(1, { message: 'must list at least one migration episode' }),
      ArrayMaxSize(30),
      ValidateNested({ each: true }),
      Type(() => EpisodeInput),
    ),
};
