export { AssistanceModule } from './assistance.module';
export { AssistanceService } from './assistance.service';
export { ProgrammeService } from './programme.service';
export { AssistanceErrorCode } from './assistance.errors';
export {
  CURRENCIES,
  ASSISTANCE_TYPES,
  ASSISTANCE_STATUSES,
  DISBURSEMENT_METHODS,
  USED_AS_INTENDED,
  LEDGER_KINDS,
  ELIGIBILITY_RULES,
  type Currency,
  type AssistanceType,
  type AssistanceStatus,
  type DisbursementMethod,
  type UsedAsIntended,
  type LedgerKind,
  type Eligibility,
} from './assistance.types';
export { CreateProgrammeDto, UpdateProgrammeDto, type ProgrammeDto, type BudgetLineDto } from './dto/programme.dto';
export { ProposeAssistanceDto, DisburseAssistanceDto, VerifyAssistanceDto, type AssistanceItemDto, type LedgerEntryDto } from './dto/assistance.dto';
