import QueueIcon from '@mui/icons-material/Queue';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { openQueueBoard } from './adminCalls';

// Admins only: opens bull-board (reminder and heartbeat queues, failed jobs, retries) in a new tab.
export const QueueBoardMenuItem = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const open = () => openQueueBoard().catch((e: unknown) => notify(e instanceof Error ? e.message : 'ra.notification.http_error', { type: 'error' }));
  return (
    <MenuItem onClick={() => void open()} data-testid="menu-queue-board">
      <ListItemIcon>
        <QueueIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('app.admin.queue_board')}</ListItemText>
    </MenuItem>
  );
};
