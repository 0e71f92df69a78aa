import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import { TIMESTAMP, TIMESTAMP_MESSAGE } from './create-follow-up.dto';

export const FOLLOW_UP_CLOSING_STATUSES = ['done', 'cancelled'] as const;
export type FollowUpClosingStatus = (typeof FOLLOW_UP_CLOSING_STATUSES)[number];

// Absent means "leave as is"; null is refused where the column cannot be empty.

// Partial update: mark done or cancelled, reschedule (new dueAt), edit notes/outcome, reassign.
export class UpdateFollowUpDto {
  @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: FOLLOW_UP_CLOSING_STATUSES, required: false })
  @IfPresent()
  @IsIn(FOLLOW_UP_CLOSING_STATUSES, { message: `must be one of: ${FOLLOW_UP_CLOSING_STATUSES.join(', ')}` })
  status?: FollowUpClosingStatus;
  @IfPresent() @IsISO8601(TIMESTAMP, TIMESTAMP_MESSAGE) dueAt?: string;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) outcome?: string | null;
  @IfPresent() @IsUUID('all', { message: 'must be a UUID' }) assigneeId?: string;
}
