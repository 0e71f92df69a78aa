import NotificationsIcon from '@mui/icons-material/Notifications';
import { Box, Button, Divider, IconButton, ListItemText, Menu, MenuItem, Tooltip, Typography } from '@mui/material';
import { useCallback, useEffect, useState, type MouseEvent } from 'react';
import { Link } from 'react-router-dom';
import { useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import { fetchUnreadCount } from './notificationCalls';
import { formatDateTime } from '../shared/dates';
import { CHANGED_EVENTS, usePolling } from '../shared/usePolling';
import { CountBadge } from '../shared/CountBadge';
import type { AppNotification } from './notificationModel';
import { useNotificationActions } from './useOpenNotification';
import { useNotificationText } from './useNotificationText';

const POLL_MS = 15_000;
const LATEST = 10;

// Unread count polled every 15 s, on window focus and after any read in this tab; no reload needed.
// The list behind it is fetched when the menu opens (and again if the count moves while it is open).
export const NotificationBell = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider();
  const text = useNotificationText();
  const { open: openOne, readAll } = useNotificationActions();
  const { data: count = 0 } = usePolling(fetchUnreadCount, { intervalMs: POLL_MS, events: [CHANGED_EVENTS.notifications] });
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [items, setItems] = useState<AppNotification[] | null>(null);

  const load = useCallback(async () => {
    try {
      const { data } = await dataProvider.getList<AppNotification>('notifications', {
        pagination: { page: 1, perPage: LATEST },
        sort: { field: 'createdAt', order: 'DESC' },
        filter: {},
      });
      setItems(data);
    } catch {
      setItems((prev) => prev ?? []);
    }
  }, [dataProvider]);

  useEffect(() => {
    if (anchor) void load();
  }, [anchor, count, load]);

  const close = () => setAnchor(null);
  const label = translate('app.notifications.bell_label', { smart_count: count });

  return (
    <>
      <Tooltip title={label}>
        <IconButton
          color="inherit"
          aria-label={label}
          aria-haspopup="menu"
          aria-controls={anchor ? 'notifications-menu' : undefined}
          aria-expanded={anchor ? 'true' : undefined}
          data-testid="notification-bell"
          data-count={count}
          onClick={(e: MouseEvent<HTMLElement>) => setAnchor(e.currentTarget)}
        >
          <CountBadge count={count} color="error" testId="notification-count">
            <NotificationsIcon />
          </CountBadge>
        </IconButton>
      </Tooltip>
      <Menu
        id="notifications-menu"
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { width: 400, maxWidth: '95vw' } } }}
      >
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', px: 2, py: 1 }}>
          <Typography variant="subtitle1" component="h2">
            {translate('app.notifications.title')}
          </Typography>
          <Button size="small" disabled={count === 0} onClick={() => void readAll()} data-testid="mark-all-read">
            {translate('app.notifications.mark_all_read')}
          </Button>
        </Box>
        <Divider />
        {items === null && <MenuItem disabled>{translate('ra.page.loading')}</MenuItem>}
        {items?.length === 0 && <MenuItem disabled>{translate('app.notifications.empty')}</MenuItem>}
        {items?.map((n) => (
          <MenuItem
            key={n.id}
            data-testid="notification-item"
            data-id={n.id}
            data-unread={n.readAt ? 'false' : 'true'}
            onClick={() => {
              close();
              void openOne(n);
            }}
            sx={{ whiteSpace: 'normal', alignItems: 'flex-start', borderLeft: 3, borderColor: n.readAt ? 'transparent' : 'primary.main' }}
          >
            <ListItemText
              primary={text(n)}
              secondary={formatDateTime(n.createdAt, locale)}
              slotProps={{ primary: { sx: { fontWeight: n.readAt ? 400 : 600 } } }}
            />
          </MenuItem>
        ))}
        <Divider />
        <MenuItem component={Link} to="/notifications" onClick={close}>
          {translate('app.notifications.show_all')}
        </MenuItem>
      </Menu>
    </>
  );
};
