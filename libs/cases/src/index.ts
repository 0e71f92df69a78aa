export { CasesModule } from './cases.module';
export { CaseService } from './case.service';
export { CreateCaseDto } from './dto/create-case.dto';
export { UpdateCaseDto } from './dto/update-case.dto';
export { CASE_TYPES, CASE_PRIORITIES, type CaseType, type CasePriority } from './case-file.entity';
export { CASE_STATUSES, type CaseStatus } from './case-workflow';
export type { CaseDto } from './dto/case.dto';
export type { CaseEventDto } from './dto/case-event.dto';
