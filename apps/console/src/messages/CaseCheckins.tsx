import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { useLocaleState, useNotify, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { SubmitButton } from './SubmitButton';
import { ScrollX } from '../shared/ShowLayout';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { getCheckins, getCheckinSchedule, putCheckinSchedule } from './messageCalls';
import {
  answerColor,
  canSchedule,
  CHECKIN_FREQUENCIES,
  formatShare,
  MESSAGE_CHANNELS,
  scheduleProblems,
  scheduleValues,
  toScheduleBody,
  type CheckinSchedule,
  type ScheduleValues,
} from './messageModel';

const AdherenceChart = lazy(async () => ({ default: (await import('./AdherenceChart')).AdherenceChart }));

type CaseLike = { id: string; type: string; status: string; details: Record<string, unknown> | null };
const k = (key: string) => `app.messaging.checkins.${key}`;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const LABELS = { frequency: 'frequency', weekday: 'weekday', localTime: 'local_time', channel: 'channel' } as const;

// The schedule of a TB case's check-ins: daily or weekly (which day), the local time (Bishkek), the channel (the
// returnee's own unless chosen) and on/off. Saved as a whole (PUT); the API refuses it outside the treatment.
const ScheduleForm = ({ caseId, schedule, editable }: { caseId: string; schedule: CheckinSchedule | null; editable: boolean }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const queryClient = useQueryClient();
  const [v, setV] = useState<ScheduleValues>(() => scheduleValues(schedule));
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setV(scheduleValues(schedule)), [schedule]);
  const set = <K extends keyof ScheduleValues>(key: K, value: ScheduleValues[K]) => {
    setV((old) => ({ ...old, [key]: value }));
    setProblems((old) => ({ ...old, [key]: undefined }));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !editable) return;
    const found = scheduleProblems(v);
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    try {
      await putCheckinSchedule(caseId, toScheduleBody(v));
      notify(k('saved'), { type: 'info' });
      await queryClient.invalidateQueries({ queryKey: ['checkins', caseId] });
    } catch (error) {
      const info = notifyApiError(error);
      setProblems(info.fields);
    } finally {
      setBusy(false);
    }
  };
  const problem = (name: string) => (problems[name] ? translate(problems[name]!, { _: problems[name] }) : undefined);
  // what every field of the form shares: its label, value, problem, width and test id
  const common = (name: 'frequency' | 'weekday' | 'localTime' | 'channel', testId: string, width: number) => ({
    size: 'small' as const,
    label: translate(k(LABELS[name])),
    value: v[name],
    disabled: !editable,
    error: !!problem(name),
    helperText: problem(name),
    sx: { width: { xs: '100%', sm: width } },
    slotProps: { htmlInput: { 'data-testid': `checkin-${testId}` } },
  });
  return (
    <Card variant="outlined">
      <CardContent>
        <Box component="form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="checkin-schedule-title" data-testid="checkin-schedule">
          <Typography variant="subtitle1" component="h3" id="checkin-schedule-title" gutterBottom>
            {translate(k('schedule_title'))}
          </Typography>
          {!schedule && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="checkin-schedule-none">
              {translate(k('none'))}
            </Typography>
          )}
          <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <TextField select {...common('frequency', 'frequency', 180)} onChange={(e) => set('frequency', e.target.value as ScheduleValues['frequency'])}>
              {CHECKIN_FREQUENCIES.map((f) => (
                <MenuItem key={f} value={f}>
                  {translate(`enums.checkin_frequency.${f}`)}
                </MenuItem>
              ))}
            </TextField>
            {v.frequency === 'weekly' && (
              <TextField select {...common('weekday', 'weekday', 180)} onChange={(e) => set('weekday', e.target.value === '' ? '' : Number(e.target.value))}>
                {WEEKDAYS.map((d) => (
                  <MenuItem key={d} value={d}>
                    {translate(`app.calendar.weekdays.${d}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <TextField
              type="time"
              {...common('localTime', 'time', 160)}
              helperText={problem('localTime') ?? translate(k('local_time_hint'))}
              onChange={(e) => set('localTime', e.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'checkin-time', step: 60 } }}
            />
            <TextField
              select
              {...common('channel', 'channel', 260)}
              onChange={(e) => set('channel', e.target.value as ScheduleValues['channel'])}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'checkin-channel' } }}
            >
              <MenuItem value="">{translate(k('channel_preferred'))}</MenuItem>
              {MESSAGE_CHANNELS.map((c) => (
                <MenuItem key={c} value={c}>
                  {translate(`enums.message_channel.${c}`)}
                </MenuItem>
              ))}
            </TextField>
            <FormControlLabel
              control={
                <Switch
                  checked={v.active}
                  disabled={!editable}
                  onChange={(e) => set('active', e.target.checked)}
                  slotProps={{ input: { 'data-testid': 'checkin-active' } as object }}
                />
              }
              label={translate(k('active'))}
            />
          </Stack>
          {editable && <SubmitButton busy={busy} label="ra.action.save" testId="checkin-schedule-save" />}
        </Box>
      </CardContent>
    </Card>
  );
};

// The "Check-ins" tab of a TB health case: the schedule, the adherence (share answered "yes") with its chart, and the
// check-ins asked with their answers.
export const CaseCheckins = () => {
  const record = useRecordContext<CaseLike>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions();
  const schedule = useQuery({ queryKey: ['checkins', record?.id, 'schedule'], queryFn: () => getCheckinSchedule(record!.id), enabled: !!record, retry: false });
  const list = useQuery({ queryKey: ['checkins', record?.id, 'list'], queryFn: () => getCheckins(record!.id), enabled: !!record, retry: false });
  if (!record) return null;
  if (schedule.isError || list.isError) {
    const message = (schedule.error ?? list.error) as Error | null;
    return (
      <Alert severity="info" data-testid="checkins-unavailable">
        {message?.message || translate(k('unavailable'))}
      </Alert>
    );
  }
  if (schedule.isPending || list.isPending) return <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>;
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  const { adherence, checkins } = list.data;
  return (
    <Stack spacing={2} data-testid="case-checkins">
      <ScheduleForm caseId={record.id} schedule={schedule.data} editable={staff && canSchedule(record)} />
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'baseline' }} data-testid="adherence-summary">
        <Typography variant="h6" component="p">
          {translate(k('adherence'))}: <span data-testid="adherence-share">{formatShare(adherence.share)}</span>
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate(k('counts'), { asked: adherence.asked, yes: adherence.yes, no: adherence.no, side: adherence.sideEffects, none: adherence.unanswered })}
        </Typography>
      </Stack>
      {checkins.length === 0 ? (
        <EmptyState title={k('empty.title')} hint={k('empty.hint')} testId="checkins-empty" />
      ) : (
        <>
          {adherence.asked > 0 && (
            <Suspense fallback={<Box sx={{ height: 284 }} />}>
              <AdherenceChart checkins={checkins} />
            </Suspense>
          )}
          <ScrollX>
            <Table size="small" data-testid="checkins-table">
              <TableHead>
                <TableRow>
                  <TableCell>{translate(k('due'))}</TableCell>
                  <TableCell>{translate(k('answer'))}</TableCell>
                  <TableCell>{translate(k('answered_at'))}</TableCell>
                  <TableCell>{translate(k('escalated'))}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {checkins.map((c) => (
                  <TableRow key={c.id} data-testid="checkin-row">
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.dueAt, locale)}</TableCell>
                    <TableCell>
                      <Chip
                        size="small"
                        color={answerColor(c.answer)}
                        label={c.answer ? translate(`enums.checkin_answer.${c.answer}`) : translate(k(c.sent ? 'no_answer' : 'not_sent'))}
                      />
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{c.answeredAt ? formatDateTime(c.answeredAt, locale) : '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{c.escalatedAt ? formatDateTime(c.escalatedAt, locale) : '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollX>
        </>
      )}
    </Stack>
  );
};
