import { useCreate, useNotify, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { FormDialog } from '../shared/FormDialog';
import { bishkekToday } from '../household/householdModel';
import { NoteFields } from './NoteFields';
import { newNoteValues, noteProblems, noteValues, toNoteCreate, toNoteUpdate, type Note, type NoteValues } from './notesModel';

type Props = { note: Note; onClose: () => void };

// The author's change within 24 hours of writing (PUT /api/notes/:id); a closed window (409) reloads the list, where
// the note then offers a correction instead.
export const EditNoteDialog = ({ note, onClose }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [update] = useUpdate();
  const today = bishkekToday();
  const save = async (v: NoteValues) => {
    await update('notes', { id: note.id, data: toNoteUpdate(v), previousData: note }, { mutationMode: 'pessimistic', returnPromise: true });
    notify('app.notes.updated', { type: 'info' });
    refresh();
    onClose();
  };
  return (
    <FormDialog<NoteValues>
      testId="edit-note-dialog"
      title={translate('app.notes.edit_title')}
      intro={translate('app.notes.edit_intro')}
      onClose={onClose}
      defaultValues={noteValues(note)}
      validate={(v) => noteProblems(v, today)}
      onSubmit={save}
      refreshOnConflict
      submitLabel="ra.action.save"
      submitTestId="note-edit-save"
      maxWidth="md"
      dividers
    >
      <NoteFields returneeId={note.returneeId} withCase={false} autoFocus prefix="note-edit" />
    </FormDialog>
  );
};

// A later change is a new note that points to the one it corrects; the corrected note stays as it was.
export const CorrectNoteDialog = ({ note, onClose }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create] = useCreate();
  const today = bishkekToday();
  const save = async (v: NoteValues) => {
    await create(`returnees/${note.returneeId}/notes`, { data: toNoteCreate(v, note.id) }, { returnPromise: true });
    notify('app.notes.corrected', { type: 'info' });
    refresh();
    onClose();
  };
  return (
    <FormDialog<NoteValues>
      testId="correct-note-dialog"
      title={translate('app.notes.correct_title')}
      intro={translate('app.notes.correct_intro')}
      onClose={onClose}
      defaultValues={newNoteValues(note.date, note)}
      validate={(v) => noteProblems(v, today)}
      onSubmit={save}
      submitLabel="app.notes.save_correction"
      submitTestId="note-correct-save"
      maxWidth="md"
      dividers
    >
      <NoteFields returneeId={note.returneeId} withCase autoFocus prefix="note-correct" />
    </FormDialog>
  );
};
