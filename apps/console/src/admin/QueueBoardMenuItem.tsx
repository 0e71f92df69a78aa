import QueueIcon from '@mui/icons-material/Queue';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { openQueueBoard } from './adminCalls';

// Admins only: opens bull-board (reminder and heartbeat queues, failed jobs, retries) in a new tab.
export const QueueBoardMenuItem = () => {
  const translate = useTranslate();
  const notifyApiError = useNotifyApiError();
  const open = () => openQueueBoard().catch((e: unknown) => notifyApiError(e));
  return (
    <MenuItem onClick={() => void open()} data-testid="menu-queue-board">
      <ListItemIcon>
        <QueueIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('app.admin.queue_board')}</ListItemText>
    </MenuItem>
  );
};
