import { useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { notificationText, type AppNotification } from './notificationModel';

// The notification's message in the current UI language (see notificationText for the fallback rules).
export const useNotificationText = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (n: Pick<AppNotification, 'kind' | 'title' | 'data'>) =>
    notificationText(n, { translate: (key, options) => translate(key, options), formatDateTime: (iso) => formatDateTime(iso, locale) });
};
