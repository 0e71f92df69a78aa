import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import { NoteKind, ReturneeNote } from './returnee-note.entity';

// The list is always one returnee's notes: the service has checked that returnee is in the caller's scope.
// `tokens` are the query's hashed words (the blind index, note-search.ts); `mayReadConfidential` the caller's view.
export type NoteFilter = { kind?: NoteKind[]; caseId?: string; q?: string; id?: string[] };
export type NoteReader = { userId: string; mayReadConfidential: boolean };
export const NOTE_SORTABLE = ['date', 'createdAt', 'kind', 'id'] as const;
const SORT_COLUMNS: Record<(typeof NOTE_SORTABLE)[number], string> = {
  date: 'n.note_date',
  createdAt: 'n.created_at',
  kind: 'n.kind',
  id: 'n.id',
};

export type NewNote = Omit<ReturneeNote, 'id' | 'createdAt' | 'updatedAt'>;

@Injectable()
export class ReturneeNoteRepository {
  async findPageOfReturnee(
    m: EntityManager,
    returneeId: string,
    q: ListQuery<NoteFilter>,
    reader: NoteReader,
    tokens: string[] | null,
  ): Promise<{ rows: ReturneeNote[]; total: number }> {
    const qb = m.getRepository(ReturneeNote).createQueryBuilder('n').where('n.returnee_id = :returneeId', { returneeId });
    if (q.filter.kind) qb.andWhere(q.filter.kind.length ? 'n.kind IN (:...kinds)' : 'false', { kinds: q.filter.kind });
    if (q.filter.caseId) qb.andWhere('n.case_id = :caseId', { caseId: q.filter.caseId });
    if (q.filter.id) qb.andWhere(q.filter.id.length ? 'n.id IN (:...ids)' : 'false', { ids: q.filter.id });
    if (tokens) {
      // all the query's words (GIN on search_tokens); a confidential note the caller may not read never matches, so a
      // search cannot tell what such a note says
      qb.andWhere(tokens.length ? 'n.search_tokens @> CAST(:tokens AS text[])' : 'false', { tokens });
      if (!reader.mayReadConfidential) qb.andWhere('(NOT n.confidential OR n.author_id = :me)', { me: reader.userId });
    }
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.date;
    qb.orderBy(column, q.sort.order);
    if (column !== SORT_COLUMNS.id) qb.addOrderBy('n.created_at', q.sort.order).addOrderBy('n.id', q.sort.order);
    qb.offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findById(m: EntityManager, id: string, lock = false): Promise<ReturneeNote | null> {
    const qb = m.getRepository(ReturneeNote).createQueryBuilder('n').where('n.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async insert(m: EntityManager, row: NewNote): Promise<ReturneeNote> {
    const res = await m.getRepository(ReturneeNote).insert(row);
    const id = (res.identifiers[0] as { id: string }).id;
    return (await this.findById(m, id)) as ReturneeNote;
  }

  async update(
    m: EntityManager,
    id: string,
    patch: Partial<Pick<ReturneeNote, 'kind' | 'noteDate' | 'durationMinutes' | 'textEnc' | 'searchTokens' | 'confidential'>>,
    at: Date,
  ): Promise<ReturneeNote> {
    await m.getRepository(ReturneeNote).update({ id }, { ...patch, updatedAt: at });
    return (await this.findById(m, id)) as ReturneeNote;
  }
}
