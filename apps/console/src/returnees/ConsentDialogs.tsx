import {
  Button, Checkbox, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControl, FormControlLabel, FormGroup, FormHelperText,
  FormLabel, TextField,
} from '@mui/material';
import { useState, type FormEvent } from 'react';
import { HttpError, useCreate, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { bishkekLocalToIso, isoToBishkekLocal } from '../follow-ups/followUpModel';
import { withdrawConsent } from '../providers/customCalls';
import { formatDateTime } from '../shared/dates';
import {
  CONSENT_SCOPES, consentErrors, consentErrorsFromApi, toConsentCreate, toWithdrawBody, type ConsentDraft, type ConsentErrors, type ConsentRecord,
} from './consentModel';

const f = (field: string) => `resources.consents.fields.${field}`;

// The httpClient has already translated the message by the API's `code`; `_` shows it as is.
const useFailure = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  return (error: unknown) => {
    const message = (error as Error)?.message || 'ra.notification.http_error';
    notify(message, { type: 'error', messageArgs: { _: message } });
    // withdrawn meanwhile by someone else: show the current state
    if (error instanceof HttpError && error.status === 409) refresh();
  };
};

type RecordProps = { returneeId: string; onClose: () => void };

// A form inside the dialog, so Enter submits and Esc closes; the first scope checkbox has the focus.
export const RecordConsentDialog = ({ returneeId, onClose }: RecordProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const fail = useFailure();
  const [create, { isPending }] = useCreate();
  const [scope, setScope] = useState<string[]>([]);
  const [givenAt, setGivenAt] = useState(() => isoToBishkekLocal(new Date()));
  const [expiresAt, setExpiresAt] = useState('');
  const [errors, setErrors] = useState<ConsentErrors>({});

  const toggle = (s: string) => {
    setScope((prev) => (prev.includes(s) ? prev.filter((x) => x !== s) : [...prev, s]));
    setErrors(({ scope: _done, ...rest }) => rest);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (isPending) return;
    const draft: ConsentDraft = {
      scope,
      givenAt: bishkekLocalToIso(givenAt),
      expiresAt: expiresAt.trim() ? bishkekLocalToIso(expiresAt) : null,
      expiresAtEntered: expiresAt.trim() !== '',
    };
    const found = consentErrors(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    void create(
      'consents',
      { data: toConsentCreate(returneeId, draft) },
      {
        onSuccess: () => {
          notify('resources.consents.recorded', { type: 'info' });
          refresh();
          onClose();
        },
        onError: (error) => {
          fail(error);
          if (error instanceof HttpError) setErrors(consentErrorsFromApi((error.body as { errors?: unknown } | undefined)?.errors));
        },
      },
    );
  };
  const helper = (field: keyof ConsentErrors, hint: string) => (errors[field] ? translate(errors[field] as string) : translate(hint));

  return (
    <Dialog open onClose={onClose} aria-labelledby="record-consent-title" data-testid="record-consent-dialog" fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="record-consent-title">{translate('resources.consents.record_title')}</DialogTitle>
        <DialogContent>
          <FormControl component="fieldset" error={Boolean(errors.scope)} required>
            <FormLabel component="legend" id="consent-scope">
              {translate(f('scope'))}
            </FormLabel>
            <FormGroup aria-labelledby="consent-scope">
              {CONSENT_SCOPES.map((s, i) => (
                <FormControlLabel
                  key={s}
                  label={translate(`enums.consent_scope.${s}`)}
                  control={
                    <Checkbox
                      checked={scope.includes(s)}
                      onChange={() => toggle(s)}
                      autoFocus={i === 0}
                      slotProps={{ input: { 'data-testid': `consent-scope-${s}` } as Record<string, string> }}
                    />
                  }
                />
              ))}
            </FormGroup>
            {errors.scope && <FormHelperText role="alert">{translate(errors.scope)}</FormHelperText>}
          </FormControl>
          <TextField
            type="datetime-local"
            name="givenAt"
            label={translate(f('givenAt'))}
            value={givenAt}
            onChange={(e) => (setGivenAt(e.target.value), setErrors(({ givenAt: _done, ...rest }) => rest))}
            required
            fullWidth
            sx={{ mt: 2 }}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'consent-given-at', step: 60 } }}
            error={Boolean(errors.givenAt)}
            helperText={helper('givenAt', 'resources.consents.time_hint')}
          />
          <TextField
            type="datetime-local"
            name="expiresAt"
            label={translate(f('expiresAt'))}
            value={expiresAt}
            onChange={(e) => (setExpiresAt(e.target.value), setErrors(({ expiresAt: _done, ...rest }) => rest))}
            fullWidth
            sx={{ mt: 2 }}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'consent-expires-at', step: 60 } }}
            error={Boolean(errors.expiresAt)}
            helperText={helper('expiresAt', 'resources.consents.expires_hint')}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={isPending} data-testid="consent-save">
            {translate('resources.consents.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

type WithdrawProps = { consent: ConsentRecord; onClose: () => void };

// Withdrawing stops sharing at once, so the dialog names the consent and "Keep" has the focus: a stray Enter
// keeps it. Enter inside the reason field is a deliberate confirmation.
export const WithdrawConsentDialog = ({ consent, onClose }: WithdrawProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const refresh = useRefresh();
  const fail = useFailure();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await withdrawConsent(consent.id, toWithdrawBody(reason));
      notify('resources.consents.withdrawn', { type: 'info' });
      refresh();
      onClose();
    } catch (error) {
      fail(error);
      setBusy(false);
    }
  };
  const scopes = consent.scope.map((s) => translate(`enums.consent_scope.${s}`, { _: s })).join(', ');

  return (
    <Dialog open onClose={onClose} aria-labelledby="withdraw-consent-title" data-testid="withdraw-consent-dialog" fullWidth maxWidth="sm">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id="withdraw-consent-title">{translate('resources.consents.withdraw_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('resources.consents.withdraw_content', { scope: scopes, givenAt: formatDateTime(consent.givenAt, locale) })}</DialogContentText>
          <TextField
            name="reason"
            label={translate(f('reason'))}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            fullWidth
            sx={{ mt: 2 }}
            slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'consent-withdraw-reason' } }}
            helperText={translate('resources.consents.reason_hint')}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} autoFocus>
            {translate('resources.consents.keep')}
          </Button>
          <Button type="submit" color="error" variant="contained" disabled={busy} data-testid="consent-confirm-withdraw">
            {translate('resources.consents.withdraw')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
