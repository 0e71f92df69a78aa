import { Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useForm, useWatch } from 'react-hook-form';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { consentProblem, DEFAULT_SHARED_FIELDS, REASON_MAX, validateReferralForm, type ReferralFormValues } from './referralModel';
import { ReferConsentState } from './ReferConsentState';
import { ReferOrganizationField } from './ReferOrganizationField';
import { ReferSharedFields } from './ReferSharedFields';
import { useReferDialogData, type CaseLike } from './useReferDialogData';
import { useSendReferral } from './useSendReferral';

const todayInBishkek = (): string => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Bishkek' });

// initialOrganizationId: the partner picked on the suggestions card, preselected
type Props = { caseRecord: CaseLike; onClose: () => void; initialOrganizationId?: string };

// The "Refer" dialog of a case page (Enter in a one-line field sends it, Ctrl+Enter from the reason, Esc closes it).
// The API checks consent and the directory again on submit.
export const ReferDialog = ({ caseRecord, onClose, initialOrganizationId }: Props) => {
  const translate = useTranslate();
  const data = useReferDialogData(caseRecord, initialOrganizationId);
  const form = useForm<ReferralFormValues>({
    defaultValues: { organizationId: initialOrganizationId ?? '', reason: '', respondBy: '', sharedFields: [...DEFAULT_SHARED_FIELDS] },
  });
  const [organizationId, sharedFields] = useWatch({ control: form.control, name: ['organizationId', 'sharedFields'] });
  const selected = data.choices.find((c) => c.organization.id === organizationId)?.organization;
  const problem = data.consents.data ? consentProblem(data.consents.data, sharedFields) : null;
  const { send, onApiError, consentError, clearConsentError } = useSendReferral(caseRecord, data.consents.refetch);

  // an id not (or no longer) in the list counts as none chosen
  const validate = (v: ReferralFormValues) => {
    const found = validateReferralForm({ ...v, organizationId: selected ? v.organizationId : '' });
    return Object.fromEntries(Object.entries(found).map(([field, key]) => [field, translate(key, { max: REASON_MAX })]));
  };

  return (
    <FormDialog<ReferralFormValues>
      form={form}
      testId="refer-dialog"
      title={translate('app.referrals.refer_title', { code: caseRecord.code })}
      onClose={onClose}
      validate={validate}
      onSubmit={(v) => send(v, selected?.name ?? '', onClose)}
      fieldMessages={{ respondBy: 'app.referrals.validation.respond_by_past' }}
      onApiError={onApiError}
      submitLabel="app.referrals.send"
      submitTestId="refer-submit"
      submitDisabled={!!problem || data.noOrganizations}
      maxWidth="md"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        {/* first: a missing consent, which blocks sending, is seen before anything is filled in */}
        <ReferConsentState
          returneeId={caseRecord.returneeId}
          loading={data.consents.isPending}
          failed={!!data.consents.error}
          problem={problem}
          serverError={consentError}
        />
        <ReferOrganizationField caseType={caseRecord.type} data={data} selected={selected} />
        <FormTextField
          name="reason"
          label={translate('resources.referrals.fields.reason')}
          required
          fullWidth
          multiline
          minRows={3}
          helperText={translate('app.referrals.reason_hint')}
          slotProps={{ htmlInput: { maxLength: REASON_MAX, 'data-testid': 'refer-reason' } }}
        />
        <FormTextField
          name="respondBy"
          type="date"
          label={translate('resources.referrals.fields.respondBy')}
          helperText={translate('app.referrals.respond_by_hint')}
          sx={{ maxWidth: 320 }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: todayInBishkek(), 'data-testid': 'refer-respond-by' } }}
        />
        <ReferSharedFields caseType={caseRecord.type} onToggle={clearConsentError} />
      </Stack>
    </FormDialog>
  );
};
