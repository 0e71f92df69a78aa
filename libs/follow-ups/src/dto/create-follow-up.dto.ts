import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MANUAL_FOLLOW_UP_KINDS, ManualFollowUpKind } from '../follow-up.entity';

export const TIMESTAMP = { strict: true, strictSeparator: true } as const;
export const TIMESTAMP_MESSAGE = { message: 'must be an ISO 8601 date-time' };

// "in the future" is checked by the service against the Clock, so tests can move time.
export class CreateFollowUpDto {
  @IsUUID('all', { message: 'must be a UUID' }) caseId: string;
  @ApiProperty({ enum: MANUAL_FOLLOW_UP_KINDS })
  @IsIn(MANUAL_FOLLOW_UP_KINDS, { message: `must be one of: ${MANUAL_FOLLOW_UP_KINDS.join(', ')}` })
  kind: ManualFollowUpKind;
  @IsISO8601(TIMESTAMP, TIMESTAMP_MESSAGE) dueAt: string;
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) assigneeId?: string;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string | null;
}
