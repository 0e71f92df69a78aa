export { ReturneesModule } from './returnees.module';
export { ReturneeService, type ReturneeSummary } from './returnee.service';
export { CreateReturneeDto } from './dto/create-returnee.dto';
export { ReturneeError, ReturneeErrorCode } from './returnees.errors';
export type { ReturneeDto, EpisodeDto, ConsentDto, PossibleDuplicateDto, CreatedReturneeDto } from './dto/returnee.dto';
export {
  SEXES, type Sex, DISABILITIES, type Disability, VULNERABILITIES, type Vulnerability, LANGUAGES, type Language, SECTORS, type Sector,
  RETURN_REASONS, type ReturnReason, CONSENT_SCOPES, type ConsentScope, AGE_BANDS, type AgeBand, AGE_BAND_RANGES,
} from './returnee.types';
