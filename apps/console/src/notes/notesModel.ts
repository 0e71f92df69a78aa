// No imports on purpose: the root jest may check this file directly, while the console bundles it.

// Mirrors libs/notes (returnee-note.entity NOTE_KINDS, dto/note.dto NoteDto).
export const NOTE_KINDS = ['counselling', 'home_visit', 'phone_call', 'office_visit', 'other'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const MAX_NOTE_MINUTES = 600;
export const MAX_NOTE_TEXT = 10_000;

export type Note = {
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

export type NoteValues = { kind: NoteKind; date: string; durationMinutes: string; text: string; confidential: boolean; caseId: string };

export const newNoteValues = (today: string, from?: Partial<Note>): NoteValues => ({
  kind: from?.kind ?? 'counselling',
  date: today,
  durationMinutes: from?.durationMinutes !== undefined ? String(from.durationMinutes) : '30',
  text: from?.text ?? '',
  confidential: from?.confidential ?? false,
  caseId: from?.caseId ?? '',
});

export const noteValues = (n: Note): NoteValues => ({
  kind: n.kind,
  date: n.date,
  durationMinutes: String(n.durationMinutes),
  text: n.text ?? '',
  confidential: n.confidential,
  caseId: n.caseId ?? '',
});

// The form's own checks (catalog keys); the server checks the same and more.
export function noteProblems(v: NoteValues, today: string): Record<string, string | undefined> {
  const minutes = Number(v.durationMinutes);
  return {
    date: !v.date ? 'ra.validation.required' : v.date > today ? 'app.notes.validation.date_future' : undefined,
    durationMinutes:
      v.durationMinutes.trim() === '' || !Number.isInteger(minutes) || minutes < 0 || minutes > MAX_NOTE_MINUTES ? 'app.notes.validation.minutes' : undefined,
    text: v.text.trim() ? undefined : 'ra.validation.required',
  };
}

// POST /api/returnees/:id/notes (a correction names the note it corrects).
export function toNoteCreate(v: NoteValues, correctsId?: string): Record<string, unknown> {
  return {
    kind: v.kind,
    date: v.date,
    durationMinutes: Number(v.durationMinutes),
    text: v.text,
    confidential: v.confidential,
    ...(v.caseId ? { caseId: v.caseId } : {}),
    ...(correctsId ? { correctsId } : {}),
  };
}

// PUT /api/notes/:id: the returnee, the case and the corrected note stay as written.
export const toNoteUpdate = (v: NoteValues): Record<string, unknown> => ({
  kind: v.kind,
  date: v.date,
  durationMinutes: Number(v.durationMinutes),
  text: v.text,
  confidential: v.confidential,
});

// The author may still change the note (the server decides; this only hides the button once the window closed).
export const canEdit = (n: Note, userId: string | undefined, now: Date = new Date()): boolean =>
  !!userId && n.authorId === userId && !n.hidden && Date.parse(n.editableUntil) > now.getTime();

// Newest first: by the day of the contact, then by when it was written.
export const byNewest = (a: Note, b: Note): number =>
  a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;

// Which notes correct each note (id → the correcting notes), over the notes at hand.
export function correctionsOf(notes: Note[]): Map<string, Note[]> {
  const out = new Map<string, Note[]>();
  for (const n of notes) {
    if (!n.correctsId) continue;
    out.set(n.correctsId, [...(out.get(n.correctsId) ?? []), n]);
  }
  return out;
}
