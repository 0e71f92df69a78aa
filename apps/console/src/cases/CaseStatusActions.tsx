import { Box, Button, Checkbox, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { useNotify, usePermissions, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { toTransition, type CaseRecord, type CaseStatus, type ClosingData, type TransitionNote } from './caseModel';
import { ReasonDialog } from './ReasonDialog';

type CloseDialogProps = {
  open: boolean; code: string; busy: boolean; onCancel: () => void; onConfirm: (closing: Required<ClosingData>) => void;
  // approving a caseworker's request starts from what they wrote
  initialReason?: string | null; initialOutcome?: string | null;
};

// Closing needs a reason; the dialog is also the confirmation step.
export const CloseDialog = ({ open, code, busy, onCancel, onConfirm, initialReason, initialOutcome }: CloseDialogProps) => {
  const translate = useTranslate();
  const [reason, setReason] = useState(initialReason ?? '');
  const [outcome, setOutcome] = useState(initialOutcome ?? '');
  const [monitoring, setMonitoring] = useState(true);
  const [touched, setTouched] = useState(false);
  const missing = reason.trim() === '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!missing) onConfirm({ closureReason: reason, outcome, scheduleMonitoring: monitoring });
  };
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="close-case-title" data-testid="close-case-dialog" fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="close-case-title">{translate('app.cases.close_title', { code })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('app.cases.close_content')}</DialogContentText>
          <TextField
            name="closureReason"
            label={translate('resources.cases.fields.closureReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            autoFocus
            fullWidth
            multiline
            minRows={2}
            error={touched && missing}
            helperText={touched && missing ? translate('app.validation.closure_reason_required') : ' '}
          />
          <TextField
            name="outcome"
            label={translate('resources.cases.fields.outcome')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            fullWidth
            multiline
            minRows={2}
          />
          {/* 1/3/6/12-month monitoring follow-ups are scheduled on closure unless the supervisor opts out */}
          <FormControlLabel
            control={<Checkbox checked={monitoring} onChange={(e) => setMonitoring(e.target.checked)} name="scheduleMonitoring" data-testid="schedule-monitoring" />}
            label={translate('app.cases.schedule_monitoring')}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" color="error" disabled={busy} data-testid="confirm-close">
            {translate('app.cases.confirm_close')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

// The same target status reads differently depending on where the case stands.
const transitionLabel = (from: CaseStatus, to: CaseStatus, role: unknown): string => {
  if (to !== 'in_progress') return `app.cases.transition.${to}`;
  if (from === 'closed') return 'app.cases.transition.reopen';
  // a supervisor rejects a closure request; the caseworker who made it takes it back
  if (from === 'pending_closure') return role === 'supervisor' ? 'app.cases.transition.reject_closure' : 'app.cases.transition.withdraw_closure';
  if (from === 'on_hold') return 'app.cases.transition.resume';
  return 'app.cases.transition.in_progress';
};

// Offers exactly the transitions the API says this user may make now (record.allowedTransitions).
export const CaseStatusActions = () => {
  const record = useRecordContext<CaseRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions } = usePermissions();
  const [update, { isPending }] = useUpdate<CaseRecord>();
  const [closing, setClosing] = useState(false);
  const [noting, setNoting] = useState<'send_back' | 'reopen' | null>(null);
  if (!record) return null;

  const move = (status: CaseStatus, closingData?: ClosingData, note?: TransitionNote) =>
    update(
      'cases',
      { id: record.id, data: toTransition(record, status, closingData, note), previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setClosing(false);
          setNoting(null);
          notify('app.cases.transition_done', { type: 'info' });
          refresh();
        },
        // the message is already translated by the httpClient; `_` shows it as is instead of looking it up as a key
        onError: (error) => {
          const message = (error as Error)?.message || 'ra.notification.http_error';
          notify(message, { type: 'error', messageArgs: { _: message } });
        },
      },
    );

  const transitions = record.allowedTransitions ?? [];
  return (
    <Box sx={{ px: 2, pt: 2 }} data-testid="case-status-actions">
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography variant="subtitle2">{translate('app.cases.actions')}:</Typography>
        <Chip label={translate(`enums.case_status.${record.status}`)} color="primary" variant="outlined" data-testid="case-status" />
        {transitions.map((status) => (
          <Button
            key={status}
            variant={status === 'closed' ? 'contained' : 'outlined'}
            color={status === 'closed' ? 'error' : 'primary'}
            size="small"
            disabled={isPending}
            data-testid={`transition-${status}`}
            onClick={() => {
              if (status === 'closed') setClosing(true);
              else if (status === 'in_progress' && record.status === 'closed') setNoting('reopen');
              // a supervisor's send-back must say what is missing; a caseworker withdrawing their own request need not
              else if (status === 'in_progress' && record.status === 'pending_closure' && permissions === 'supervisor') setNoting('send_back');
              else move(status);
            }}
          >
            {translate(transitionLabel(record.status, status, permissions))}
          </Button>
        ))}
        {transitions.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {translate('app.cases.no_actions')}
          </Typography>
        )}
      </Stack>
      {closing && (
        <CloseDialog
          open
          code={record.code}
          busy={isPending}
          onCancel={() => setClosing(false)}
          onConfirm={(closing) => move('closed', closing)}
          initialReason={record.closureReason}
          initialOutcome={record.outcome}
        />
      )}
      {noting && (
        <ReasonDialog
          open
          testId={noting === 'reopen' ? 'reopen-dialog' : 'send-back-dialog'}
          title={translate(`app.approvals.${noting}_title`, { code: record.code })}
          content={translate(`app.approvals.${noting}_content`)}
          label={noting === 'reopen' ? 'app.approvals.reopen_reason' : 'app.approvals.comment'}
          requiredText={noting === 'reopen' ? 'app.approvals.reopen_reason_required' : 'app.approvals.comment_required'}
          confirm={noting === 'reopen' ? 'app.cases.transition.reopen' : 'app.approvals.send_back'}
          busy={isPending}
          onCancel={() => setNoting(null)}
          onConfirm={(text) => move('in_progress', undefined, noting === 'reopen' ? { reason: text } : { comment: text })}
        />
      )}
    </Box>
  );
};
