import { Box, Checkbox, FormControlLabel, FormGroup, FormLabel, MenuItem, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useGetList, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useController, useForm, useWatch } from 'react-hook-form';
import { formatDateTime, formatDay } from '../shared/dates';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { fetchNotes, reviewPlan, type NoteChoice } from './planCalls';
import { bishkekToday, GOAL_STATUSES, type GoalStatus, type Plan } from './planModel';

type Values = {
  followUpId: string;
  reviewedOn: string;
  goals: { goalId: string; status: GoalStatus; progress: string; droppedReason: string }[];
  noteIds: string[];
};

type FollowUpRow = { id: string; kind: string; dueAt: string; status: string; caseCode: string };

const NotesField = ({ notes }: { notes: NoteChoice[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { field } = useController<Values>({ name: 'noteIds' });
  const chosen = (field.value as string[]) ?? [];
  const toggle = (id: string) => field.onChange(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <FormLabel component="legend">{translate('app.plans.review_notes')}</FormLabel>
      {notes.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('app.plans.review_no_notes')}
        </Typography>
      ) : (
        <FormGroup>
          {notes.map((n) => (
            <FormControlLabel
              key={n.id}
              control={<Checkbox size="small" checked={chosen.includes(n.id)} onChange={() => toggle(n.id)} />}
              label={`${formatDay(n.date, locale)} · ${translate(`enums.note_kind.${n.kind}`, { _: n.kind })}${n.text ? ` · ${n.text.length > 80 ? `${n.text.slice(0, 80)}…` : n.text}` : ''}`}
              data-testid="plan-review-note"
            />
          ))}
        </FormGroup>
      )}
    </Box>
  );
};

const MONTH_MS = 31 * 86_400_000;
const nearestMonitoring = (rows: FollowUpRow[], now: number): string | null => {
  const near = rows
    .filter((f) => f.kind.startsWith('monitoring') && (f.status === 'scheduled' || f.status === 'done'))
    .map((f) => ({ id: f.id, gap: Math.abs(Date.parse(f.dueAt) - now) }))
    .filter((f) => f.gap <= MONTH_MS)
    .sort((a, b) => a.gap - b.gap);
  return near[0]?.id ?? null;
};

// A goal dropped at this review says why.
const DroppedReason = ({ index }: { index: number }) => {
  const translate = useTranslate();
  const status = useWatch<Values>({ name: `goals.${index}.status` });
  if (status !== 'dropped') return null;
  return (
    <FormTextField
      name={`goals.${index}.droppedReason`}
      required
      fullWidth
      sx={{ mt: 1 }}
      label={translate('app.plans.dropped_reason')}
      slotProps={{ htmlInput: { 'data-testid': `plan-review-dropped-${index}`, maxLength: 2000 } }}
    />
  );
};

