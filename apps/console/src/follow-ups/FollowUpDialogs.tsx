import {
  Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, TextField,
} from '@mui/material';
import { useState, type FormEvent, type ReactNode } from 'react';
import { HttpError, useCreate, useLocaleState, useNotify, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { announce, CHANGED_EVENTS } from '../shared/usePolling';
import { RecordSurveyDialog } from '../reintegration/RecordSurveyDialog';
import type { Occasion } from '../reintegration/reintegrationModel';
import { DueChooser } from './DueChooser';
import {
  isoToBishkekLocal, dueAtFromPreset, resolveDueAt, SCHEDULABLE_KINDS, toCancelUpdate, toDoneUpdate, toRescheduleUpdate, toScheduleCreate,
  type DueChoice, type FollowUp, type SchedulableKind,
} from './followUpModel';

const initialDue = (): DueChoice => ({ preset: '3d', custom: isoToBishkekLocal(dueAtFromPreset('3d')).slice(0, 16) });

// The httpClient has already translated the message by the API's `code` (409 STALE_VERSION, FOLLOW_UP_CLOSED…);
// `_` shows it as is. A field error on dueAt (e.g. "must be in the future") goes under the due input too.
const useFailure = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  return (error: unknown, setDueError?: (e: string) => void) => {
    const message = (error as Error)?.message || 'ra.notification.http_error';
    notify(message, { type: 'error', messageArgs: { _: message } });
    if (error instanceof HttpError) {
      const field = (error.body as { errors?: Record<string, unknown> } | undefined)?.errors?.dueAt;
      if (typeof field === 'string' && setDueError) setDueError(field);
      // someone else changed it: show the current state so the user can redo the change on fresh data
      if (error.status === 409) refresh();
    }
  };
};

const useDone = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  return (message: string) => {
    notify(message, { type: 'info' });
    announce(CHANGED_EVENTS.followUps);
    refresh();
  };
};

type ShellProps = { open: boolean; title: string; onClose: () => void; onSubmit: () => void; busy: boolean; submitLabel: string; submitColor?: 'primary' | 'error'; testId: string; children: ReactNode };

// A form inside the dialog, so Enter submits and Esc closes; focus stays trapped in the dialog.
const DialogShell = ({ open, title, onClose, onSubmit, busy, submitLabel, submitColor = 'primary', testId, children }: ShellProps) => {
  const translate = useTranslate();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onSubmit();
  };
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={`${testId}-title`} data-testid={testId} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle id={`${testId}-title`}>{title}</DialogTitle>
        <DialogContent>{children}</DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" color={submitColor} disabled={busy} data-testid="follow-up-save">
            {translate(submitLabel)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

type ScheduleProps = { caseId: string; caseCode: string; open: boolean; onClose: () => void };

export const ScheduleFollowUpDialog = ({ caseId, caseCode, open, onClose }: ScheduleProps) => {
  const translate = useTranslate();
  const [create, { isPending }] = useCreate();
  const fail = useFailure();
  const done = useDone();
  const [kind, setKind] = useState<SchedulableKind>('call');
  const [due, setDue] = useState<DueChoice>(initialDue);
  const [notes, setNotes] = useState('');
  const [dueError, setDueError] = useState<string | null>(null);

  const save = () => {
    const r = resolveDueAt(due);
    if ('error' in r) return setDueError(r.error);
    setDueError(null);
    void create(
      'follow-ups',
      { data: toScheduleCreate(caseId, kind, r.dueAt, notes) },
      {
        onSuccess: () => {
          done('app.follow_ups.scheduled');
          onClose();
        },
        onError: (e) => fail(e, setDueError),
      },
    );
  };

  return (
    <DialogShell
      open={open}
      title={translate('app.follow_ups.schedule_title', { code: caseCode })}
      onClose={onClose}
      onSubmit={save}
      busy={isPending}
      submitLabel="app.follow_ups.save"
      testId="schedule-follow-up-dialog"
    >
      <FormControl component="fieldset">
        <FormLabel component="legend" id="follow-up-kind">
          {translate('resources.follow-ups.fields.kind')}
        </FormLabel>
        <RadioGroup row aria-labelledby="follow-up-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as SchedulableKind)}>
          {SCHEDULABLE_KINDS.map((k, i) => (
            <FormControlLabel
              key={k}
              value={k}
              control={<Radio autoFocus={i === 0} slotProps={{ input: { 'data-testid': `follow-up-kind-${k}` } as Record<string, string> }} />}
              label={translate(`enums.follow_up_kind.${k}`)}
            />
          ))}
        </RadioGroup>
      </FormControl>
      <DueChooser value={due} onChange={(v) => (setDue(v), setDueError(null))} error={dueError} />
      <NotesField value={notes} onChange={setNotes} />
    </DialogShell>
  );
};

type RowDialogProps = { followUp: FollowUp; onClose: () => void };

// The free-text notes of a follow-up, the same in the schedule and done dialogs.
const NotesField = ({ value, onChange }: { value: string; onChange: (v: string) => void }) => {
  const translate = useTranslate();
  return (
    <TextField
      name="notes"
      label={translate('resources.follow-ups.fields.notes')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      fullWidth
      multiline
      minRows={2}
      sx={{ mt: 2 }}
    />
  );
};

export const DoneFollowUpDialog = ({ followUp, onClose }: RowDialogProps) => {
  const translate = useTranslate();
  const [update, { isPending }] = useUpdate();
  const fail = useFailure();
  const done = useDone();
  const [notes, setNotes] = useState(followUp.notes ?? '');
  const [outcome, setOutcome] = useState('');
  // a monitoring contact is when the reintegration survey is taken: offered right after marking it done
  const [survey, setSurvey] = useState(false);
  const monitoring = followUp.kind.startsWith('monitoring_');
  const save = () =>
    void update(
      'follow-ups',
      { id: followUp.id, data: toDoneUpdate(followUp, notes, outcome), previousData: followUp },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          done('app.follow_ups.done_saved');
          if (monitoring) setSurvey(true);
          else onClose();
        },
        onError: (e) => fail(e),
      },
    );
  if (survey) {
    return <RecordSurveyDialog returneeId={followUp.returneeId} defaultOccasion={followUp.kind as Occasion} followUpId={followUp.id} onClose={onClose} />;
  }
  return (
    <DialogShell open title={translate('app.follow_ups.done_title')} onClose={onClose} onSubmit={save} busy={isPending} submitLabel="app.follow_ups.done" testId="done-follow-up-dialog">
      <TextField
        name="outcome"
        label={translate('resources.follow-ups.fields.outcome')}
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
        autoFocus
        fullWidth
        multiline
        minRows={2}
        sx={{ mt: 1 }}
      />
      <NotesField value={notes} onChange={setNotes} />
    </DialogShell>
  );
};

