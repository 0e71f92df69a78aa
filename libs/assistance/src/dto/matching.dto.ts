import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { IfPresent, OBLASTS } from '@kaytuu/shared';
import { SECTORS } from '@kaytuu/returnees';
import {
  BUSINESS_STATUSES,
  BusinessStatus,
  Currency,
  CURRENCIES,
  INCOME_BANDS,
  IncomeBand,
  MatchingStatus,
  MatchLimit,
  SURVIVAL_MILESTONES,
  SurvivalMilestone,
} from '../assistance.types';
import { PlannedTranche } from '../matching';
import { AssistanceStepDto, DisbursementDto } from './assistance.dto';
import { IsDateOnly, IsMinorAmount } from './money';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const UUID = { message: 'must be a UUID' };
const oneOf = (list: readonly string[]) => ({ message: `must be one of: ${list.join(', ')}` });

export class BusinessPlanDto {
  @ApiProperty({ enum: SECTORS }) @IsIn(SECTORS, oneOf(SECTORS)) sector: string;
  @ApiProperty({ enum: OBLASTS }) @IsIn(OBLASTS, oneOf(OBLASTS)) oblast: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 100) district: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 4000) description: string;
  @ApiProperty({ description: 'Minor units' }) @IsMinorAmount() totalCostMinor: number;
  @ApiProperty({ description: 'Minor units; 0 allowed' })
  @IsInt({ message: 'must be a whole number of minor units (no fractions)' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedMonthlyIncomeMinor: number;
  @ApiProperty({ description: 'People other than the returnee the business employs' }) @IsInt() @Min(0) @Max(1000) jobsForOthers: number;
}

export class ProposeMatchingDto {
  @ApiProperty() @IsUUID('all', UUID) returneeId: string;
  @ApiProperty() @IsUUID('all', UUID) programmeId: string;
  @ApiProperty({ description: 'One of the returnee’s cases: the 3-, 6- and 12-month survival follow-ups are scheduled on it' })
  @IsUUID('all', UUID)
  caseId: string;
  @ApiProperty({ enum: CURRENCIES, description: 'Must be the programme’s currency' }) @IsIn(CURRENCIES, oneOf(CURRENCIES)) currency: Currency;
  @ApiProperty({ type: BusinessPlanDto }) @IsObject() @ValidateNested() @Type(() => BusinessPlanDto) businessPlan: BusinessPlanDto;
  @ApiProperty({ description: 'The returnee’s own money put into the business, minor units above 0' }) @IsMinorAmount() ownContributionMinor: number;
  @ApiPropertyOptional({ description: 'A bank or remittance statement already uploaded on the returnee' })
  @IsOptional()
  @IsUUID('all', UUID)
  ownEvidenceDocumentId?: string | null;
  @ApiPropertyOptional({ description: 'Percent of the matched amount paid at approval (default 50); the rest after the 3-month check' })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(100)
  firstTranchePercent?: number;
  @ApiPropertyOptional({ description: 'A goal of the returnee’s reintegration plan' }) @IsOptional() @IsUUID('all', UUID) planGoalId?: string | null;
}

export class RejectMatchingDto extends AssistanceStepDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 2000) reason: string;
}

export class RecordSurvivalCheckDto {
  @ApiProperty({ enum: SURVIVAL_MILESTONES }) @IsIn(SURVIVAL_MILESTONES, oneOf(SURVIVAL_MILESTONES)) milestone: SurvivalMilestone;
  @ApiProperty({ example: '2027-06-07' }) @IsDateOnly() checkedOn: string;
  @ApiProperty({ enum: BUSINESS_STATUSES }) @IsIn(BUSINESS_STATUSES, oneOf(BUSINESS_STATUSES)) businessStatus: BusinessStatus;
  @ApiProperty({ enum: INCOME_BANDS, description: 'KGS a month' }) @IsIn(INCOME_BANDS, oneOf(INCOME_BANDS)) monthlyIncomeBand: IncomeBand;
  @ApiProperty() @IsInt() @Min(0) @Max(1000) peopleEmployed: number;
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @Length(1, 2000) note?: string;
}

export type BusinessPlan = {
  sector: string;
  oblast: string;
  district: string;
  description: string;
  totalCostMinor: number;
  expectedMonthlyIncomeMinor: number;
  jobsForOthers: number;
};

export type SurvivalCheckDto = {
  id: string;
  milestone: SurvivalMilestone;
  checkedOn: string;
  businessStatus: BusinessStatus;
  monthlyIncomeBand: IncomeBand;
  peopleEmployed: number;
  note: string | null;
  followUpId: string | null;
  recordedBy: string;
  createdAt: string;
};

export type MatchingApplicationDto = {
  id: string;
  returneeId: string;
  officeId: string;
  programmeId: string;
  caseId: string;
  planGoalId: string | null;
  currency: Currency;
  businessPlan: BusinessPlan;
  ownContributionMinor: number;
  ownEvidenceDocumentId: string | null;
  matchRatioPercent: number;
  matchCapMinor: number | null;
  matchedMinor: number;
  matchLimitedBy: MatchLimit | null;
  firstTranchePercent: number;
  plannedTranches: PlannedTranche[];
  status: MatchingStatus;
  supervisorApprovedBy: string | null;
  supervisorApprovedAt: string | null;
  adminApprovedBy: string | null;
  adminApprovedAt: string | null;
  rejectionReason: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
  assistanceItemId: string | null;
  tranches: DisbursementDto[];
  disbursedMinor: number;
  followUps: { m3: string | null; m6: string | null; m12: string | null };
  survivalChecks: SurvivalCheckDto[];
  proposedBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
};
