import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IfPresent, OBLASTS } from '@kaytuu/shared';
import { VULNERABILITIES } from '@kaytuu/returnees';
import { ASSISTANCE_TYPES, AssistanceType, Currency, CURRENCIES, Eligibility } from '../assistance.types';
import { IsDateOnly, IsMinorAmount } from './money';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const oneOf = (list: readonly string[]) => ({ message: `must be one of: ${list.join(', ')}` });
const eachOneOf = (list: readonly string[]) => ({ each: true, message: `must each be one of: ${list.join(', ')}` });

export class EligibilityDto {
  @ApiPropertyOptional({ description: 'The latest return is at most this many months before the day of the check' })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(240)
  returnedWithinMonths?: number;
  @ApiPropertyOptional() @IfPresent() @IsInt() @Min(0) @Max(120) ageMin?: number;
  @ApiPropertyOptional() @IfPresent() @IsInt() @Min(0) @Max(120) ageMax?: number;
  @ApiPropertyOptional({ enum: VULNERABILITIES, isArray: true, description: 'At least one of these vulnerability flags' })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VULNERABILITIES.length)
  @IsIn(VULNERABILITIES, eachOneOf(VULNERABILITIES))
  vulnerabilitiesAny?: string[];
  @ApiPropertyOptional({ description: 'An approved reintegration plan is in force' }) @IfPresent() @IsBoolean() hasApprovedPlan?: boolean;
}

export class BudgetLineInputDto {
  @ApiProperty({ enum: ASSISTANCE_TYPES }) @IsIn(ASSISTANCE_TYPES, oneOf(ASSISTANCE_TYPES)) assistanceType: AssistanceType;
  @ApiProperty({ description: 'The budget in minor units (tyiyn, cents)' }) @IsMinorAmount() amountMinor: number;
}

export class CreateProgrammeDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 200) name: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 200) funder: string;
  @ApiProperty({ enum: CURRENCIES }) @IsIn(CURRENCIES, oneOf(CURRENCIES)) currency: Currency;
  @ApiProperty({ example: '2026-01-01' }) @IsDateOnly() startsOn: string;
  @ApiProperty({ example: '2027-12-31' }) @IsDateOnly() endsOn: string;
  @ApiPropertyOptional({ enum: OBLASTS, isArray: true, description: 'Empty: every oblast' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(OBLASTS.length)
  @IsIn(OBLASTS, eachOneOf(OBLASTS))
  oblasts?: string[];
  @ApiProperty({ enum: ASSISTANCE_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ASSISTANCE_TYPES.length)
  @IsIn(ASSISTANCE_TYPES, eachOneOf(ASSISTANCE_TYPES))
  assistanceTypes: AssistanceType[];
  @ApiProperty({ type: [BudgetLineInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ASSISTANCE_TYPES.length)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineInputDto)
  lines: BudgetLineInputDto[];
  @ApiPropertyOptional({ description: 'Items above this amount need a second approval by an admin; null: never' })
  @IsOptional()
  @IsMinorAmount()
  approvalThresholdMinor?: number | null;
  @ApiPropertyOptional({ type: EligibilityDto }) @IfPresent() @ValidateNested() @Type(() => EligibilityDto) eligibility?: EligibilityDto;
  @ApiPropertyOptional() @IfPresent() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: '"1+1" matching: percent of the own contribution matched (100 = one for one); null: no matching' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  matchRatioPercent?: number | null;
  @ApiPropertyOptional({ description: 'The most one 1+1 application is matched, in minor units; null: no cap' })
  @IsOptional()
  @IsMinorAmount()
  matchCapMinor?: number | null;
}

// Partial update; `version`, when sent, must be the stored one (409). `lines`, when sent, is the whole set.
export class UpdateProgrammeDto {
  @ApiPropertyOptional() @IfPresent() @IsInt() @Min(1) version?: number;
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @Length(1, 200) funder?: string;
  @ApiPropertyOptional({ enum: CURRENCIES }) @IfPresent() @IsIn(CURRENCIES, oneOf(CURRENCIES)) currency?: Currency;
  @ApiPropertyOptional() @IfPresent() @IsDateOnly() startsOn?: string;
  @ApiPropertyOptional() @IfPresent() @IsDateOnly() endsOn?: string;
  @ApiPropertyOptional({ enum: OBLASTS, isArray: true })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(OBLASTS.length)
  @IsIn(OBLASTS, eachOneOf(OBLASTS))
  oblasts?: string[];
  @ApiPropertyOptional({ enum: ASSISTANCE_TYPES, isArray: true })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ASSISTANCE_TYPES.length)
  @IsIn(ASSISTANCE_TYPES, eachOneOf(ASSISTANCE_TYPES))
  assistanceTypes?: AssistanceType[];
  @ApiPropertyOptional({ type: [BudgetLineInputDto] })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ASSISTANCE_TYPES.length)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineInputDto)
  lines?: BudgetLineInputDto[];
  @ApiPropertyOptional() @IsOptional() @IsMinorAmount() approvalThresholdMinor?: number | null;
  @ApiPropertyOptional({ type: EligibilityDto }) @IfPresent() @ValidateNested() @Type(() => EligibilityDto) eligibility?: EligibilityDto;
  @ApiPropertyOptional() @IfPresent() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: '"1+1" matching: percent of the own contribution matched (100 = one for one); null: no matching' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  matchRatioPercent?: number | null;
  @ApiPropertyOptional({ description: 'The most one 1+1 application is matched, in minor units; null: no cap' })
  @IsOptional()
  @IsMinorAmount()
  matchCapMinor?: number | null;
}

export type BudgetLineDto = {
  id: string;
  assistanceType: AssistanceType;
  amountMinor: number;
  committedMinor: number;
  disbursedMinor: number;
  availableMinor: number;
};

export type ProgrammeDto = {
  id: string;
  name: string;
  funder: string;
  currency: Currency;
  startsOn: string;
  endsOn: string;
  oblasts: string[];
  assistanceTypes: AssistanceType[];
  eligibility: Eligibility;
  approvalThresholdMinor: number | null;
  matchRatioPercent: number | null;
  matchCapMinor: number | null;
  active: boolean;
  lines: BudgetLineDto[];
  createdAt: string;
  updatedAt: string;
  version: number;
};
