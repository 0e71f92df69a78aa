import EditIcon from '@mui/icons-material/EditOutlined';
import LockIcon from '@mui/icons-material/LockOutlined';
import CorrectIcon from '@mui/icons-material/HistoryEdu';
import SearchIcon from '@mui/icons-material/Search';
import { Box, Button, Card, CardContent, Chip, CircularProgress, InputAdornment, Link as MuiLink, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  ListBase,
  Pagination,
  useCreate,
  useGetIdentity,
  useListContext,
  useLocaleState,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { FormProvider, get, useForm, type Path } from 'react-hook-form';
import { bishkekToday } from '../household/householdModel';
import { formatDateTime, formatDay } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { CorrectNoteDialog, EditNoteDialog } from './NoteDialogs';
import { NoteFields } from './NoteFields';
import { byNewest, canEdit, correctionsOf, newNoteValues, noteProblems, toNoteCreate, type Note, type NoteValues } from './notesModel';

type Open = { kind: 'edit' | 'correct'; note: Note } | null;

// A link to another note of the list: the console routes by the URL's hash, so it moves the focus (and the view) to
// that note instead of changing the address.
const NoteLink = ({ id, children }: { id: string; children: ReactNode }) => (
  <MuiLink
    component="button"
    type="button"
    sx={{ verticalAlign: 'baseline', textAlign: 'left' }}
    onClick={() => {
      const target = document.getElementById(`note-${id}`);
      target?.scrollIntoView({ block: 'center' });
      target?.focus();
    }}
  >
    {children}
  </MuiLink>
);

// "Counselling, 3 Dec 2026" — how a note is named where another one points to it.
const useNoteName = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (n: Note) => `${translate(`enums.note_kind.${n.kind}`, { _: n.kind })}, ${formatDay(n.date, locale)}`;
};

// The form at the top of the tab: kind, day (today), minutes, text, confidential and, optionally, one of the
// returnee's cases. Ctrl+Enter (⌘+Enter) in the text saves; the form then starts afresh with the kind kept.
const QuickAdd = ({ returneeId }: { returneeId: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const notifyApiError = useNotifyApiError();
  const [create] = useCreate();
  const today = bishkekToday();
  const form = useForm<NoteValues>({ defaultValues: newNoteValues(today) });
  const [busy, setBusy] = useState(false);
  const show = (problems: [string, string][]) => {
    for (const [name, message] of problems) form.setError(name as Path<NoteValues>, { type: 'server', message });
    if (problems.length) form.setFocus(problems[0][0] as Path<NoteValues>);
  };
  const submit = form.handleSubmit(async (v) => {
    form.clearErrors();
    const found = Object.entries(noteProblems(v, today)).filter((p): p is [string, string] => !!p[1]);
    if (found.length) return show(found.map(([n, key]) => [n, translate(key, { _: key })]));
    setBusy(true);
    try {
      await create(`returnees/${returneeId}/notes`, { data: toNoteCreate(v) }, { returnPromise: true });
      notify('app.notes.added', { type: 'info' });
      form.reset(newNoteValues(today, { kind: v.kind }));
      refresh();
    } catch (error) {
      const info = notifyApiError(error);
      show(Object.entries(info.fields).filter(([name]) => get(form.getValues(), name) !== undefined));
    } finally {
      setBusy(false);
    }
  });
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <FormProvider {...form}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!busy) void submit();
            }}
            onKeyDown={onKeyDown}
            noValidate
            aria-labelledby="quick-note-title"
            data-testid="quick-note"
          >
            <Typography variant="subtitle1" component="h3" id="quick-note-title" gutterBottom>
              {translate('app.notes.quick_add')}
            </Typography>
            <NoteFields returneeId={returneeId} withCase prefix="quick-note" />
            <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 1 }}>
              <Button
                type="submit"
                variant="contained"
                disabled={busy}
                startIcon={busy ? <CircularProgress size={16} color="inherit" aria-label={translate('ra.page.loading')} /> : undefined}
                data-testid="quick-note-save"
              >
                {translate('app.notes.add')}
              </Button>
            </Box>
          </form>
        </FormProvider>
      </CardContent>
    </Card>
  );
};

// The server's word search (filter q): all words, or their beginnings from 3 letters, must be in a note.
const NoteSearch = () => {
  const translate = useTranslate();
  const { filterValues, setFilters } = useListContext<Note>();
  const [value, setValue] = useState<string>(typeof filterValues.q === 'string' ? filterValues.q : '');
  useEffect(() => {
    const q = value.trim();
    const current = typeof filterValues.q === 'string' ? filterValues.q : '';
    if (q === current) return;
    const t = setTimeout(() => setFilters(q ? { ...filterValues, q } : {}, {}), 400);
    return () => clearTimeout(t);
  }, [value, filterValues, setFilters]);
  return (
    <TextField
      type="search"
      size="small"
      value={value}
      onChange={(e) => setValue(e.target.value)}
      label={translate('app.notes.search')}
      sx={{ mb: 2, width: { xs: '100%', sm: 360 } }}
      slotProps={{
        htmlInput: { 'data-testid': 'notes-search', maxLength: 200 },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon />
            </InputAdornment>
          ),
        },
      }}
    />
  );
};

