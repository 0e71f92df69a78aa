import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { CaseClosing, CaseHooks, CaseQueryService, PresentedCase } from '@kaytuu/cases';
import { DocumentsService } from '@kaytuu/documents';
import { Actor, Clock } from '@kaytuu/shared';
import { bishkekDay, Checklist, evaluateChecklist, missingOf } from './checklist';
import { RecoveryError } from './recovery.errors';

export type ChecklistDto = Checklist & { caseId: string };

// A case's required-document checklist (checklists.json) against the returnee's live documents: on its own route, as a
// pension claim's `missingDocuments` (through the cases context's presenter hook, set-wise per page), and as the check
// a supervisor meets when approving the closure of a pension claim with papers missing.
@Injectable()
export class ChecklistService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly documents: DocumentsService,
    private readonly cases: CaseQueryService,
    private readonly hooks: CaseHooks,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.onPresent((cases) => this.presentMissing(cases));
    this.hooks.onClosing((m, closing, actor) => this.checkClosing(m, closing, actor));
  }

  // The case's scope (404 outside it). Health details hidden from the caller leave the TB card out (it cannot be told
  // whether the case is about TB without them). Audited as a read of the case (which documents exist, not their contents).
  async forCase(actor: Actor, caseId: string): Promise<ChecklistDto> {
    return this.ds.transaction(async (m) => {
      const c = await this.cases.requireCaseForFollowUp(actor, caseId, m);
      const docs = (await this.documents.liveForChecklists([c.returneeId], m)).get(c.returneeId) ?? [];
      const checklist = evaluateChecklist({ type: c.type, details: c.details }, docs, bishkekDay(this.clock.now()));
      await this.audit.record(
        actor,
        {
          action: 'read',
          entity: 'case',
          entityId: caseId,
          diff: { fields: ['checklist'], complete: checklist.complete, documentIds: checklist.items.flatMap((i) => i.documentIds) },
        },
        m,
      );
      return { caseId, ...checklist };
    });
  }

  private async presentMissing(cases: PresentedCase[]): Promise<Map<string, Record<string, unknown>>> {
    const pension = cases.filter((c) => c.type === 'pension_claim');
    const out = new Map<string, Record<string, unknown>>();
    if (!pension.length) return out;
    const docs = await this.documents.liveForChecklists(pension.map((c) => c.returneeId));
    const today = bishkekDay(this.clock.now());
    for (const c of pension) out.set(c.id, { missingDocuments: missingOf(evaluateChecklist(c, docs.get(c.returneeId) ?? [], today)) });
    return out;
  }

  // Closing a pension claim with required documents missing or expired needs the approver's reason (422 without);
  // the reason and what was missing go on the status_changed event and the audit row.
  private async checkClosing(m: EntityManager, closing: CaseClosing, actor: Actor): Promise<Record<string, unknown>> {
    void actor;
    if (closing.type !== 'pension_claim') return {};
    const docs = (await this.documents.liveForChecklists([closing.returneeId], m)).get(closing.returneeId) ?? [];
    const missing = missingOf(evaluateChecklist({ type: closing.type, details: closing.after }, docs, bishkekDay(this.clock.now())));
    if (!missing.length) return {};
    if (!closing.missingDocumentsReason) throw RecoveryError.reasonRequired(missing);
    return {
      missingDocuments: missing.map((d) => ({ key: d.key, status: d.status, ...(d.country ? { country: d.country } : {}) })),
      missingDocumentsReason: closing.missingDocumentsReason,
    };
  }
}
