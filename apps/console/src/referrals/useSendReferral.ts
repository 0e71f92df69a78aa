import { useState } from 'react';
import { useCreate, useNotify, useRefresh } from 'react-admin';
import type { ApiErrorInfo } from '../providers/apiError';
import { toReferralCreate, type ReferralFormValues } from './referralModel';
import type { CaseLike } from './useReferDialogData';

// Sends the referral (rejecting on failure, for the dialog to notify by code and put field problems under the inputs).
// A consent refusal is shown where the consent state is instead, and the consents are read again: consent changed
// since the dialog opened.
export const useSendReferral = (caseRecord: CaseLike, rereadConsents: () => unknown) => {
  const [create] = useCreate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [consentError, setConsentError] = useState<string | null>(null);
  const send = async (values: ReferralFormValues, organizationName: string, onSent: () => void) => {
    await create('referrals', { data: toReferralCreate(caseRecord.id, caseRecord.type, values) }, { returnPromise: true });
    notify('app.referrals.sent', { type: 'info', messageArgs: { organizationName } });
    onSent();
    refresh();
  };
  const onApiError = (info: ApiErrorInfo): boolean => {
    if (info.code !== 'CONSENT_REQUIRED') return false;
    setConsentError(info.message);
    void rereadConsents();
    return true;
  };
  return { send, onApiError, consentError, clearConsentError: () => setConsentError(null) };
};
