import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { OBLASTS, Oblast } from '@kaytuu/shared';
// target sectors are the same vocabulary as a returnee's migration episodes
import { SECTORS, Sector } from '@kaytuu/returnees';

// The closed vocabularies for each case type's `details` (the console's choices in apps/console/src/shared/choices.ts
// hold the same lists).
export const HEALTH_CONDITIONS = ['tb', 'hiv', 'chronic', 'mental_health', 'injury', 'maternal', 'other'] as const;
export const HEALTH_URGENCIES = ['routine', 'soon', 'urgent'] as const;
export const TB_TREATMENT_STAGES = ['intensive', 'continuation', 'completed'] as const;
export const LEGAL_ISSUES = ['entry_ban', 'unpaid_wages', 'documents', 'detention', 'criminal_case', 'family', 'labour_dispute', 'other'] as const;
export const CLAIM_STATUSES = ['collecting_documents', 'submitted', 'approved', 'rejected'] as const;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // rejects 2021-02-30 and friends, which Date would silently roll over
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 1900;
}

export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isDateOnly', validator: { validate: isDateOnly, defaultMessage: () => 'must be a date as YYYY-MM-DD' } }, options);
}

const ISO2 = { message: 'must be an ISO 3166-1 alpha-2 country code (e.g. RU)' };
// stored upper-case so EAEU membership checks and reports compare like with like
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

export class HealthReferralDetails {
  @IsIn(HEALTH_CONDITIONS) condition: (typeof HEALTH_CONDITIONS)[number];
  @IsIn(HEALTH_URGENCIES) urgency: (typeof HEALTH_URGENCIES)[number];
  @IsOptional() @IsString() @MaxLength(200) facility?: string | null;
  @IsOptional() @IsIn(TB_TREATMENT_STAGES) tbTreatmentStage?: (typeof TB_TREATMENT_STAGES)[number] | null;
}

export class LegalAidDetails {
  @IsIn(LEGAL_ISSUES) issue: (typeof LEGAL_ISSUES)[number];
  @Transform(upper) @IsISO31661Alpha2(ISO2) country: string;
  @IsOptional() @IsString() @MaxLength(200) counterpart?: string | null;
  @IsOptional() @IsDateOnly() deadline?: string | null;
}

export class JobPlacement {
  @IsString() @Length(1, 200) employer: string;
  @IsDateOnly() startedOn: string;
  @IsBoolean() formal: boolean;
  @IsInt() @Min(0) @Max(10_000_000) monthlyWageKgs: number;
}

export class JobPlacementDetails {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(SECTORS.length) @ArrayUnique() @IsIn(SECTORS, { each: true }) targetSectors: Sector[];
  @IsIn(OBLASTS) desiredOblast: Oblast;
  @IsBoolean() training: boolean;
  @IsOptional() @ValidateNested() @Type(() => JobPlacement) placement?: JobPlacement | null;
}

export class PensionPeriodInput {
  @IsDateOnly() from: string;
  @IsDateOnly() to: string;
  @IsOptional() @IsString() @MaxLength(200) employer?: string | null;
  @IsBoolean() documented: boolean;
}

// insuredMonths, eaeuMonths, missingDocuments and underEaeuAgreement are computed by the API; a client sending them gets 400.
export class PensionClaimDetails {
  @Transform(upper) @IsISO31661Alpha2(ISO2) country: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PensionPeriodInput) periods: PensionPeriodInput[];
  @IsIn(CLAIM_STATUSES) claimStatus: (typeof CLAIM_STATUSES)[number];
}
