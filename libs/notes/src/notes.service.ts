import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { CaseQueryService, CaseTimelineService } from '@kaytuu/cases';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { AAD, Actor, appConfig, Clock, CommonError, DomainError, FieldCipher, ListQuery, ListResult } from '@kaytuu/shared';
import { CreateNoteDto } from './dto/create-note.dto';
import { NoteDto, toNoteDto } from './dto/note.dto';
import { UpdateNoteDto } from './dto/update-note.dto';
import { deriveIndexKey, hashTerms, indexTerms, queryTerms } from './note-search';
import { NotesError } from './notes.errors';
import { ReturneeNote } from './returnee-note.entity';
import { NoteFilter, NoteReader, ReturneeNoteRepository } from './returnee-note.repository';

// The AAD of the sealed text: a ciphertext copied into another column does not open.
export const NOTE_TEXT_AAD = AAD.returneeNoteText;
// The author may change a note for this long after writing it (server time); later changes are corrections.
export const EDIT_WINDOW_HOURS = 24;
const EDIT_WINDOW_MS = EDIT_WINDOW_HOURS * 3_600_000;

const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;

// Counselling and visit notes. A note is reached through its returnee: office staff of the returnee's office
// (caseworkers and supervisors) read and write; admins manage the system and do not read counselling (403 at the
// controller); NGO staff never. A confidential note's text is for its author and the office supervisors only; other
// caseworkers see that it exists (kind, date, author) without its text. Every read and change leaves an audit row
// naming the notes, never their text.
@Injectable()
export class NotesService {
  private readonly indexKey: Buffer;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly notes: ReturneeNoteRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly cases: CaseQueryService,
    private readonly timeline: CaseTimelineService,
    private readonly users: UserService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) cfg: ConfigType<typeof appConfig>,
  ) {
    this.indexKey = deriveIndexKey(cfg.dataKeys.hmacKey);
  }

  async list(actor: Actor, returneeId: string, q: ListQuery<NoteFilter>): Promise<ListResult<NoteDto>> {
    const reader = readerOf(actor);
    const terms = q.filter.q !== undefined ? queryTerms(q.filter.q) : null;
    // no words at all (only punctuation): no filter, as an empty search box
    const tokens = terms && terms.length ? hashTerms(this.indexKey, returneeId, terms) : null;
    return this.ds.transaction(async (m) => {
      await this.returnees.requireInScope(actor, returneeId, m);
      const page = await this.notes.findPageOfReturnee(m, returneeId, q, reader, tokens);
      const rows = await this.present(actor, page.rows);
      await this.audit.record(
        actor,
        {
          action: 'read',
          entity: 'returnee_note',
          entityId: null,
          diff: { returneeId, ids: page.rows.map((r) => r.id), total: page.total, searched: tokens !== null },
        },
        m,
      );
      return { rows, total: page.total };
    });
  }

  async get(actor: Actor, id: string): Promise<NoteDto> {
    readerOf(actor);
    return this.ds.transaction(async (m) => {
      const note = await this.requireNote(actor, id, m);
      const [dto] = await this.present(actor, [note]);
      await this.audit.record(actor, { action: 'read', entity: 'returnee_note', entityId: id, diff: { returneeId: note.returneeId, hidden: dto.hidden } }, m);
      return dto;
    });
  }

  async create(actor: Actor, returneeId: string, dto: CreateNoteDto): Promise<NoteDto> {
    readerOf(actor);
    return this.ds.transaction(async (m) => {
      await this.returnees.requireInScope(actor, returneeId, m);
      if (dto.caseId) await this.requireCaseOf(actor, dto.caseId, returneeId, m);
      if (dto.correctsId) await this.requireCorrectable(actor, dto.correctsId, returneeId, m);
      const row = await this.notes.insert(m, {
        returneeId,
        caseId: dto.caseId ?? null,
        kind: dto.kind,
        noteDate: dto.date,
        durationMinutes: dto.durationMinutes,
        textEnc: this.cipher.encrypt(dto.text, NOTE_TEXT_AAD),
        searchTokens: this.tokensOf(returneeId, dto.text),
        confidential: dto.confidential ?? false,
        authorId: actor.userId,
        correctsId: dto.correctsId ?? null,
      });
      // the case's timeline shows that the note exists (kind, date, duration, author), never its text, so a confidential
      // note shows there to everyone who reads the case without saying anything of what it holds
      if (row.caseId) {
        await this.timeline.appendEvent(m, row.caseId, actor.userId, 'counselling_note', {
          noteId: row.id,
          kind: row.kind,
          date: row.noteDate,
          durationMinutes: row.durationMinutes,
          confidential: row.confidential,
        });
      }
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'returnee_note',
          entityId: row.id,
          diff: { returneeId, caseId: row.caseId, kind: row.kind, date: row.noteDate, confidential: row.confidential, correctsId: row.correctsId },
        },
        m,
      );
      return toNoteDto(row, dto.text, await this.authorName(row.authorId), this.editableUntil(row));
    });
  }

  async update(actor: Actor, id: string, dto: UpdateNoteDto): Promise<NoteDto> {
    readerOf(actor);
    return this.ds.transaction(async (m) => {
      const note = await this.requireNote(actor, id, m, true);
      if (note.authorId !== actor.userId) throw NotesError.notAuthor();
      if (this.clock.now().getTime() > this.editableUntil(note).getTime()) throw NotesError.editWindowClosed(EDIT_WINDOW_HOURS);
      const patch: Parameters<ReturneeNoteRepository['update']>[2] = {};
      if (dto.kind !== undefined) patch.kind = dto.kind;
      if (dto.date !== undefined) patch.noteDate = dto.date;
      if (dto.durationMinutes !== undefined) patch.durationMinutes = dto.durationMinutes;
      if (dto.confidential !== undefined) patch.confidential = dto.confidential;
      if (dto.text !== undefined) {
        patch.textEnc = this.cipher.encrypt(dto.text, NOTE_TEXT_AAD);
        patch.searchTokens = this.tokensOf(note.returneeId, dto.text);
      }
      const row = Object.keys(patch).length ? await this.notes.update(m, id, patch, this.clock.now()) : note;
      await this.audit.record(
        actor,
        // which fields changed (the text only as "changed"), never the text
        { action: 'update', entity: 'returnee_note', entityId: id, diff: { returneeId: note.returneeId, changed: Object.keys(dto).sort() } },
        m,
      );
      return toNoteDto(row, this.cipher.decrypt(row.textEnc, NOTE_TEXT_AAD), await this.authorName(row.authorId), this.editableUntil(row));
    });
  }

  // For the plans context (a plan review cites notes): which of `ids` are notes of this returnee that the caller may
  // read (a confidential note of someone else is not citable by whoever may not see it). No audit: only ids leave.
  async citableIds(actor: Actor, returneeId: string, ids: string[], m: EntityManager): Promise<string[]> {
    const out: string[] = [];
    for (const id of new Set(ids)) {
      const note = await this.notes.findById(m, id);
      if (note && note.returneeId === returneeId && mayRead(actor, note)) out.push(id);
    }
    return out;
  }

  // The note if its returnee is in the caller's scope, else 404 (the note's existence is not told).
  private async requireNote(actor: Actor, id: string, m: EntityManager, lock = false): Promise<ReturneeNote> {
    const note = await this.notes.findById(m, id, lock);
    if (!note) throw CommonError.notFound('Note');
    try {
      await this.returnees.requireInScope(actor, note.returneeId, m);
    } catch (err) {
      throw isNotFound(err) ? CommonError.notFound('Note') : err;
    }
    return note;
  }

  // A case given with a note must be in the caller's scope and the same returnee's.
  private async requireCaseOf(actor: Actor, caseId: string, returneeId: string, m: EntityManager): Promise<void> {
    const invalid = () => NotesError.invalid({ caseId: "is not one of this returnee's cases" }, 'The case does not belong to this returnee');
    try {
      const c = await this.cases.requireCaseForFollowUp(actor, caseId, m);
      if (c.returneeId !== returneeId) throw invalid();
    } catch (err) {
      throw isNotFound(err) ? invalid() : err;
    }
  }

  // A correction points to a note of the same returnee that the caller can read (a confidential note of someone
  // else cannot be corrected by whoever may not see it).
  private async requireCorrectable(actor: Actor, noteId: string, returneeId: string, m: EntityManager): Promise<void> {
    const note = await this.notes.findById(m, noteId);
    if (!note || note.returneeId !== returneeId || !mayRead(actor, note)) {
      throw NotesError.invalid({ correctsId: "is not one of this returnee's notes" }, 'The corrected note does not belong to this returnee');
    }
  }

  private tokensOf(returneeId: string, text: string): string[] {
    return [...new Set(hashTerms(this.indexKey, returneeId, indexTerms(text)))];
  }

  private editableUntil(n: ReturneeNote): Date {
    return new Date(n.createdAt.getTime() + EDIT_WINDOW_MS);
  }

  private async authorName(id: string): Promise<string | null> {
    return (await this.users.namesByIds([id])).get(id) ?? null;
  }

  // one name lookup per page; the text opened only where the caller may read it
  private async present(actor: Actor, rows: ReturneeNote[]): Promise<NoteDto[]> {
    const ids = [...new Set(rows.map((r) => r.authorId))];
    const names = ids.length ? await this.users.namesByIds(ids) : new Map<string, string>();
    return rows.map((r) =>
      toNoteDto(r, mayRead(actor, r) ? this.cipher.decrypt(r.textEnc, NOTE_TEXT_AAD) : null, names.get(r.authorId) ?? null, this.editableUntil(r)),
    );
  }
}

// Only office staff work with notes; the scope itself is the returnee's (checked per call).
function readerOf(actor: Actor): NoteReader {
  if (actor.role !== 'supervisor' && actor.role !== 'caseworker') throw CommonError.forbidden();
  return { userId: actor.userId, mayReadConfidential: actor.role === 'supervisor' };
}

// A note in scope: its text is readable unless it is confidential and the caller is neither its author nor a supervisor.
export function mayRead(actor: Actor, n: Pick<ReturneeNote, 'confidential' | 'authorId'>): boolean {
  return !n.confidential || n.authorId === actor.userId || actor.role === 'supervisor';
}
