export { PlansModule } from './plans.module';
export { PlansService } from './plans.service';
export { PlanFactsService } from './plan-facts.service';
export { PlanLinkRegistry, type PlanLink, type PlanLinkSource } from './plan-links';
export { PlansErrorCode } from './plans.errors';
export {
  PLAN_STATUSES,
  type PlanStatus,
  GOAL_DIMENSIONS,
  type GoalDimension,
  GOAL_STATUSES,
  type GoalStatus,
  ACTION_KINDS,
  ACTION_STATUSES,
} from './plan.entity';
export type { PlanDto, PlanGoalDto, PlanActionDto, PlanReviewDto, PlanVersionSummaryDto } from './dto/plan.dto';
export { renderPlanPdf, pdfFileName, pdfLanguageOf, PDF_WORDS } from './plan-pdf';
export { CreatePlanDto, UpdatePlanDto, CreateReviewDto, ReturnPlanDto, ClosePlanDto, SignPlanDto } from './dto/plan-input.dto';
