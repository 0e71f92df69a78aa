export { AssistanceModule } from './assistance.module';
export { AssistanceService } from './assistance.service';
export { ProgrammeService } from './programme.service';
export { MatchingService } from './matching.service';
export { AssistanceErrorCode } from './assistance.errors';
export {
  CURRENCIES,
  ASSISTANCE_TYPES,
  ASSISTANCE_STATUSES,
  DISBURSEMENT_METHODS,
  USED_AS_INTENDED,
  LEDGER_KINDS,
  MATCHING_STATUSES,
  SURVIVAL_MILESTONES,
  BUSINESS_STATUSES,
  INCOME_BANDS,
  type MatchingStatus,
  type SurvivalMilestone,
  type BusinessStatus,
  type IncomeBand,
  ELIGIBILITY_RULES,
  type Currency,
  type AssistanceType,
  type AssistanceStatus,
  type DisbursementMethod,
  type DisbursementKind,
  type UsedAsIntended,
  type LedgerKind,
  type Eligibility,
} from './assistance.types';
export { CreateProgrammeDto, UpdateProgrammeDto, type ProgrammeDto, type BudgetLineDto } from './dto/programme.dto';
export {
  ProposeAssistanceDto,
  DisburseAssistanceDto,
  VerifyAssistanceDto,
  ReverseAssistanceDto,
  ReleaseAssistanceDto,
  type AssistanceItemDto,
  type LedgerEntryDto,
  type DisbursementDto,
} from './dto/assistance.dto';
export { ProposeMatchingDto, RecordSurvivalCheckDto, type MatchingApplicationDto, type SurvivalCheckDto } from './dto/matching.dto';
