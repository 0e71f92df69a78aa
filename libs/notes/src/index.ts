export { NotesModule } from './notes.module';
export { NotesService, NOTE_TEXT_AAD, EDIT_WINDOW_HOURS } from './notes.service';
export { NotesErrorCode } from './notes.errors';
export { NOTE_KINDS, type NoteKind } from './returnee-note.entity';
export type { NoteDto } from './dto/note.dto';
export { CreateNoteDto } from './dto/create-note.dto';
