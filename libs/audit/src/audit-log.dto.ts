import { Matches } from 'class-validator';
import { AuditAction, AuditLog } from './audit-log.entity';
import { AuditActorName } from './audit-log.repository';

// Audit rows have bigint ids (identity), not UUIDs.
export class AuditLogIdParam {
  @Matches(/^[1-9]\d{0,17}$/, { message: 'must be a positive integer' }) id: string;
}

export type AuditLogDto = {
  id: string;
  seq: string | null;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  action: AuditAction;
  entity: string;
  entityId: string | null;
  ip: string | null;
  diff: Record<string, unknown> | null;
  prevHash: string | null;
  hash: string | null;
};

export function toAuditLogDto(a: AuditLog, actor: AuditActorName | undefined): AuditLogDto {
  return {
    id: String(a.id),
    seq: a.seq === null ? null : String(a.seq),
    at: a.at.toISOString(),
    actorId: a.actorId,
    actorEmail: actor?.email ?? null,
    actorName: actor?.fullName ?? null,
    action: a.action,
    entity: a.entity,
    entityId: a.entityId,
    ip: a.ip,
    diff: a.diff,
    prevHash: a.prevHash,
    hash: a.hash,
  };
}