export const RescheduleFollowUpDialog = ({ followUp, onClose }: RowDialogProps) => {
  const translate = useTranslate();
  const [update, { isPending }] = useUpdate();
  const fail = useFailure();
  const done = useDone();
  const [due, setDue] = useState<DueChoice>(() => ({ preset: '3d', custom: isoToBishkekLocal(followUp.dueAt) }));
  const [dueError, setDueError] = useState<string | null>(null);
  const save = () => {
    const r = resolveDueAt(due);
    if ('error' in r) return setDueError(r.error);
    setDueError(null);
    void update(
      'follow-ups',
      { id: followUp.id, data: toRescheduleUpdate(followUp, r.dueAt), previousData: followUp },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          done('app.follow_ups.rescheduled');
          onClose();
        },
        onError: (e) => fail(e, setDueError),
      },
    );
  };
  return (
    <DialogShell open title={translate('app.follow_ups.reschedule_title')} onClose={onClose} onSubmit={save} busy={isPending} submitLabel="app.follow_ups.reschedule" testId="reschedule-follow-up-dialog">
      <DueChooser value={due} onChange={(v) => (setDue(v), setDueError(null))} error={dueError} autoFocus />
    </DialogShell>
  );
};

export const CancelFollowUpDialog = ({ followUp, onClose }: RowDialogProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [update, { isPending }] = useUpdate();
  const fail = useFailure();
  const done = useDone();
  const confirm = () =>
    void update(
      'follow-ups',
      { id: followUp.id, data: toCancelUpdate(followUp), previousData: followUp },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          done('app.follow_ups.cancelled');
          onClose();
        },
        onError: (e) => fail(e),
      },
    );
  // "Keep" is the safe default: it has the focus, so a stray Enter does not cancel anything
  return (
    <Dialog open onClose={onClose} aria-labelledby="cancel-follow-up-title" data-testid="cancel-follow-up-dialog">
      <DialogTitle id="cancel-follow-up-title">{translate('app.follow_ups.cancel_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {translate('app.follow_ups.cancel_content', {
            kind: translate(`enums.follow_up_kind.${followUp.kind}`, { _: followUp.kind }),
            dueAt: formatDateTime(followUp.dueAt, locale),
          })}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          {translate('app.follow_ups.keep')}
        </Button>
        <Button onClick={confirm} color="error" variant="contained" disabled={isPending} data-testid="follow-up-confirm-cancel">
          {translate('app.follow_ups.cancel')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
