import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import {
  ASSISTANCE_TYPES,
  AssistanceDetails,
  AssistanceStatus,
  AssistanceType,
  Currency,
  CURRENCIES,
  DISBURSEMENT_METHODS,
  DisbursementKind,
  DisbursementMethod,
  LedgerKind,
  USED_AS_INTENDED,
  UsedAsIntended,
} from '../assistance.types';
import { IsDateOnly, IsMinorAmount } from './money';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const UUID = { message: 'must be a UUID' };
const oneOf = (list: readonly string[]) => ({ message: `must be one of: ${list.join(', ')}` });

export class InKindItemDto {
  @ApiProperty({ example: 'Швейная машина' }) @Transform(trim) @IsString() @Length(1, 200) name: string;
  @ApiProperty() @IsInt() @Min(1) @Max(100000) quantity: number;
}

// in_kind: items and supplier; training_voucher: course and provider; other types: nothing.
export class AssistanceDetailsDto {
  @ApiPropertyOptional({ type: [InKindItemDto] })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InKindItemDto)
  items?: InKindItemDto[];
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @Length(1, 200) supplier?: string;
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @Length(1, 200) course?: string;
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @Length(1, 200) provider?: string;
}

export class ProposeAssistanceDto {
  @ApiProperty() @IsUUID('all', UUID) returneeId: string;
  @ApiProperty() @IsUUID('all', UUID) programmeId: string;
  @ApiProperty({ enum: ASSISTANCE_TYPES }) @IsIn(ASSISTANCE_TYPES, oneOf(ASSISTANCE_TYPES)) type: AssistanceType;
  @ApiProperty({ description: 'Minor units (tyiyn, cents): a whole number above 0' }) @IsMinorAmount() amountMinor: number;
  @ApiProperty({ enum: CURRENCIES, description: 'Must be the programme’s currency' }) @IsIn(CURRENCIES, oneOf(CURRENCIES)) currency: Currency;
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 4000) justification: string;
  @ApiPropertyOptional({ type: AssistanceDetailsDto }) @IfPresent() @ValidateNested() @Type(() => AssistanceDetailsDto) details?: AssistanceDetailsDto;
  @ApiPropertyOptional({ description: 'A goal of the returnee’s reintegration plan' }) @IsOptional() @IsUUID('all', UUID) planGoalId?: string | null;
  @ApiPropertyOptional({ description: 'One of the returnee’s cases' }) @IsOptional() @IsUUID('all', UUID) caseId?: string | null;
}

export class AssistanceStepDto {
  @ApiPropertyOptional({ description: 'When sent, must be the stored version (409 otherwise)' }) @IfPresent() @IsInt() @Min(1) version?: number;
}

export class RejectAssistanceDto extends AssistanceStepDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 2000) reason: string;
}

export class CancelAssistanceDto extends AssistanceStepDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 2000) reason: string;
}

export class DisburseAssistanceDto extends AssistanceStepDto {
  @ApiProperty({ example: '2026-12-07' }) @IsDateOnly() disbursedOn: string;
  @ApiProperty({ enum: DISBURSEMENT_METHODS }) @IsIn(DISBURSEMENT_METHODS, oneOf(DISBURSEMENT_METHODS)) method: DisbursementMethod;
  @ApiPropertyOptional({ description: 'Bank or wallet transaction id, delivery note number' })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  reference?: string;
  @ApiPropertyOptional({ description: 'This tranche; default: everything still committed' })
  @IfPresent()
  @IsMinorAmount()
  amountMinor?: number;
  @ApiPropertyOptional({ description: 'The receipt or delivery note, a document already uploaded on the returnee' })
  @IfPresent()
  @IsUUID('all', UUID)
  documentId?: string;
  @ApiPropertyOptional({
    description: 'The last payment: what is left of the commitment is released. Default true, false for a 1+1 grant (paid in tranches)',
  })
  @IfPresent()
  @IsBoolean()
  final?: boolean;
}

export class ReverseAssistanceDto extends AssistanceStepDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({ description: 'Default: everything disbursed and not yet reversed' }) @IfPresent() @IsMinorAmount() amountMinor?: number;
}

// The unpaid rest of a partly paid grant released (a 1+1 business closed at its 3-month check, a returnee who left).
export class ReleaseAssistanceDto extends AssistanceStepDto {
  @ApiProperty({ description: 'Why the rest is released (sealed; never in the audit log)' }) @Transform(trim) @IsString() @Length(1, 2000) reason: string;
}

export class VerifyAssistanceDto extends AssistanceStepDto {
  @ApiProperty({ enum: USED_AS_INTENDED }) @IsIn(USED_AS_INTENDED, oneOf(USED_AS_INTENDED)) usedAsIntended: UsedAsIntended;
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @Length(1, 2000) note?: string;
}

export type LedgerEntryDto = { id: string; kind: LedgerKind; amountMinor: number; at: string; actorId: string };

// A tranche paid (disburse), money taken back (reverse) or the unpaid rest released (release), with its ledger entry's
// amount; reverse and release carry their reason.
export type DisbursementDto = {
  id: string;
  kind: DisbursementKind;
  amountMinor: number;
  disbursedOn: string | null;
  method: DisbursementMethod | null;
  reference: string | null;
  documentId: string | null;
  reason: string | null;
  at: string;
  actorId: string;
};

export type AssistanceItemDto = {
  id: string;
  returneeId: string;
  programmeId: string;
  budgetLineId: string;
  planGoalId: string | null;
  caseId: string | null;
  type: AssistanceType;
  amountMinor: number;
  currency: Currency;
  details: AssistanceDetails;
  justification: string;
  status: AssistanceStatus;
  firstApprovedBy: string | null;
  firstApprovedAt: string | null;
  secondApprovedBy: string | null;
  secondApprovedAt: string | null;
  needsSecondApproval: boolean;
  rejectionReason: string | null;
  disbursedOn: string | null;
  disbursementMethod: DisbursementMethod | null;
  disbursementReference: string | null;
  disbursedMinor: number | null;
  committedMinor: number;
  reversedMinor: number;
  disbursements: DisbursementDto[];
  matchingApplicationId: string | null;
  usedAsIntended: UsedAsIntended | null;
  verificationNote: string | null;
  verifiedAt: string | null;
  cancelReason: string | null;
  proposedBy: string;
  ledger: LedgerEntryDto[];
  createdAt: string;
  updatedAt: string;
  version: number;
};
