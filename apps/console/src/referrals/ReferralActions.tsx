import CancelIcon from '@mui/icons-material/Cancel';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { HttpError, useNotify, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { toReferralTransition, transitionNeedsText, type Referral, type ReferralStatus } from './referralModel';

const TEXT_FIELD: Partial<Record<ReferralStatus, 'declinedReason' | 'outcome' | 'cancelReason'>> = {
  declined: 'declinedReason',
  completed: 'outcome',
  cancelled: 'cancelReason',
};

// Enter adds a line in a multi-line text; Ctrl+Enter (⌘+Enter) sends the form, as in most mail clients.
export const submitOnCtrlEnter = (e: KeyboardEvent<HTMLElement>) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    (e.currentTarget.closest('form') as HTMLFormElement | null)?.requestSubmit();
  }
};

// One PUT per status change, with the version the user saw. Errors arrive translated by the httpClient (codes
// INVALID_TRANSITION, STALE_VERSION…); a 409 reloads the record so the buttons match the current state.
const useReferralMove = (record: Referral) => {
  const [update, { isPending }] = useUpdate<Referral>();
  const notify = useNotify();
  const refresh = useRefresh();
  const move = (status: ReferralStatus, note: string | null, handlers: { onDone?: () => void; onFieldError?: (msg: string) => void } = {}) =>
    update(
      'referrals',
      { id: record.id, data: toReferralTransition(record, status, note), previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          handlers.onDone?.();
          notify(`app.referrals.transition_done.${status}`, { type: 'info' });
          refresh();
        },
        onError: (error) => {
          const message = (error as Error)?.message || 'ra.notification.http_error';
          notify(message, { type: 'error', messageArgs: { _: message } });
          if (error instanceof HttpError) {
            const field = TEXT_FIELD[status];
            const fieldError = field ? (error.body as { errors?: Record<string, unknown> } | undefined)?.errors?.[field] : undefined;
            if (typeof fieldError === 'string') handlers.onFieldError?.(fieldError);
            if (error.status === 409) refresh();
          }
        },
      },
    );
  return { move, isPending };
};

type DialogProps = { record: Referral; status: 'declined' | 'completed' | 'cancelled'; onClose: () => void };

// Decline and complete need a text; cancel asks for confirmation with an optional reason.
const TransitionDialog = ({ record, status, onClose }: DialogProps) => {
  const translate = useTranslate();
  const { move, isPending } = useReferralMove(record);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const required = transitionNeedsText(status) === 'required';
  const none = translate('app.not_set');
  const field = TEXT_FIELD[status] ?? 'cancelReason';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (isPending) return;
    if (required && note.trim() === '') return setError(translate(`app.referrals.validation.${field}_required`));
    setError(null);
    void move(status, note, { onDone: onClose, onFieldError: setError });
  };
  const id = `referral-${status}-title`;
  return (
    <Dialog open onClose={onClose} aria-labelledby={id} data-testid={`referral-${status}-dialog`} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle id={id}>
          {translate(`app.referrals.dialog.${status}_title`, { organizationName: record.organizationName ?? none, caseCode: record.caseCode ?? none })}
        </DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate(`app.referrals.dialog.${status}_content`)}</DialogContentText>
          <TextField
            name={field}
            label={translate(`resources.referrals.fields.${field}`)}
            value={note}
            onChange={(e) => (setNote(e.target.value), setError(null))}
            onKeyDown={submitOnCtrlEnter}
            required={required}
            autoFocus
            fullWidth
            multiline
            minRows={3}
            error={!!error}
            helperText={error ?? translate('app.referrals.ctrl_enter_hint')}
            slotProps={{ htmlInput: { maxLength: field === 'outcome' ? 4000 : 2000, 'data-testid': `referral-${field}` } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate(status === 'cancelled' ? 'app.referrals.keep' : 'ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" color={status === 'completed' ? 'primary' : 'error'} disabled={isPending} data-testid={`referral-confirm-${status}`}>
            {translate(`app.referrals.transition.${status}`)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
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
              else void move(status, null);
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
