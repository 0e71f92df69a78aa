import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { ManualFollowUpKind } from '../follow-up.entity';
import { FOLLOW_UP_PLANS, FollowUpPlan, PlanItem } from '../follow-up-plans';
import { TIMESTAMP, TIMESTAMP_MESSAGE } from './create-follow-up.dto';

// POST /api/follow-ups/plan: the plan's dates as offered, or the ones the user kept ticked (`items`).
export class ApplyFollowUpPlanDto {
  @IsUUID('all', { message: 'must be a UUID' }) caseId: string;
  @ApiProperty({ enum: FOLLOW_UP_PLANS }) @IsIn(FOLLOW_UP_PLANS, { message: `must be one of: ${FOLLOW_UP_PLANS.join(', ')}` }) plan: FollowUpPlan;
  @ApiProperty({ type: [String], required: false, description: 'due times (ISO 8601) to schedule; all of the plan’s when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsISO8601(TIMESTAMP, { each: true, ...TIMESTAMP_MESSAGE })
  items?: string[];
}

export type FollowUpPlanItemDto = { kind: ManualFollowUpKind; dueAt: string; label: string };
// `applied`: follow-ups from this plan already exist on the case (scheduled, done or missed), so it is not offered again.
export type FollowUpPlanDto = { plan: FollowUpPlan | null; items: FollowUpPlanItemDto[]; applied: boolean };

export function toFollowUpPlanDto(plan: FollowUpPlan | null, items: PlanItem[], applied: boolean): FollowUpPlanDto {
  return { plan, items: items.map((i) => ({ kind: i.kind, dueAt: i.dueAt.toISOString(), label: i.label })), applied };
}
