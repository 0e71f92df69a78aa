import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import { ACTION_KINDS, ACTION_STATUSES, ActionKind, ActionStatus, GOAL_DIMENSIONS, GOAL_STATUSES, GoalDimension, GoalStatus } from '../plan.entity';
import { IsDateOnly, NotInFuture } from './plan-rules';

export const MAX_GOALS = 30;
export const MAX_ACTIONS = 30;
export const MAX_PLAN_TEXT = 2000;
const NOT_BLANK = { message: 'must not be empty' };
const uuid = { message: 'must be a UUID' };

// An action serving a goal: a link to one of the returnee's cases, referrals, follow-ups or assistance items (its status
// then follows the linked record), or a task with what to do, an owner (a user or a partner organisation) and a due date.
export class ActionInput {
  @ApiPropertyOptional({ description: 'Keeps the action when given (an action of this version)' }) @IfPresent() @IsUUID('all', uuid) id?: string;
  @ApiProperty({ enum: ACTION_KINDS }) @IsIn(ACTION_KINDS, { message: `must be one of: ${ACTION_KINDS.join(', ')}` }) kind: ActionKind;
  @ApiPropertyOptional({ description: 'The linked case, referral, follow-up or assistance item (not for a task)' })
  @IfPresent()
  @IsUUID('all', uuid)
  refId?: string;
  @ApiPropertyOptional({ maxLength: MAX_PLAN_TEXT, description: 'What to do; required for a task' })
  @IfPresent()
  @IsString()
  @Matches(/\S/, NOT_BLANK)
  @MaxLength(MAX_PLAN_TEXT)
  text?: string;
  @ApiPropertyOptional() @IfPresent() @IsUUID('all', uuid) ownerUserId?: string;
  @ApiPropertyOptional() @IfPresent() @IsUUID('all', uuid) ownerOrganizationId?: string;
  @ApiPropertyOptional({ example: '2027-03-01' }) @IfPresent() @IsDateOnly() dueAt?: string;
  @ApiPropertyOptional({ enum: ACTION_STATUSES, description: 'A task only; a linked action follows its record' })
  @IfPresent()
  @IsIn(ACTION_STATUSES, { message: `must be one of: ${ACTION_STATUSES.join(', ')}` })
  status?: ActionStatus;
}

export class GoalInput {
  @ApiPropertyOptional({ description: 'Keeps the goal when given (a goal of this version)' }) @IfPresent() @IsUUID('all', uuid) id?: string;
  @ApiProperty({ enum: GOAL_DIMENSIONS }) @IsIn(GOAL_DIMENSIONS, { message: `must be one of: ${GOAL_DIMENSIONS.join(', ')}` }) dimension: GoalDimension;
  @ApiProperty({ maxLength: MAX_PLAN_TEXT }) @IsString() @Matches(/\S/, NOT_BLANK) @MaxLength(MAX_PLAN_TEXT) text: string;
  // not in the past: checked by the service (a kept goal may keep a date that has passed since)
  @ApiProperty({ example: '2027-06-30', description: 'YYYY-MM-DD, not in the past' }) @IsDateOnly() targetDate: string;
  @ApiPropertyOptional({ enum: GOAL_STATUSES })
  @IfPresent()
  @IsIn(GOAL_STATUSES, { message: `must be one of: ${GOAL_STATUSES.join(', ')}` })
  status?: GoalStatus;
  @ApiPropertyOptional({ maxLength: MAX_PLAN_TEXT, description: 'Required when the status is dropped' })
  @IfPresent()
  @IsString()
  @Matches(/\S/, NOT_BLANK)
  @MaxLength(MAX_PLAN_TEXT)
  droppedReason?: string;
  @ApiProperty({ type: () => ActionInput, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ACTIONS)
  @ValidateNested({ each: true })
  @Type(() => ActionInput)
  actions?: ActionInput[];
}

const goalsField = () =>
  applyDecorators(
    ApiProperty({ type: () => GoalInput, isArray: true }),
    IsArray(),
    ArrayMaxSize(MAX_GOALS),
    ValidateNested({ each: true }),
    Type(() => GoalInput),
  );

export class CreatePlanDto {
  @ApiProperty() @IsUUID('all', uuid) returneeId: string;
  @IsOptional() @goalsField() goals?: GoalInput[];
}

// The whole goal list of a draft or returned version: goals and actions with an id keep it, the others are new, and
// those left out are removed.
export class UpdatePlanDto {
  @goalsField() goals: GoalInput[];
}

export class ReturnPlanDto {
  @ApiProperty({ maxLength: MAX_PLAN_TEXT }) @IsString() @Matches(/\S/, NOT_BLANK) @MaxLength(MAX_PLAN_TEXT) comment: string;
}

export class ClosePlanDto {
  @ApiProperty({ maxLength: MAX_PLAN_TEXT }) @IsString() @Matches(/\S/, NOT_BLANK) @MaxLength(MAX_PLAN_TEXT) reason: string;
}

export class SignPlanDto {
  @ApiProperty({ example: '2026-12-01', description: 'The day the returnee signed (YYYY-MM-DD), not in the future' })
  @IsDateOnly()
  @NotInFuture()
  signedOn: string;
}

export class ReviewGoalInput {
  @ApiProperty() @IsUUID('all', uuid) goalId: string;
  @ApiProperty({ enum: GOAL_STATUSES }) @IsIn(GOAL_STATUSES, { message: `must be one of: ${GOAL_STATUSES.join(', ')}` }) status: GoalStatus;
  @ApiProperty({ maxLength: MAX_PLAN_TEXT }) @IsString() @Matches(/\S/, NOT_BLANK) @MaxLength(MAX_PLAN_TEXT) progress: string;
  @ApiPropertyOptional({ maxLength: MAX_PLAN_TEXT, description: 'Required when the status is dropped' })
  @IfPresent()
  @IsString()
  @Matches(/\S/, NOT_BLANK)
  @MaxLength(MAX_PLAN_TEXT)
  droppedReason?: string;
}

export class CreateReviewDto {
  @ApiPropertyOptional({ description: 'The monitoring follow-up of this review (same returnee)' }) @IfPresent() @IsUUID('all', uuid) followUpId?: string;
  @ApiProperty({ example: '2026-12-01', description: 'YYYY-MM-DD, not in the future' }) @IsDateOnly() @NotInFuture() reviewedOn: string;
  @ApiProperty({ type: () => ReviewGoalInput, isArray: true })
  @IsArray()
  @ArrayMaxSize(MAX_GOALS)
  @ValidateNested({ each: true })
  @Type(() => ReviewGoalInput)
  goals: ReviewGoalInput[];
  @ApiPropertyOptional({ type: String, isArray: true, description: "Notes of the returnee's the review cites" })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'must be a list of UUIDs' })
  noteIds?: string[];
}
