import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommonError, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditChainReport, verifyAuditChain } from './audit-chain';
import { AuditLogDto, toAuditLogDto } from './audit-log.dto';
import { AuditAction } from './audit-log.entity';
import { AuditActorLookup, AuditLogFilter, AuditLogRepository, AuditRow } from './audit-log.repository';

// rows per audit_seal() call (one transaction each), and calls per seal() so one pass never runs unbounded
export const AUDIT_SEAL_BATCH = 50_000;
const AUDIT_SEAL_MAX_ROUNDS = 100;

export type AuditEntry = {
  action: AuditAction;
  entity: string;
  entityId?: string | null;
  diff?: Record<string, unknown> | null;
};

// Personal fields never go into the audit diff in clear: the diff says which of them changed, not their values.
const REDACTED_FIELDS = new Set(['pin', 'phone', 'password', 'passwordHash', 'details', 'address']);

export function redactDiff(diff: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!diff) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(diff)) out[k] = REDACTED_FIELDS.has(k) ? '[redacted]' : v;
  return out;
}

type AuditActor = { userId: string | null; ip: string | null } | null;

const rowOf = (actor: AuditActor, e: AuditEntry): AuditRow => ({
  actorId: actor?.userId ?? null,
  ip: actor?.ip ?? null,
  action: e.action,
  entity: e.entity,
  entityId: e.entityId ?? null,
  diff: redactDiff(e.diff),
});

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditLogRepository) {}

  // Pass the transaction's manager so the audit row commits or rolls back with the change it records.
  async record(actor: AuditActor, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.repo.insert([rowOf(actor, entry)], manager);
  }

  // One `create` row per new record in a single statement (bulk imports), with the same redaction as record().
  async recordCreations(
    actor: AuditActor,
    entity: string,
    entries: Array<{ entityId: string; diff: Record<string, unknown> }>,
    manager?: EntityManager,
  ): Promise<void> {
    const by = { actorId: actor?.userId ?? null, ip: actor?.ip ?? null };
    await this.repo.insertCreations(
      by,
      entity,
      entries.map((e) => ({ entityId: e.entityId, diff: redactDiff(e.diff) })),
      manager,
    );
  }

  async recordMany(actor: AuditActor, entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    await this.repo.insert(
      entries.map((e) => rowOf(actor, e)),
      manager,
    );
  }

  // Seals the pending rows into the hash chain (the worker calls this every 2 s; verify() first). Returns rows sealed.
  async seal(): Promise<number> {
    let sealed = 0;
    for (let round = 0; round < AUDIT_SEAL_MAX_ROUNDS; round++) {
      const n = await this.repo.sealBatch(AUDIT_SEAL_BATCH);
      sealed += n;
      if (n < AUDIT_SEAL_BATCH) break;
    }
    return sealed;
  }

  async verify(): Promise<AuditChainReport> {
    await this.seal();
    return verifyAuditChain(this.repo.query);
  }

  // Reading the audit log is not itself audited row by row (it would grow with every look at it).
  // The access context writes audit rows, so this lib cannot import it: the caller passes its actor lookup.
  async list(q: ListQuery<AuditLogFilter>, actorsOf: AuditActorLookup): Promise<ListResult<AuditLogDto>> {
    const page = await this.repo.findPage(q);
    const actors = await actorsOf(page.rows.map((r) => r.actorId).filter((id): id is string => id !== null));
    return { ...page, rows: page.rows.map((r) => toAuditLogDto(r, r.actorId ? actors.get(r.actorId) : undefined)) };
  }

  async get(id: string, actorsOf: AuditActorLookup): Promise<AuditLogDto> {
    const row = await this.repo.findById(id);
    if (!row) throw CommonError.notFound('Audit log entry');
    const actors = await actorsOf(row.actorId ? [row.actorId] : []);
    return toAuditLogDto(row, row.actorId ? actors.get(row.actorId) : undefined);
  }
}