const NoteItem = ({
  note,
  notes,
  corrections,
  userId,
  onOpen,
}: {
  note: Note;
  notes: Map<string, Note>;
  corrections: Note[];
  userId?: string;
  onOpen: (o: Open) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const nameOf = useNoteName();
  const corrected = note.correctsId ? notes.get(note.correctsId) : undefined;
  const editable = canEdit(note, userId);
  return (
    <Box
      component="li"
      id={`note-${note.id}`}
      tabIndex={-1}
      data-testid="note-item"
      data-id={note.id}
      sx={{ listStyle: 'none', py: 1.5, borderBottom: 1, borderColor: 'divider' }}
    >
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Chip size="small" color="primary" variant="outlined" label={translate(`enums.note_kind.${note.kind}`, { _: note.kind })} />
        <Typography variant="body2" sx={{ fontWeight: 500 }}>
          {formatDay(note.date, locale)}
        </Typography>
        <Typography variant="body2">{translate('app.notes.minutes', { minutes: note.durationMinutes })}</Typography>
        <Typography variant="body2" color="text.secondary">
          {note.authorName ?? translate('app.cases.event_someone')}
        </Typography>
        {note.confidential && <Chip size="small" icon={<LockIcon />} label={translate('app.notes.confidential')} data-testid="note-confidential-mark" />}
      </Stack>
      {note.correctsId && (
        <Typography variant="body2" sx={{ mt: 0.5 }} data-testid="note-corrects">
          {translate('app.notes.corrects')} {corrected ? <NoteLink id={corrected.id}>{nameOf(corrected)}</NoteLink> : translate('app.notes.earlier_note')}
        </Typography>
      )}
      {note.hidden ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, fontStyle: 'italic' }} data-testid="note-hidden">
          {translate('app.notes.hidden')}
        </Typography>
      ) : (
        <Typography variant="body1" sx={{ mt: 0.5, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="note-text">
          {note.text}
        </Typography>
      )}
      {corrections.length > 0 && (
        <Typography variant="body2" sx={{ mt: 0.5 }} data-testid="note-corrected-by">
          {translate('app.notes.corrected_by')}{' '}
          {corrections.map((c, i) => (
            <span key={c.id}>
              {i > 0 && ', '}
              <NoteLink id={c.id}>{`${nameOf(c)} (${formatDateTime(c.createdAt, locale)})`}</NoteLink>
            </span>
          ))}
        </Typography>
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mt: 0.5 }}>
        {editable && (
          <Button size="small" startIcon={<EditIcon />} onClick={() => onOpen({ kind: 'edit', note })} data-testid={`edit-note-${note.id}`}>
            {translate('ra.action.edit')}
          </Button>
        )}
        {!editable && !note.hidden && (
          <Button size="small" startIcon={<CorrectIcon />} onClick={() => onOpen({ kind: 'correct', note })} data-testid={`correct-note-${note.id}`}>
            {translate('app.notes.write_correction')}
          </Button>
        )}
      </Stack>
    </Box>
  );
};

const NotesTimeline = ({ onOpen }: { onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  const { data: identity } = useGetIdentity();
  const { data, isPending, total, perPage, filterValues } = useListContext<Note>();
  const searching = typeof filterValues.q === 'string' && filterValues.q !== '';
  if (isPending) {
    return (
      <Typography sx={{ py: 2 }} color="text.secondary">
        {translate('ra.page.loading')}
      </Typography>
    );
  }
  if (!data || data.length === 0) {
    return searching ? (
      <Typography sx={{ py: 2 }} data-testid="notes-none-found">
        {translate('app.notes.none_found')}
      </Typography>
    ) : (
      <EmptyState title="app.notes.empty.title" hint="app.notes.empty.hint" testId="notes-empty" />
    );
  }
  const sorted = [...data].sort(byNewest);
  const byId = new Map(data.map((n) => [n.id, n]));
  const corrections = correctionsOf(data);
  return (
    <>
      <Box component="ul" sx={{ p: 0, m: 0 }} data-testid="notes-timeline" aria-label={translate('app.notes.timeline')}>
        {sorted.map((n) => (
          <NoteItem
            key={n.id}
            note={n}
            notes={byId}
            corrections={corrections.get(n.id) ?? []}
            userId={identity?.id ? String(identity.id) : undefined}
            onOpen={onOpen}
          />
        ))}
      </Box>
      {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
    </>
  );
};

// The "notes" tab of a returnee: counselling and visit notes, newest first, with a quick-add form on top. Only office
// staff (caseworkers, supervisors) work with notes; the API answers 403 to anyone else.
export const ReturneeNotes = () => {
  const record = useRecordContext<{ id: string }>();
  const [open, setOpen] = useState<Open>(null);
  if (!record) return null;
  return (
    <Box data-testid="returnee-notes">
      <QuickAdd returneeId={record.id} />
      <ListBase resource={`returnees/${record.id}/notes`} sort={{ field: 'date', order: 'DESC' }} perPage={100} disableSyncWithLocation>
        <NoteSearch />
        <NotesTimeline onOpen={setOpen} />
      </ListBase>
      {open?.kind === 'edit' && <EditNoteDialog note={open.note} onClose={() => setOpen(null)} />}
      {open?.kind === 'correct' && <CorrectNoteDialog note={open.note} onClose={() => setOpen(null)} />}
    </Box>
  );
};
