import DoneAllIcon from '@mui/icons-material/DoneAll';
import { Box, Button, Stack } from '@mui/material';
import { BooleanInput, DataTable, FunctionField, List, TopToolbar, useLocaleState, useRefresh, useTranslate } from 'react-admin';
import { Col } from '../shared/columns';
import { formatDateTime } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { ListPagination } from '../shared/ListPagination';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import type { AppNotification } from './notificationModel';
import { useNotificationActions } from './useOpenNotification';
import { useNotificationText } from './useNotificationText';

const MarkAllRead = () => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const { readAll } = useNotificationActions();
  return (
    <Button size="small" startIcon={<DoneAllIcon />} data-testid="mark-all-read-page" onClick={() => void readAll().then(refresh)}>
      {translate('app.notifications.mark_all_read')}
    </Button>
  );
};

const Actions = () => (
  <TopToolbar>
    <MarkAllRead />
  </TopToolbar>
);

const ReadToggle = ({ n }: { n: AppNotification }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const notifyApiError = useNotifyApiError();
  const { setRead } = useNotificationActions();
  const toggle = () =>
    setRead(n, !n.readAt)
      .then(refresh)
      .catch((error: unknown) => notifyApiError(error));
  return (
    <Button size="small" onClick={(e) => (e.stopPropagation(), void toggle())}>
      {translate(n.readAt ? 'app.notifications.mark_unread' : 'app.notifications.mark_read')}
    </Button>
  );
};

const Rows = () => {
  const text = useNotificationText();
  const [locale] = useLocaleState();
  const { open } = useNotificationActions();
  return (
    <DataTable<AppNotification>
      bulkActionButtons={false}
      rowClick={(_id, _resource, record) => {
        void open(record as AppNotification);
        return false;
      }}
      rowSx={(n) => ({ '& td': { fontWeight: n.readAt ? 400 : 600 } })}
    >
      {/* on a phone the time goes under the text, so the row keeps the text and its button side by side */}
      <Col source="createdAt" render={(n) => formatDateTime(n.createdAt, locale)} sx={{ whiteSpace: 'nowrap' }} hideBelow="sm" />
      <DataTable.Col source="title" disableSort>
        <FunctionField<AppNotification>
          render={(n) => (
            <>
              <span data-testid="notification-row">{text(n)}</span>
              <Box component="span" sx={{ display: { xs: 'block', sm: 'none' }, color: 'text.secondary', fontSize: '0.8125rem' }}>
                {formatDateTime(n.createdAt, locale)}
              </Box>
            </>
          )}
        />
      </DataTable.Col>
      <DataTable.Col
        source="readAt"
        disableSort
        render={(n) => (
          <Stack direction="row">
            <ReadToggle n={n as AppNotification} />
          </Stack>
        )}
      />
    </DataTable>
  );
};

// switched off means "all", not "read only": the API reads unread=false as the latter
const filters = [<BooleanInput key="unread" source="unread" alwaysOn parse={(v: boolean) => (v ? true : undefined)} />];

// All my notifications, newest first; opening one marks it read and follows its link.
export const NotificationList = () => (
  <List
    resource="notifications"
    filters={filters}
    actions={<Actions />}
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    exporter={false}
    title="app.notifications.title"
    pagination={<ListPagination />}
    empty={<EmptyState testId="notifications-empty" title="app.notifications.empty" hint="app.notifications.empty_hint" />}
  >
    <Rows />
  </List>
);
