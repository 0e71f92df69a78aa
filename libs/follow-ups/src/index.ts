export { FollowUpsModule } from './follow-ups.module';
export { FollowUpService, type FollowUpPlanLink } from './follow-up.service';
export { ReminderService, UnsupportedReminderChannel, type DeliveryResult } from './reminder.service';
export type { ClaimedReminder } from './reminder.repository';
export { FOLLOW_UP_KINDS, type FollowUpKind, FOLLOW_UP_STATUSES, type FollowUpStatus } from './follow-up.entity';
export { REMINDER_KINDS, type ReminderKind, REMINDER_STATUSES, type ReminderStatus } from './reminder.entity';
export type { FollowUpDto, FollowUpSummaryDto } from './dto/follow-up.dto';
export { FOLLOW_UP_PLANS, type FollowUpPlan, FOLLOW_UP_SOURCES, type FollowUpSource } from './follow-up-plans';
export type { FollowUpPlanDto, FollowUpPlanItemDto } from './dto/follow-up-plan.dto';
