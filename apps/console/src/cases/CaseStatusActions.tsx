import { Box, Button, Checkbox, Chip, FormControlLabel, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, usePermissions, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { useController } from 'react-hook-form';
import { MISSING_REASON_CODE, MissingDocumentsReasonField, useMissingDocumentsReason } from '../documents/MissingDocumentsReason';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { toTransition, type CaseRecord, type CaseStatus, type ClosingData, type TransitionNote } from './caseModel';
import { ReasonDialog } from './ReasonDialog';

// close: a supervisor closes a case outright; request: a caseworker asks to close (pending_closure) and writes the
// reason and summary the supervisor will read; approve: the supervisor decides on that request without retyping it.
export type CloseMode = 'close' | 'request' | 'approve';

type CloseDialogProps = {
  code: string;
  onCancel: () => void;
  onConfirm: (closing: Required<ClosingData>) => Promise<unknown>;
  mode?: CloseMode;
  // approving (or asking again after a send-back) starts from what the caseworker wrote
  initialReason?: string | null;
  initialOutcome?: string | null;
  // the case, so that closing a pension claim with required documents missing asks for the reason
  caseRef?: { id: string; type?: string };
};

const MODE_TEXTS: Record<CloseMode, { title: string; intro: string; submit: string; color: 'error' | 'primary' }> = {
  close: { title: 'app.cases.close_title', intro: 'app.cases.close_content', submit: 'app.cases.confirm_close', color: 'error' },
  request: {
    title: 'app.cases.request_closure_title',
    intro: 'app.cases.request_closure_content',
    submit: 'app.cases.confirm_request_closure',
    color: 'primary',
  },
  approve: { title: 'app.approvals.approve_title', intro: 'app.approvals.approve_content', submit: 'app.approvals.approve', color: 'primary' },
};

// The caseworker's closure reason and summary, read-only: approving asks only for the decision.
const RequestedClosure = ({ reason, outcome }: { reason: string; outcome: string | null | undefined }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mb: 1 }} data-testid="closure-request">
      <Typography variant="subtitle2">{translate('resources.cases.fields.closureReason')}</Typography>
      <Typography sx={{ whiteSpace: 'pre-wrap', mb: 1 }} data-testid="closure-request-reason">
        {reason}
      </Typography>
      <Typography variant="subtitle2">{translate('resources.cases.fields.outcome')}</Typography>
      <Typography sx={{ whiteSpace: 'pre-wrap' }} data-testid="closure-request-outcome">
        {outcome || translate('app.not_set')}
      </Typography>
    </Box>
  );
};

const MonitoringCheckbox = () => {
  const translate = useTranslate();
  const { field } = useController<Required<ClosingData>, 'scheduleMonitoring'>({ name: 'scheduleMonitoring' });
  return (
    <FormControlLabel
      control={
        <Checkbox
          checked={field.value}
          onChange={(e) => field.onChange(e.target.checked)}
          slotProps={{ input: { ref: field.ref } }}
          name={field.name}
          data-testid="schedule-monitoring"
        />
      }
      label={translate('app.cases.schedule_monitoring')}
    />
  );
};

// Closing needs a reason; the dialog is also the confirmation step. Approving a request that carries the
// caseworker's reason shows it instead of asking for it again (a request without one still asks).
export const CloseDialog = ({ code, onCancel, onConfirm, mode = 'close', initialReason, initialOutcome, caseRef }: CloseDialogProps) => {
  const translate = useTranslate();
  const texts = MODE_TEXTS[mode];
  const readOnly = mode === 'approve' && !!initialReason?.trim();
  const missing = useMissingDocumentsReason(caseRef, mode !== 'request');
  return (
    <FormDialog<Required<ClosingData>>
      testId={mode === 'request' ? 'request-closure-dialog' : 'close-case-dialog'}
      title={translate(texts.title, { code })}
      intro={translate(texts.intro)}
      onClose={onCancel}
      defaultValues={{ closureReason: initialReason ?? '', outcome: initialOutcome ?? '', scheduleMonitoring: true, missingDocumentsReason: '' }}
      validate={(v) => ({
        closureReason: v.closureReason.trim() === '' ? 'app.validation.closure_reason_required' : undefined,
        missingDocumentsReason: missing.needed && !v.missingDocumentsReason?.trim() ? 'app.documents.checklist.missing_reason_required' : undefined,
      })}
      fieldMessages={{ closureReason: 'app.validation.closure_reason_required', missingDocumentsReason: 'app.documents.checklist.missing_reason_required' }}
      onApiError={(info) => {
        if (info.code === MISSING_REASON_CODE) missing.refused();
      }}
      onSubmit={onConfirm}
      submitLabel={texts.submit}
      submitColor={texts.color}
      submitTestId={mode === 'request' ? 'confirm-request-closure' : 'confirm-close'}
    >
      {readOnly ? (
        <RequestedClosure reason={initialReason ?? ''} outcome={initialOutcome} />
      ) : (
        <>
          <FormTextField
            name="closureReason"
            label={translate('resources.cases.fields.closureReason')}
            required
            autoFocus
            fullWidth
            multiline
            minRows={2}
            helperText=" "
          />
          <FormTextField name="outcome" label={translate('resources.cases.fields.outcome')} fullWidth multiline minRows={2} />
        </>
      )}
      {missing.needed && caseRef && <MissingDocumentsReasonField caseRef={caseRef} />}
      {/* 1/3/6/12-month monitoring follow-ups are scheduled on closure unless the supervisor opts out */}
      {mode !== 'request' && <MonitoringCheckbox />}
    </FormDialog>
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
  const notifyApiError = useNotifyApiError();
  const refresh = useRefresh();
  const { permissions } = usePermissions();
  const [update, { isPending }] = useUpdate<CaseRecord>();
  const [closing, setClosing] = useState<CloseMode | null>(null);
  const [noting, setNoting] = useState<'send_back' | 'reopen' | null>(null);
  if (!record) return null;

  // rejects on failure: the dialogs show it; a plain button notifies it below
  const move = async (status: CaseStatus, closingData?: ClosingData, note?: TransitionNote) => {
    await update(
      'cases',
      { id: record.id, data: toTransition(record, status, closingData, note), previousData: record },
      { mutationMode: 'pessimistic', returnPromise: true },
    );
    setClosing(null);
    setNoting(null);
    notify('app.cases.transition_done', { type: 'info' });
    refresh();
  };

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
              if (status === 'closed') setClosing(record.status === 'pending_closure' ? 'approve' : 'close');
              // asking to close carries the reason and summary the supervisor decides on
              else if (status === 'pending_closure') setClosing('request');
              else if (status === 'in_progress' && record.status === 'closed') setNoting('reopen');
              // a supervisor's send-back must say what is missing; a caseworker withdrawing their own request need not
              else if (status === 'in_progress' && record.status === 'pending_closure' && permissions === 'supervisor') setNoting('send_back');
              else move(status).catch((error: unknown) => notifyApiError(error));
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
          code={record.code}
          mode={closing}
          onCancel={() => setClosing(null)}
          onConfirm={(data) => move(closing === 'request' ? 'pending_closure' : 'closed', data)}
          initialReason={record.closureReason}
          initialOutcome={record.outcome}
          caseRef={record}
        />
      )}
      {noting && (
        <ReasonDialog
          kind={noting}
          titleArgs={{ code: record.code }}
          onCancel={() => setNoting(null)}
          onConfirm={(text) => move('in_progress', undefined, noting === 'reopen' ? { reason: text } : { comment: text })}
        />
      )}
    </Box>
  );
};
