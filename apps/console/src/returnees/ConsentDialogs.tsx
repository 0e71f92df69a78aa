import { Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel } from '@mui/material';
import { useCreate, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useController } from 'react-hook-form';
import { bishkekLocalToIso, isoToBishkekLocal } from '../follow-ups/followUpModel';
import { formatDateTime } from '../shared/dates';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { withdrawConsent } from './consentCalls';
import { CONSENT_FIELD_MESSAGES, CONSENT_SCOPES, consentErrors, toConsentCreate, toWithdrawBody, type ConsentDraft, type ConsentRecord } from './consentModel';

const f = (field: string) => `resources.consents.fields.${field}`;

// the date inputs hold Bishkek wall time; the draft holds instants
type RecordValues = { scope: string[]; givenAt: string; expiresAt: string };
const toDraft = (v: RecordValues): ConsentDraft => ({
  scope: v.scope,
  givenAt: bishkekLocalToIso(v.givenAt),
  expiresAt: v.expiresAt.trim() ? bishkekLocalToIso(v.expiresAt) : null,
  expiresAtEntered: v.expiresAt.trim() !== '',
});

const ScopeField = () => {
  const translate = useTranslate();
  const { field, fieldState } = useController<RecordValues, 'scope'>({ name: 'scope' });
  const toggle = (s: string) => field.onChange(field.value.includes(s) ? field.value.filter((x) => x !== s) : [...field.value, s]);
  return (
    <FormControl component="fieldset" error={!!fieldState.error} required>
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
                checked={field.value.includes(s)}
                onChange={() => toggle(s)}
                autoFocus={i === 0}
                slotProps={{ input: { 'data-testid': `consent-scope-${s}`, ...(i === 0 ? { ref: field.ref } : {}) } as Record<string, unknown> }}
              />
            }
          />
        ))}
      </FormGroup>
      {fieldState.error && <FormHelperText role="alert">{fieldState.error.message}</FormHelperText>}
    </FormControl>
  );
};

type RecordProps = { returneeId: string; onClose: () => void };

// The first scope checkbox has the focus; a 409 (withdrawn meanwhile by someone else) reloads the current state.
export const RecordConsentDialog = ({ returneeId, onClose }: RecordProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create] = useCreate();
  const save = async (v: RecordValues) => {
    await create('consents', { data: toConsentCreate(returneeId, toDraft(v)) }, { returnPromise: true });
    notify('resources.consents.recorded', { type: 'info' });
    refresh();
    onClose();
  };
  const dateSlots = (testId: string) => ({ inputLabel: { shrink: true }, htmlInput: { 'data-testid': testId, step: 60 } });
  return (
    <FormDialog<RecordValues>
      testId="record-consent-dialog"
      title={translate('resources.consents.record_title')}
      onClose={onClose}
      defaultValues={{ scope: [], givenAt: isoToBishkekLocal(new Date()), expiresAt: '' }}
      validate={(v) => consentErrors(toDraft(v))}
      onSubmit={save}
      fieldMessages={CONSENT_FIELD_MESSAGES}
      refreshOnConflict
      submitLabel="resources.consents.save"
      submitTestId="consent-save"
    >
      <ScopeField />
      <FormTextField
        type="datetime-local"
        name="givenAt"
        label={translate(f('givenAt'))}
        required
        fullWidth
        sx={{ mt: 2 }}
        slotProps={dateSlots('consent-given-at')}
        helperText={translate('resources.consents.time_hint')}
      />
      <FormTextField
        type="datetime-local"
        name="expiresAt"
        label={translate(f('expiresAt'))}
        fullWidth
        sx={{ mt: 2 }}
        slotProps={dateSlots('consent-expires-at')}
        helperText={translate('resources.consents.expires_hint')}
      />
    </FormDialog>
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
  const withdraw = async ({ reason }: { reason: string }) => {
    await withdrawConsent(consent.id, toWithdrawBody(reason));
    notify('resources.consents.withdrawn', { type: 'info' });
    refresh();
    onClose();
  };
  const scopes = consent.scope.map((s) => translate(`enums.consent_scope.${s}`, { _: s })).join(', ');
  return (
    <FormDialog<{ reason: string }>
      testId="withdraw-consent-dialog"
      title={translate('resources.consents.withdraw_title')}
      intro={translate('resources.consents.withdraw_content', { scope: scopes, givenAt: formatDateTime(consent.givenAt, locale) })}
      onClose={onClose}
      defaultValues={{ reason: '' }}
      onSubmit={withdraw}
      refreshOnConflict
      cancelLabel="resources.consents.keep"
      cancelAutoFocus
      submitLabel="resources.consents.withdraw"
      submitColor="error"
      submitTestId="consent-confirm-withdraw"
    >
      <FormTextField
        name="reason"
        label={translate(f('reason'))}
        fullWidth
        slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'consent-withdraw-reason' } }}
        helperText={translate('resources.consents.reason_hint')}
      />
    </FormDialog>
  );
};
