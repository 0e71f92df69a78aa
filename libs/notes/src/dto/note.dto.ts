import { NoteKind, ReturneeNote } from '../returnee-note.entity';

// `text` is null when the note is confidential and the caller is neither its author nor an office supervisor
// (`hidden` says so); the rest (kind, date, author) still shows, as on a timeline.
export type NoteDto = {
  id: string;
  returneeId: string;
  caseId: string | null;
  kind: NoteKind;
  date: string;
  durationMinutes: number;
  text: string | null;
  hidden: boolean;
  confidential: boolean;
  authorId: string;
  authorName: string | null;
  correctsId: string | null;
  editableUntil: string;
  createdAt: string;
  updatedAt: string | null;
};

export function toNoteDto(n: ReturneeNote, text: string | null, authorName: string | null, editableUntil: Date): NoteDto {
  return {
    id: n.id,
    returneeId: n.returneeId,
    caseId: n.caseId,
    kind: n.kind,
    date: n.noteDate,
    durationMinutes: n.durationMinutes,
    text,
    hidden: text === null,
    confidential: n.confidential,
    authorId: n.authorId,
    authorName,
    correctsId: n.correctsId,
    editableUntil: editableUntil.toISOString(),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt ? n.updatedAt.toISOString() : null,
  };
}
