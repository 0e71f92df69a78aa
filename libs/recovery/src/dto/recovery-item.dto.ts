import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min } from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import { RECOVERABLE_TYPES, RecoverableType } from '../checklist';
import { RECOVERY_AUTHORITIES, RecoveryAuthority, RecoveryItem, RecoveryStatus } from '../recovery-item.entity';
import { IsDateOnly, NotInFuture } from './recovery-rules';

export const MAX_RECOVERY_NOTE = 2000;
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const UUID = { message: 'must be a UUID' };
const oneOf = (list: readonly string[]) => ({ message: `must be one of: ${list.join(', ')}` });
// PUT may move an item between these; `received` only through POST /api/recovery-items/:id/receive (it needs the document)
export const RECOVERY_SET_STATUSES = ['to_request', 'requested', 'refused'] as const;

export type RecoveryItemDto = {
  id: string;
  returneeId: string;
  caseId: string | null;
  documentType: RecoverableType;
  country: string | null;
  authority: RecoveryAuthority;
  authorityName: string | null;
  requestedOn: string | null;
  expectedOn: string | null;
  status: RecoveryStatus;
  documentId: string | null;
  receivedOn: string | null;
  followUpId: string | null;
  note: string | null;
  allowedTransitions: RecoveryStatus[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export function toRecoveryItemDto(r: RecoveryItem, note: string | null, allowed: RecoveryStatus[]): RecoveryItemDto {
  return {
    id: r.id,
    returneeId: r.returneeId,
    caseId: r.caseId,
    documentType: r.documentType,
    country: r.country,
    authority: r.authority,
    authorityName: r.authorityName,
    requestedOn: r.requestedOn,
    expectedOn: r.expectedOn,
    status: r.status,
    documentId: r.documentId,
    receivedOn: r.receivedOn,
    followUpId: r.followUpId,
    note,
    allowedTransitions: allowed,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

// A new item starts to_request, or requested when the request date is given with it.
export class CreateRecoveryItemDto {
  @ApiProperty() @IsUUID('all', UUID) returneeId: string;
  @ApiPropertyOptional({ description: 'One of the returnee’s cases: the follow-up that chases the request is scheduled on it' })
  @IsOptional()
  @IsUUID('all', UUID)
  caseId?: string | null;
  @ApiProperty({ enum: RECOVERABLE_TYPES }) @IsIn(RECOVERABLE_TYPES, oneOf(RECOVERABLE_TYPES)) documentType: RecoverableType;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 of the issuing country' })
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code (e.g. RU)' })
  country?: string | null;
  @ApiProperty({ enum: RECOVERY_AUTHORITIES }) @IsIn(RECOVERY_AUTHORITIES, oneOf(RECOVERY_AUTHORITIES)) authority: RecoveryAuthority;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 200) authorityName?: string | null;
  @ApiPropertyOptional({ example: '2026-12-01' }) @IsOptional() @IsDateOnly() @NotInFuture() requestedOn?: string | null;
  @ApiPropertyOptional({ example: '2027-01-15' }) @IsOptional() @IsDateOnly() expectedOn?: string | null;
  @ApiPropertyOptional({ enum: RECOVERY_SET_STATUSES }) @IfPresent() @IsIn(RECOVERY_SET_STATUSES, oneOf(RECOVERY_SET_STATUSES)) status?: RecoveryStatus;
  @ApiPropertyOptional({ maxLength: MAX_RECOVERY_NOTE, description: 'Stored encrypted; never logged' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_RECOVERY_NOTE)
  note?: string | null;
}

// Partial update; the returnee and document type never change. `version`, when sent, must be the stored one (409).
export class UpdateRecoveryItemDto {
  @ApiPropertyOptional() @IfPresent() @IsInt() @Min(1) version?: number;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', UUID) caseId?: string | null;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code (e.g. RU)' })
  country?: string | null;
  @ApiPropertyOptional({ enum: RECOVERY_AUTHORITIES }) @IfPresent() @IsIn(RECOVERY_AUTHORITIES, oneOf(RECOVERY_AUTHORITIES)) authority?: RecoveryAuthority;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 200) authorityName?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() @NotInFuture() requestedOn?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() expectedOn?: string | null;
  @ApiPropertyOptional({ enum: RECOVERY_SET_STATUSES }) @IfPresent() @IsIn(RECOVERY_SET_STATUSES, oneOf(RECOVERY_SET_STATUSES)) status?: RecoveryStatus;
  @ApiPropertyOptional({ maxLength: MAX_RECOVERY_NOTE })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_RECOVERY_NOTE)
  note?: string | null;
}

export class ReceiveRecoveryItemDto {
  @ApiProperty({ description: 'A live uploaded document of the same returnee and of the item’s type' }) @IsUUID('all', UUID) documentId: string;
  @ApiPropertyOptional({ description: 'Default: today (Bishkek)' }) @IfPresent() @IsDateOnly() @NotInFuture() receivedOn?: string;
}
