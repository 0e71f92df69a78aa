export { CasesModule } from './cases.module';
export { CaseService } from './case.service';
export { CaseQueryService, type CaseForFollowUp, type CaseLabel, type CaseReferralView, type CasePlanLink } from './case-query.service';
export { CaseTimelineService } from './case-timeline.service';
export { canEditCase } from './case-workflow';
export {
  CaseHooks,
  type CaseClosedHandler,
  type ClosedCase,
  type CaseClosureOptions,
  type CaseDetailsChange,
  type CaseDetailsChangedHandler,
  type CaseDetailsPresenter,
  type PresentedCase,
  type CaseClosing,
  type CaseClosingGuard,
} from './case-hooks';
export { CASE_EVENT_KINDS, type CaseEventKind } from './case-event.entity';
export { CreateCaseDto } from './dto/create-case.dto';
export { UpdateCaseDto } from './dto/update-case.dto';
export { ReassignCasesDto } from './dto/reassign-cases.dto';
export type { EntryBan } from './entry-ban';
export { CASE_TYPES, CASE_PRIORITIES, type CaseType, type CasePriority } from './case-file.entity';
export { CASE_STATUSES, type CaseStatus } from './case-workflow';
export type { CaseDto } from './dto/case.dto';
export type { CaseEventDto } from './dto/case-event.dto';
