import { useEvent, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { describeApiError, type ApiErrorInfo } from '../providers/apiError';
import { formatDateTime } from './dates';

export type NotifyApiErrorOptions = {
  // the form's own catalog key per field, shown when the API rejects that field with a generic validation code
  fieldMessages?: Record<string, string>;
  // 409 (STALE_VERSION, INVALID_TRANSITION, closed or withdrawn meanwhile): reload so the user redoes the change on fresh data
  refreshOnConflict?: boolean;
};

// One way to tell the user a call failed: the message by the API's `code` in the UI language (else the error's own
// message, else "server communication error"), as an error notification. Returns the field texts too, so a form can
// put them under its inputs (FormDialog does). The function keeps its identity across renders and language changes, so
// effects may list it without running again.
export const useNotifyApiError = () => {
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  return useEvent((error: unknown, options: NotifyApiErrorOptions = {}): ApiErrorInfo => {
    const info = describeApiError(error, { translate, formatDateTime: (iso) => formatDateTime(iso, locale) }, options.fieldMessages);
    // the text is already in the UI language; `_` shows it as is instead of looking it up as a key
    notify(info.message, { type: 'error', messageArgs: { _: info.message } });
    if (options.refreshOnConflict && info.status === 409) refresh();
    return info;
  });
};