// Review at a monitoring contact: per goal its status now and a progress note, optionally the monitoring follow-up it
// was done at and the notes it rests on. The plan goes under review; the goals show the latest progress.
export const ReviewDialog = ({ plan, followUpId, onClose }: { plan: Plan; followUpId?: string; onClose: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const refresh = useRefresh();
  const [notes, setNotes] = useState<NoteChoice[]>([]);
  const followUps = useGetList<FollowUpRow>('follow-ups', {
    filter: { returneeId: plan.returneeId },
    sort: { field: 'dueAt', order: 'DESC' },
    pagination: { page: 1, perPage: 50 },
  });
  useEffect(() => {
    let live = true;
    fetchNotes(plan.returneeId).then(
      (n) => live && setNotes(n.filter((x) => !x.hidden)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [plan.returneeId]);
  const goals = plan.goals.filter((g) => g.id);
  const form = useForm<Values>({
    defaultValues: {
      followUpId: followUpId ?? '',
      reviewedOn: bishkekToday(),
      goals: goals.map((g) => ({ goalId: g.id!, status: g.status, progress: '', droppedReason: g.droppedReason ?? '' })),
      noteIds: [],
    },
  });
  // the monitoring contact this review most likely belongs to: the one due nearest today (within a month)
  const nearest = nearestMonitoring(followUps.data ?? [], Date.now());
  const { setValue, getValues } = form;
  useEffect(() => {
    if (nearest && !followUpId && !getValues('followUpId')) setValue('followUpId', nearest);
  }, [nearest, followUpId, getValues, setValue]);
  const submit = async (v: Values) => {
    await reviewPlan(plan.id, {
      ...(v.followUpId ? { followUpId: v.followUpId } : {}),
      reviewedOn: v.reviewedOn,
      goals: v.goals.map((g) => ({
        goalId: g.goalId,
        status: g.status,
        progress: g.progress.trim(),
        ...(g.status === 'dropped' ? { droppedReason: g.droppedReason.trim() } : {}),
      })),
      ...(v.noteIds.length > 0 ? { noteIds: v.noteIds } : {}),
    });
    notify('app.plans.reviewed', { type: 'info' });
    onClose();
    refresh();
  };
  const validate = (v: Values) => ({
    reviewedOn: !v.reviewedOn ? 'app.plans.validation.review_date_required' : v.reviewedOn > bishkekToday() ? 'app.validation.future_date' : undefined,
    ...Object.fromEntries(v.goals.map((g, i) => [`goals.${i}.progress`, g.progress.trim() ? undefined : 'app.plans.validation.progress_required'])),
    ...Object.fromEntries(
      v.goals.map((g, i) => [
        `goals.${i}.droppedReason`,
        g.status === 'dropped' && !g.droppedReason.trim() ? 'app.plans.validation.dropped_reason_required' : undefined,
      ]),
    ),
  });
  // monitoring contacts first (what a review belongs to), then the rest
  const choices = [...(followUps.data ?? [])].sort((a, b) => Number(b.kind.startsWith('monitoring')) - Number(a.kind.startsWith('monitoring')));
  return (
    <FormDialog<Values>
      testId="plan-review-dialog"
      title={translate('app.plans.review_title', { version: plan.version })}
      intro={translate('app.plans.review_content')}
      form={form}
      onClose={onClose}
      onSubmit={submit}
      validate={validate}
      serverFields={Object.fromEntries(goals.flatMap((_, i) => ['status', 'progress', 'droppedReason'].map((f) => [`goals[${i}].${f}`, `goals.${i}.${f}`])))}
      submitLabel="ra.action.save"
      submitTestId="plan-review-save"
      maxWidth="md"
      dividers
    >
      <Stack spacing={2}>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <FormTextField
            name="followUpId"
            select
            label={translate('app.plans.review_follow_up')}
            sx={{ minWidth: 260, flex: 1 }}
            slotProps={{ htmlInput: { 'data-testid': 'plan-review-follow-up' } }}
          >
            <MenuItem value="">
              <em>{translate('app.plans.review_no_follow_up')}</em>
            </MenuItem>
            {choices.map((f) => (
              <MenuItem key={f.id} value={f.id} data-testid="plan-review-follow-up-option">
                {`${translate(`enums.follow_up_kind.${f.kind}`, { _: f.kind })} · ${formatDateTime(f.dueAt, locale)} · ${translate(`enums.follow_up_status.${f.status}`, { _: f.status })}`}
              </MenuItem>
            ))}
          </FormTextField>
          <FormTextField
            name="reviewedOn"
            type="date"
            required
            label={translate('app.plans.reviewed_on')}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'plan-review-date', max: bishkekToday() } }}
          />
        </Stack>
        {goals.map((g, i) => (
          <Box key={g.id} component="section" data-testid="plan-review-goal" sx={{ borderTop: 1, borderColor: 'divider', pt: 1.5 }}>
            <Typography variant="subtitle2" component="h3">
              {translate(`app.plans.dimensions.${g.dimension}`)} · {g.text}
            </Typography>
            {g.lastProgress && (
              <Typography variant="body2" color="text.secondary">
                {translate('app.plans.last_progress')}: {g.lastProgress}
              </Typography>
            )}
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 1 }}>
              <FormTextField
                name={`goals.${i}.status`}
                select
                label={translate('app.plans.goal_status')}
                sx={{ minWidth: 200 }}
                slotProps={{ htmlInput: { 'data-testid': `plan-review-status-${i}` } }}
              >
                {GOAL_STATUSES.map((s) => (
                  <MenuItem key={s} value={s}>
                    {translate(`app.plans.goal_statuses.${s}`)}
                  </MenuItem>
                ))}
              </FormTextField>
              <FormTextField
                name={`goals.${i}.progress`}
                required
                multiline
                fullWidth
                label={translate('app.plans.progress')}
                slotProps={{ htmlInput: { 'data-testid': `plan-review-progress-${i}`, maxLength: 2000 } }}
              />
            </Stack>
            <DroppedReason index={i} />
          </Box>
        ))}
        <NotesField notes={notes} />
      </Stack>
    </FormDialog>
  );
};
