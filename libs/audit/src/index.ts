export { AuditModule } from './audit.module';
export { AuditService, type AuditEntry } from './audit.service';
export { type AuditAction, AUDIT_ACTIONS } from './audit-log.entity';
