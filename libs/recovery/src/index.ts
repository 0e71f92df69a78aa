export { RecoveryModule } from './recovery.module';
export { ChecklistService, type ChecklistDto } from './checklist.service';
export { RecoveryService, RECOVERY_NOTE_AAD } from './recovery.service';
export { RecoveryErrorCode } from './recovery.errors';
export {
  RECOVERABLE_TYPES,
  CHECKLIST_STATUSES,
  evaluateChecklist,
  type Checklist,
  type ChecklistItem,
  type MissingDocument,
  type RecoverableType,
} from './checklist';
export { RECOVERY_AUTHORITIES, RECOVERY_STATUSES, type RecoveryAuthority, type RecoveryStatus } from './recovery-item.entity';
export { CreateRecoveryItemDto, UpdateRecoveryItemDto, ReceiveRecoveryItemDto, type RecoveryItemDto } from './dto/recovery-item.dto';
