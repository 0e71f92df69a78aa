import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { CaseQueryService } from '@kaytuu/cases';
import { DocumentsService } from '@kaytuu/documents';
import { FollowUpService } from '@kaytuu/follow-ups';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { Actor, Clock, CommonError, DomainError, FieldCipher, ListQuery, ListResult } from '@kaytuu/shared';
import { bishkekDay } from './checklist';
import { CreateRecoveryItemDto, ReceiveRecoveryItemDto, RecoveryItemDto, toRecoveryItemDto, UpdateRecoveryItemDto } from './dto/recovery-item.dto';
import { RecoveryItem, RecoveryStatus } from './recovery-item.entity';
import { RecoveryFilter, RecoveryItemRepository, RecoveryPatch } from './recovery-item.repository';
import { allowedRecoveryTransitions, chaseNote, followUpDueAt, isRecoveryTransitionAllowed, proposeRecovery } from './recovery-workflow';
import { RecoveryError } from './recovery.errors';

// The AAD of the sealed note: a ciphertext copied into another column does not open.
export const RECOVERY_NOTE_AAD = 'recovery_item.note';

const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;

// Recovery of a returnee's lost identity and work papers. An item is reached through its returnee: caseworkers and
// supervisors of the returnee's office (404 outside it; admins, NGO staff and donors 403 at the controller). A
// requested item with an expected date is chased by a call follow-up three days before that date, on the item's case
// (else the returnee's newest open case; none: no follow-up); receiving links an uploaded document of the same
// returnee and type. Every read and change leaves an audit row, never the note's text.
@Injectable()
export class RecoveryService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly items: RecoveryItemRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly documents: DocumentsService,
    private readonly cases: CaseQueryService,
    private readonly followUps: FollowUpService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, q: ListQuery<RecoveryFilter>): Promise<ListResult<RecoveryItemDto>> {
    return this.ds.transaction(async (m) => {
      if (q.filter.returneeId) await this.returnees.requireInScope(actor, q.filter.returneeId, m);
      const page = await this.items.findPage(m, actor.officeId ?? '', q);
      await this.audit.record(
        actor,
        {
          action: 'read',
          entity: 'recovery_item',
          entityId: null,
          diff: { returneeId: q.filter.returneeId ?? null, ids: page.rows.map((r) => r.id), total: page.total },
        },
        m,
      );
      return { rows: page.rows.map((r) => this.toDto(r)), total: page.total };
    });
  }

  async get(actor: Actor, id: string): Promise<RecoveryItemDto> {
    return this.ds.transaction(async (m) => {
      const item = await this.requireItem(actor, id, m);
      await this.audit.record(actor, { action: 'read', entity: 'recovery_item', entityId: id, diff: { returneeId: item.returneeId } }, m);
      return this.toDto(item);
    });
  }

  async create(actor: Actor, dto: CreateRecoveryItemDto): Promise<RecoveryItemDto> {
    const status: RecoveryStatus = dto.status ?? (dto.requestedOn ? 'requested' : 'to_request');
    if (status === 'refused') throw RecoveryError.invalid({ status: 'a new item is to_request or requested' }, 'A new recovery item cannot start refused');
    return this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, dto.returneeId, m);
      if (dto.caseId) await this.requireCaseOf(actor, dto.caseId, returnee.id, m);
      const fields = { requestedOn: dto.requestedOn ?? null, expectedOn: dto.expectedOn ?? null, status };
      checkDates(fields);
      let row = await this.items.insert(m, {
        returneeId: returnee.id,
        officeId: returnee.officeId,
        caseId: dto.caseId ?? null,
        documentType: dto.documentType,
        country: dto.country ?? null,
        authority: dto.authority,
        authorityName: dto.authorityName ?? null,
        ...fields,
        documentId: null,
        receivedOn: null,
        followUpId: null,
        noteEnc: dto.note ? this.cipher.encrypt(dto.note, RECOVERY_NOTE_AAD) : null,
        createdBy: actor.userId,
      });
      const followUpId = await this.chase(m, actor, row);
      if (followUpId) row = await this.items.update(m, row.id, { followUpId }, this.clock.now());
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'recovery_item',
          entityId: row.id,
          diff: {
            returneeId: row.returneeId,
            caseId: row.caseId,
            documentType: row.documentType,
            country: row.country,
            authority: row.authority,
            status,
            followUpId,
          },
        },
        m,
      );
      return this.toDto(row);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateRecoveryItemDto): Promise<RecoveryItemDto> {
    return this.ds.transaction(async (m) => {
      const item = await this.requireItem(actor, id, m, true);
      if (dto.version !== undefined && dto.version !== item.version) throw CommonError.staleVersion('Recovery item', item.version);
      const patch: RecoveryPatch = {};
      for (const key of ['caseId', 'country', 'authority', 'authorityName', 'requestedOn', 'expectedOn'] as const) {
        if (dto[key] !== undefined && dto[key] !== item[key]) (patch as Record<string, unknown>)[key] = dto[key];
      }
      if (dto.note !== undefined) patch.noteEnc = dto.note ? this.cipher.encrypt(dto.note, RECOVERY_NOTE_AAD) : null;
      if (dto.status !== undefined && dto.status !== item.status) {
        if (!isRecoveryTransitionAllowed(item.status, dto.status) || dto.status === 'received') {
          throw RecoveryError.invalidTransition(item.status, dto.status, allowedRecoveryTransitions(item.status));
        }
        patch.status = dto.status;
      }
      const changed = Object.keys(patch).filter((k) => k !== 'noteEnc' || dto.note !== undefined);
      if (item.status === 'received' && changed.some((k) => k !== 'noteEnc')) {
        throw RecoveryError.invalid({ status: 'a received item is final' }, 'A received recovery item is final; only its note can change');
      }
      const next = { ...item, ...patch };
      checkDates(next);
      if (patch.caseId) await this.requireCaseOf(actor, patch.caseId, item.returneeId, m);
      const now = this.clock.now();
      // the chasing call follows the request: moved with the expected date or the case, ended when no longer requested
      const wants = next.status === 'requested' && next.expectedOn !== null;
      const moved = patch.expectedOn !== undefined || patch.caseId !== undefined;
      if (item.followUpId && (!wants || moved)) {
        await this.followUps.cancelScheduled(m, actor, item.followUpId);
        patch.followUpId = null;
      }
      let row = changed.length ? await this.items.update(m, id, patch, now) : item;
      if (wants && !row.followUpId) {
        const followUpId = await this.chase(m, actor, row);
        if (followUpId) row = await this.items.update(m, id, { followUpId }, now);
      }
      await this.audit.record(
        actor,
        {
          action: 'update',
          entity: 'recovery_item',
          entityId: id,
          diff: {
            returneeId: item.returneeId,
            changed: changed.map((k) => (k === 'noteEnc' ? 'note' : k)).sort(),
            ...(patch.status ? { status: { from: item.status, to: patch.status } } : {}),
            followUpId: row.followUpId,
          },
        },
        m,
      );
      return this.toDto(row);
    });
  }

  // The new paper has come: links an uploaded, live document of the same returnee and of the item's type.
  async receive(actor: Actor, id: string, dto: ReceiveRecoveryItemDto): Promise<RecoveryItemDto> {
    return this.ds.transaction(async (m) => {
      const item = await this.requireItem(actor, id, m, true);
      if (!isRecoveryTransitionAllowed(item.status, 'received')) {
        throw RecoveryError.invalidTransition(item.status, 'received', allowedRecoveryTransitions(item.status));
      }
      const doc = await this.documents.factOf(dto.documentId, m);
      if (!doc || doc.deleted || doc.returneeId !== item.returneeId) {
        throw RecoveryError.invalid({ documentId: "is not one of this returnee's documents" }, 'The document does not belong to this returnee');
      }
      if (doc.type !== item.documentType) {
        throw RecoveryError.invalid({ documentId: `is a ${doc.type}, not a ${item.documentType}` }, 'The document is not of the type being recovered');
      }
      const receivedOn = dto.receivedOn ?? bishkekDay(this.clock.now());
      if (item.requestedOn && receivedOn < item.requestedOn) {
        throw RecoveryError.invalid({ receivedOn: 'must not be before requestedOn' }, 'A document cannot be received before it was requested');
      }
      if (item.followUpId) await this.followUps.cancelScheduled(m, actor, item.followUpId);
      const row = await this.items.update(m, id, { status: 'received', documentId: doc.documentId, receivedOn }, this.clock.now());
      await this.audit.record(
        actor,
        {
          action: 'update',
          entity: 'recovery_item',
          entityId: id,
          diff: { returneeId: item.returneeId, status: { from: item.status, to: 'received' }, documentId: doc.documentId, receivedOn },
        },
        m,
      );
      return this.toDto(row);
    });
  }

  // For a returnee flagged no_documents: items (to_request) for the identity and work papers the checklists of their
  // open cases miss, and a passport unless one is on file; none already chased. 422 when the returnee is not flagged.
  async propose(actor: Actor, returneeId: string): Promise<RecoveryItemDto[]> {
    return this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, returneeId, m);
      if (!(await this.returnees.hasVulnerability(returneeId, 'no_documents', m))) throw RecoveryError.notFlagged();
      const open = await this.cases.openCasesOfReturnee(returneeId, m);
      const docs = (await this.documents.liveForChecklists([returneeId], m)).get(returneeId) ?? [];
      const existing = await this.items.findOfReturnee(m, returneeId);
      const proposals = proposeRecovery(open, docs, existing, bishkekDay(this.clock.now()));
      const rows: RecoveryItem[] = [];
      for (const p of proposals) {
        rows.push(
          await this.items.insert(m, {
            returneeId,
            officeId: returnee.officeId,
            ...p,
            authorityName: null,
            requestedOn: null,
            expectedOn: null,
            status: 'to_request',
            documentId: null,
            receivedOn: null,
            followUpId: null,
            noteEnc: null,
            createdBy: actor.userId,
          }),
        );
      }
      if (rows.length) {
        await this.audit.recordMany(
          actor,
          rows.map((r) => ({
            action: 'create' as const,
            entity: 'recovery_item',
            entityId: r.id,
            diff: { returneeId, caseId: r.caseId, documentType: r.documentType, country: r.country, authority: r.authority, status: r.status, proposed: true },
          })),
          m,
        );
      }
      return rows.map((r) => this.toDto(r));
    });
  }

  // Schedules the call that chases a requested item before its expected date; the follow-up's id, or null when the
  // returnee has no open case to hang it on (follow-ups belong to cases).
  private async chase(m: EntityManager, actor: Actor, item: RecoveryItem): Promise<string | null> {
    if (item.status !== 'requested' || !item.expectedOn) return null;
    const open = await this.cases.openCasesOfReturnee(item.returneeId, m);
    const caseId = open.find((c) => c.id === item.caseId)?.id ?? open[0]?.id;
    if (!caseId) return null;
    const c = await this.cases.requireCaseForFollowUp(actor, caseId, m);
    const now = this.clock.now();
    const assigneeId = c.assigneeId ?? actor.userId;
    const fu = await this.followUps.insertWithReminders(
      m,
      actor,
      c,
      { kind: 'call', dueAt: followUpDueAt(item.expectedOn, now), assigneeId, notes: chaseNote(item.documentType, item.country, item.expectedOn) },
      now,
    );
    if (assigneeId !== actor.userId) await this.followUps.notifyAssigned(m, fu, c);
    return fu.id;
  }

  // The item if its returnee is in the caller's scope, else 404 (the item's existence is not told).
  private async requireItem(actor: Actor, id: string, m: EntityManager, lock = false): Promise<RecoveryItem> {
    const item = await this.items.findById(m, id, lock);
    if (!item) throw CommonError.notFound('Recovery item');
    try {
      await this.returnees.requireInScope(actor, item.returneeId, m);
    } catch (err) {
      throw isNotFound(err) ? CommonError.notFound('Recovery item') : err;
    }
    return item;
  }

  private async requireCaseOf(actor: Actor, caseId: string, returneeId: string, m: EntityManager): Promise<void> {
    const invalid = () => RecoveryError.invalid({ caseId: "is not one of this returnee's cases" }, 'The case does not belong to this returnee');
    try {
      const c = await this.cases.requireCaseForFollowUp(actor, caseId, m);
      if (c.returneeId !== returneeId) throw invalid();
    } catch (err) {
      throw isNotFound(err) ? invalid() : err;
    }
  }

  private toDto(r: RecoveryItem): RecoveryItemDto {
    return toRecoveryItemDto(r, r.noteEnc ? this.cipher.decrypt(r.noteEnc, RECOVERY_NOTE_AAD) : null, allowedRecoveryTransitions(r.status));
  }
}

// A request has a date; the expected day is not before it.
function checkDates(f: { requestedOn: string | null; expectedOn: string | null; status: RecoveryStatus }): void {
  if ((f.status === 'requested' || f.status === 'refused') && !f.requestedOn) {
    throw RecoveryError.invalid({ requestedOn: `is required when the item is ${f.status}` }, 'Give the day the document was requested');
  }
  if (f.requestedOn && f.expectedOn && f.expectedOn < f.requestedOn) {
    throw RecoveryError.invalid({ expectedOn: 'must not be before requestedOn' }, 'The expected day cannot be before the request');
  }
}
