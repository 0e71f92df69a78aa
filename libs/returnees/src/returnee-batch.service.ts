import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { DirectoryService } from '@kaytuu/directory';
import { BatchDuplicate, BatchInsertResult, DuplicateCandidate } from './returnee-batch';
import { inScope, registrationOffice, scopeOf } from './returnee-scope';
import { ReturneeRepository } from './returnee.repository';

// Registration in bulk, for the imports context: the create endpoint's rules (office, PIN, possible duplicates)
// applied set-wise to a whole batch instead of one record at a time.
@Injectable()
export class ReturneeBatchService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returnees: ReturneeRepository,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
  ) {}

  // The office a new record goes to, with the create endpoint's rules (admins name one, staff get their own).
  async resolveRegistrationOffice(actor: Actor, requested: string | undefined): Promise<string> {
    scopeOf(actor);
    return registrationOffice(actor, requested, (id) => this.directory.officeExists(id));
  }

  // The create endpoint's PIN check and possible-duplicates rule over a whole batch in one statement. A PIN held by a
  // record outside the actor's scope is reported without naming that record.
  async findBatchDuplicates(actor: Actor, candidates: DuplicateCandidate[], m: EntityManager = this.ds.manager): Promise<BatchDuplicate[]> {
    if (candidates.length === 0) return [];
    const scope = scopeOf(actor);
    const rows = await this.returnees.findBatchDuplicates(m, scope, JSON.stringify(candidates));
    const byKey = new Map<number, BatchDuplicate>();
    // the query lists PIN matches first for each key; a PIN match wins over a name match
    for (const r of rows) {
      if (byKey.has(r.key)) continue;
      const visible = inScope(scope, r.officeId);
      byKey.set(r.key, { key: r.key, kind: r.kind, id: visible ? r.id : null, code: visible ? r.code : null });
    }
    return [...byKey.values()];
  }

  // Registers checked records (ReturneeBatchRecord + key, as a JSON array) in one office, set-based, each with its
  // audit row, inside the caller's transaction. `skipTakenPins` leaves out a record whose PIN was registered since the
  // check instead of failing the whole statement.
  async registerBatch(
    actor: Actor,
    officeId: string,
    recordsJson: string,
    m: EntityManager,
    opts: { skipTakenPins: boolean; source: Record<string, unknown> },
  ): Promise<BatchInsertResult[]> {
    const created = await this.returnees.insertBatch(m, recordsJson, { officeId, createdBy: actor.userId, skipTakenPins: opts.skipTakenPins });
    await this.audit.recordCreations(
      actor,
      'returnee',
      created.map((c) => ({ entityId: c.id, diff: { code: c.code, officeId, ...opts.source } })),
      m,
    );
    return created;
  }
}
