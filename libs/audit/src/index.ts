export { AuditModule } from './audit.module';
export { AuditService, AUDIT_SEAL_BATCH, type AuditEntry } from './audit.service';
export { type AuditAction, AUDIT_ACTIONS } from './audit-log.entity';
export { AUDIT_LOG_SORTABLE, type AuditActorLookup, type AuditLogFilter } from './audit-log.repository';
export { AuditLogIdParam, type AuditLogDto } from './audit-log.dto';
export { verifyAuditChain, AUDIT_GENESIS_HASH, type AuditChainReport, type AuditChainBreak, type AuditBreakReason, type AuditQuery } from './audit-chain';
