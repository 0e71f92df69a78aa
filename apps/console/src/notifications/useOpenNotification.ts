import { useNavigate } from 'react-router-dom';
import { useDataProvider, useNotify } from 'react-admin';
import { markAllNotificationsRead } from './notificationCalls';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { announce, CHANGED_EVENTS } from '../shared/usePolling';
import { routeFromLink, type AppNotification } from './notificationModel';

// Opening a notification marks it read (PUT /api/notifications/:id {read:true}) and goes to its link.
// Navigation does not wait for a failed mark-read: the user asked to go there.
export const useNotificationActions = () => {
  const dataProvider = useDataProvider();
  const navigate = useNavigate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();

  const setRead = async (n: AppNotification, read: boolean) => {
    await dataProvider.update('notifications', { id: n.id, data: { read }, previousData: n });
    announce(CHANGED_EVENTS.notifications);
  };

  const open = async (n: AppNotification) => {
    if (!n.readAt) await setRead(n, true).catch(() => undefined);
    const route = routeFromLink(n.link);
    if (route) navigate(route);
  };

  const readAll = async () => {
    try {
      await markAllNotificationsRead();
      announce(CHANGED_EVENTS.notifications);
      notify('app.notifications.all_read', { type: 'info' });
    } catch (error) {
      notifyApiError(error);
    }
  };

  return { open, setRead, readAll };
};
