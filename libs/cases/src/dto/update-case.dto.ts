import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import { CASE_PRIORITIES, CasePriority } from '../case-file.entity';
import { CASE_STATUSES, CaseStatus } from '../case-workflow';
import { TIMESTAMP, trim } from './create-case.dto';

// Absent means "leave as is"; null is refused for columns that cannot be empty (IsOptional would let null through).

// Partial update (PUT). `type`, `returneeId` and `code` never change; sending them is an unknown property (400).
export class UpdateCaseDto {
  @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: CASE_STATUSES, required: false }) @IfPresent() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @ApiProperty({ enum: CASE_PRIORITIES, required: false }) @IfPresent() @IsIn(CASE_PRIORITIES) priority?: CasePriority;
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) assigneeId?: string | null;
  @IfPresent() @Transform(trim) @IsString() @Length(1, 200) title?: string;
  @IsOptional() @IsString() @MaxLength(4000) summary?: string | null;
  // replaces the whole details object, validated against the case's type
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IfPresent() @IsObject() details?: Record<string, unknown>;
  @IsOptional() @IsISO8601(TIMESTAMP, { message: 'must be an ISO 8601 date-time' }) dueAt?: string | null;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(2000) closureReason?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) outcome?: string | null;
  // only read when this request closes the case: false skips the post-closure monitoring follow-ups
  @IfPresent() @IsBoolean() scheduleMonitoring?: boolean;
  // why a supervisor takes the case off its assignee; required then (400), recorded on the assigned event
  @IfPresent() @Transform(trim) @IsString() @Length(1, 2000) reassignReason?: string;
  // a supervisor's comment when sending a closure request back (required then); optional on other status changes
  @IfPresent() @Transform(trim) @IsString() @Length(1, 2000) comment?: string;
  // a supervisor approving the closure of a case whose required documents are not all present says why (422 without)
  @IfPresent() @Transform(trim) @IsString() @Length(1, 2000) missingDocumentsReason?: string;
  // why a closed case is reopened; required for closed → in_progress
  @IfPresent() @Transform(trim) @IsString() @Length(1, 2000) reason?: string;
}
