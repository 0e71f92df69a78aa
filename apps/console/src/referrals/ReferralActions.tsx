import CancelIcon from '@mui/icons-material/Cancel';
import { Button, Stack } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { toReferralTransition, transitionNeedsText, type Referral, type ReferralStatus } from './referralModel';

type NoteField = 'declinedReason' | 'outcome' | 'cancelReason';
const TEXT_FIELD: Partial<Record<ReferralStatus, NoteField>> = {
  declined: 'declinedReason',
  completed: 'outcome',
  cancelled: 'cancelReason',
};

// One PUT per status change, with the version the user saw; rejects on failure. Errors arrive translated by code
// (INVALID_TRANSITION, STALE_VERSION…); a 409 reloads the record so the buttons match the current state.
const useReferralMove = (record: Referral) => {
  const [update, { isPending }] = useUpdate<Referral>();
  const notify = useNotify();
  const refresh = useRefresh();
  const move = async (status: ReferralStatus, note: string | null) => {
    await update(
      'referrals',
      { id: record.id, data: toReferralTransition(record, status, note), previousData: record },
      { mutationMode: 'pessimistic', returnPromise: true },
    );
    notify(`app.referrals.transition_done.${status}`, { type: 'info' });
    refresh();
  };
  return { move, isPending };
};

type DialogProps = { record: Referral; status: 'declined' | 'completed' | 'cancelled'; onClose: () => void };

// Decline and complete need a text; cancel asks for confirmation with an optional reason.
const TransitionDialog = ({ record, status, onClose }: DialogProps) => {
  const translate = useTranslate();
  const { move } = useReferralMove(record);
  const required = transitionNeedsText(status) === 'required';
  const none = translate('app.not_set');
  const field = TEXT_FIELD[status] ?? 'cancelReason';
  const requiredText = `app.referrals.validation.${field}_required`;
  const save = async (v: Partial<Record<NoteField, string>>) => {
    await move(status, v[field] ?? '');
    onClose();
  };
  return (
    <FormDialog<Partial<Record<NoteField, string>>>
      testId={`referral-${status}-dialog`}
      title={translate(`app.referrals.dialog.${status}_title`, { organizationName: record.organizationName ?? none, caseCode: record.caseCode ?? none })}
      intro={translate(`app.referrals.dialog.${status}_content`)}
      onClose={onClose}
      defaultValues={{ [field]: '' }}
      validate={(v) => ({ [field]: required && (v[field] ?? '').trim() === '' ? requiredText : undefined })}
      onSubmit={save}
      fieldMessages={{ [field]: requiredText }}
      refreshOnConflict
      cancelLabel={status === 'cancelled' ? 'app.referrals.keep' : 'ra.action.cancel'}
      submitLabel={`app.referrals.transition.${status}`}
      submitColor={status === 'completed' ? 'primary' : 'error'}
      submitTestId={`referral-confirm-${status}`}
    >
      <FormTextField
        name={field}
        label={translate(`resources.referrals.fields.${field}`)}
        required={required}
        autoFocus
        fullWidth
        multiline
        minRows={3}
        helperText={translate('app.referrals.ctrl_enter_hint')}
        slotProps={{ htmlInput: { maxLength: field === 'outcome' ? 4000 : 2000, 'data-testid': `referral-${field}` } }}
      />
    </FormDialog>
  );
};

const ORDER: ReferralStatus[] = ['accepted', 'declined', 'in_service', 'completed', 'cancelled'];

// Exactly the moves the API offers this user now (record.allowedTransitions): the organisation answers and
// reports the service, the case side may cancel an open referral.
export const ReferralTransitionButtons = ({ record: given, only }: { record?: Referral; only?: ReferralStatus[] }) => {
  const ctx = useRecordContext<Referral>();
  const record = given ?? ctx;
  const translate = useTranslate();
  const [dialog, setDialog] = useState<DialogProps['status'] | null>(null);
  const { move, isPending } = useReferralMove(record ?? ({} as Referral));
  const notifyApiError = useNotifyApiError();
  if (!record) return null;
  const allowed = ORDER.filter((s) => (record.allowedTransitions ?? []).includes(s) && (!only || only.includes(s)));
  if (allowed.length === 0) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} data-testid="referral-actions">
      {allowed.map((status) => {
        const withText = transitionNeedsText(status) !== 'none';
        return (
          <Button
            key={status}
            size="small"
            variant={status === 'accepted' || status === 'in_service' || status === 'completed' ? 'contained' : 'outlined'}
            color={status === 'declined' || status === 'cancelled' ? 'error' : 'primary'}
            startIcon={status === 'cancelled' ? <CancelIcon /> : undefined}
            disabled={isPending}
            data-testid={`referral-transition-${status}`}
            onClick={(e) => {
              // inside a clickable table row: act here, do not open the row
              e.stopPropagation();
              if (withText) setDialog(status as DialogProps['status']);
              else move(status, null).catch((error: unknown) => notifyApiError(error, { refreshOnConflict: true }));
            }}
          >
            {translate(`app.referrals.transition.${status}`)}
          </Button>
        );
      })}
      {dialog && (
        // the dialog lives in a portal; stop its clicks from reaching the row behind it
        <span onClick={(e) => e.stopPropagation()}>
          <TransitionDialog record={record} status={dialog} onClose={() => setDialog(null)} />
        </span>
      )}
    </Stack>
  );
};
