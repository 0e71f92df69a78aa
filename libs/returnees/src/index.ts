export { ReturneesModule } from './returnees.module';
export { ReturneeService } from './returnee.service';
export { ReturneeLookupService, type EligibilityFacts, type ReturneeSummary, type SharableProfile, type ReturneePlanHeader } from './returnee-lookup.service';
export { ReturneeBatchService } from './returnee-batch.service';
export { ConsentService, type ActiveConsent, type ConsentStatus } from './consent.service';
export { ConsentHooks, type WithdrawnConsent, type ConsentWithdrawnHandler } from './consent-hooks';
export { ReturneeContactService, type ReturneeContact } from './returnee-contact.service';
export { CreateReturneeDto } from './dto/create-returnee.dto';
export {
  checkReturneeInput,
  sealBatchRecord,
  type SealedBatchRecord,
  type ReturneeBatchRecord,
  type ReturneeCheck,
  type DuplicateCandidate,
  type BatchDuplicate,
  type BatchInsertResult,
} from './returnee-batch';
export { ReturneeError, ReturneeErrorCode } from './returnees.errors';
export type { ReturneeDto, EpisodeDto, PossibleDuplicateDto, CreatedReturneeDto } from './dto/returnee.dto';
export type { ConsentDto } from './dto/consent.dto';
export {
  SEXES,
  type Sex,
  DISABILITIES,
  type Disability,
  VULNERABILITIES,
  type Vulnerability,
  LANGUAGES,
  type Language,
  SECTORS,
  type Sector,
  RETURN_REASONS,
  type ReturnReason,
  CONSENT_SCOPES,
  type ConsentScope,
  AGE_BANDS,
  type AgeBand,
  AGE_BAND_RANGES,
} from './returnee.types';
export { HouseholdService } from './household/household.service';
export { CreateHouseholdMemberDto } from './household/household-member.dto';
export type { HouseholdMemberDto } from './household/household-member.dto';
export {
  RELATIONS,
  type Relation,
  LIVES_WHERE,
  type LivesWhere,
  IN_SCHOOL,
  type InSchool,
  CHILD_CONCERNS,
  type ChildConcern,
  MAX_HOUSEHOLD_MEMBERS,
} from './household/household.types';
