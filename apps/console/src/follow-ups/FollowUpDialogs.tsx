import { FormControl, FormControlLabel, FormLabel, Radio, RadioGroup } from '@mui/material';
import { useState } from 'react';
import { useCreate, useLocaleState, useNotify, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { useController } from 'react-hook-form';
import { RecordSurveyDialog } from '../reintegration/RecordSurveyDialog';
import { TakeAssessmentDialog } from '../reintegration/TakeAssessmentDialog';
import { PlanReviewStep } from '../plans/PlanReviewStep';
import type { Occasion } from '../reintegration/reintegrationModel';
import { formatDateTime } from '../shared/dates';
import { ConfirmDialog, FormDialog, FormTextField } from '../shared/FormDialog';
import { announce, CHANGED_EVENTS } from '../shared/usePolling';
import { DueChooser } from './DueChooser';
import {
  isoToBishkekLocal,
  dueAtFromPreset,
  resolveDueAt,
  SCHEDULABLE_KINDS,
  toCancelUpdate,
  toDoneUpdate,
  toRescheduleUpdate,
  toScheduleCreate,
  type DueChoice,
  type FollowUp,
  type SchedulableKind,
} from './followUpModel';

const initialDue = (): DueChoice => ({ preset: '3d', custom: isoToBishkekLocal(dueAtFromPreset('3d')).slice(0, 16) });

// The API's dueAt problem ("must be in the future") goes under the due chooser; a 409 (STALE_VERSION, FOLLOW_UP_CLOSED)
// reloads, so the user sees the current state and can redo the change on fresh data.
const DUE_PROBLEMS = { serverFields: { dueAt: 'due' }, fieldMessages: { dueAt: 'app.follow_ups.validation.due_future' }, refreshOnConflict: true };

const dueProblem = (due: DueChoice) => {
  const r = resolveDueAt(due);
  return { due: 'error' in r ? r.error : undefined };
};

// validated before: resolveDueAt only fails on what dueProblem refused
const dueAt = (due: DueChoice): string => {
  const r = resolveDueAt(due);
  if ('error' in r) throw new Error(r.error);
  return r.dueAt;
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

const DueField = ({ autoFocus }: { autoFocus?: boolean }) => {
  const { field, fieldState } = useController<{ due: DueChoice }, 'due'>({ name: 'due' });
  return <DueChooser value={field.value} onChange={field.onChange} error={fieldState.error?.message} autoFocus={autoFocus} inputRef={field.ref} />;
};

// The free-text notes of a follow-up, the same in the schedule and done dialogs.
const NotesField = () => {
  const translate = useTranslate();
  return <FormTextField name="notes" label={translate('resources.follow-ups.fields.notes')} fullWidth multiline minRows={2} sx={{ mt: 2 }} />;
};

const KindField = () => {
  const translate = useTranslate();
  const { field } = useController<{ kind: SchedulableKind }, 'kind'>({ name: 'kind' });
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend" id="follow-up-kind">
        {translate('resources.follow-ups.fields.kind')}
      </FormLabel>
      <RadioGroup row aria-labelledby="follow-up-kind" name="kind" value={field.value} onChange={(e) => field.onChange(e.target.value as SchedulableKind)}>
        {SCHEDULABLE_KINDS.map((k, i) => (
          <FormControlLabel
            key={k}
            value={k}
            control={
              <Radio
                autoFocus={i === 0}
                slotProps={{ input: { 'data-testid': `follow-up-kind-${k}`, ...(i === 0 ? { ref: field.ref } : {}) } as Record<string, unknown> }}
              />
            }
            label={translate(`enums.follow_up_kind.${k}`)}
          />
        ))}
      </RadioGroup>
    </FormControl>
  );
};

type ScheduleProps = { caseId: string; caseCode: string; open: boolean; onClose: () => void };
type ScheduleValues = { kind: SchedulableKind; due: DueChoice; notes: string };

export const ScheduleFollowUpDialog = ({ caseId, caseCode, open, onClose }: ScheduleProps) => {
  const translate = useTranslate();
  const [create] = useCreate();
  const done = useDone();
  const save = async (v: ScheduleValues) => {
    await create('follow-ups', { data: toScheduleCreate(caseId, v.kind, dueAt(v.due), v.notes) }, { returnPromise: true });
    done('app.follow_ups.scheduled');
    onClose();
  };
  return (
    <FormDialog<ScheduleValues>
      open={open}
      testId="schedule-follow-up-dialog"
      title={translate('app.follow_ups.schedule_title', { code: caseCode })}
      onClose={onClose}
      defaultValues={{ kind: 'call', due: initialDue(), notes: '' }}
      validate={(v) => dueProblem(v.due)}
      onSubmit={save}
      {...DUE_PROBLEMS}
      submitLabel="app.follow_ups.save"
      submitTestId="follow-up-save"
    >
      <KindField />
      <DueField />
      <NotesField />
    </FormDialog>
  );
};

type RowDialogProps = { followUp: FollowUp; onClose: () => void };
type DoneValues = { outcome: string; notes: string };

export const DoneFollowUpDialog = ({ followUp, onClose }: RowDialogProps) => {
  const translate = useTranslate();
  const [update] = useUpdate();
  const done = useDone();
  // a monitoring contact is when the reintegration survey and then the needs assessment are taken, and the plan in
  // force reviewed: offered one after the other right after marking it done (each can be cancelled)
  const [next, setNext] = useState<'survey' | 'assessment' | 'plan' | null>(null);
  const monitoring = followUp.kind.startsWith('monitoring_');
  const save = async (v: DoneValues) => {
    await update(
      'follow-ups',
      { id: followUp.id, data: toDoneUpdate(followUp, v.notes, v.outcome), previousData: followUp },
      { mutationMode: 'pessimistic', returnPromise: true },
    );
    done('app.follow_ups.done_saved');
    if (monitoring) setNext('survey');
    else onClose();
  };
  if (next === 'survey') {
    return (
      <RecordSurveyDialog
        returneeId={followUp.returneeId}
        defaultOccasion={followUp.kind as Occasion}
        followUpId={followUp.id}
        onClose={() => setNext('assessment')}
      />
    );
  }
  if (next === 'assessment') {
    return (
      <TakeAssessmentDialog
        returneeId={followUp.returneeId}
        defaultOccasion={followUp.kind as Occasion}
        followUpId={followUp.id}
        onClose={() => setNext('plan')}
      />
    );
  }
  if (next === 'plan') return <PlanReviewStep returneeId={followUp.returneeId} followUpId={followUp.id} onClose={onClose} />;
  return (
    <FormDialog<DoneValues>
      testId="done-follow-up-dialog"
      title={translate('app.follow_ups.done_title')}
      onClose={onClose}
      defaultValues={{ outcome: '', notes: followUp.notes ?? '' }}
      onSubmit={save}
      refreshOnConflict
      submitLabel="app.follow_ups.done"
      submitTestId="follow-up-save"
    >
      <FormTextField name="outcome" label={translate('resources.follow-ups.fields.outcome')} autoFocus fullWidth multiline minRows={2} sx={{ mt: 1 }} />
      <NotesField />
    </FormDialog>
  );
};

export const RescheduleFollowUpDialog = ({ followUp, onClose }: RowDialogProps) => {
  const translate = useTranslate();
  const [update] = useUpdate();
  const done = useDone();
  const save = async (v: { due: DueChoice }) => {
    await update(
      'follow-ups',
      { id: followUp.id, data: toRescheduleUpdate(followUp, dueAt(v.due)), previousData: followUp },
      { mutationMode: 'pessimistic', returnPromise: true },
    );
    done('app.follow_ups.rescheduled');
    onClose();
  };
  return (
    <FormDialog<{ due: DueChoice }>
      testId="reschedule-follow-up-dialog"
      title={translate('app.follow_ups.reschedule_title')}
      onClose={onClose}
      defaultValues={{ due: { preset: '3d', custom: isoToBishkekLocal(followUp.dueAt) } }}
      validate={(v) => dueProblem(v.due)}
      onSubmit={save}
      {...DUE_PROBLEMS}
      submitLabel="app.follow_ups.reschedule"
      submitTestId="follow-up-save"
    >
      <DueField autoFocus />
    </FormDialog>
  );
};

export const CancelFollowUpDialog = ({ followUp, onClose }: RowDialogProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [update] = useUpdate();
  const done = useDone();
  const confirm = async () => {
    await update(
      'follow-ups',
      { id: followUp.id, data: toCancelUpdate(followUp), previousData: followUp },
      { mutationMode: 'pessimistic', returnPromise: true },
    );
    done('app.follow_ups.cancelled');
    onClose();
  };
  return (
    <ConfirmDialog
      testId="cancel-follow-up-dialog"
      title={translate('app.follow_ups.cancel_title')}
      content={translate('app.follow_ups.cancel_content', {
        kind: translate(`enums.follow_up_kind.${followUp.kind}`, { _: followUp.kind }),
        dueAt: formatDateTime(followUp.dueAt, locale),
      })}
      onConfirm={confirm}
      onClose={onClose}
      refreshOnConflict
      cancelLabel="app.follow_ups.keep"
      confirmLabel="app.follow_ups.cancel"
      confirmColor="error"
      confirmTestId="follow-up-confirm-cancel"
    />
  );
};
