import { useState } from 'react';
import LogoutIcon from '@mui/icons-material/Logout';
import { Button } from '@mui/material';
import { Confirm, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { API_URL, httpClient } from '../providers/httpClient';
import { useNotifyApiError } from '../shared/useNotifyApiError';

// An admin signs a user out everywhere (DELETE /api/users/:id/sessions): a lost phone, a shared computer. The account
// stays active; the user signs in again.
export const EndSessionsButton = () => {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const [open, setOpen] = useState(false);
  if (!record) return null;
  const confirm = async () => {
    setOpen(false);
    try {
      const { json } = await httpClient(`${API_URL}/users/${encodeURIComponent(record.id)}/sessions`, { method: 'DELETE' });
      const ended = typeof (json as { ended?: unknown })?.ended === 'number' ? (json as { ended: number }).ended : 0;
      notify('app.users.sessions_ended', { type: 'info', messageArgs: { smart_count: ended } });
    } catch (error) {
      notifyApiError(error);
    }
  };
  return (
    <>
      <Button color="warning" startIcon={<LogoutIcon />} onClick={() => setOpen(true)} data-testid="end-user-sessions">
        {translate('app.users.end_sessions')}
      </Button>
      <Confirm
        isOpen={open}
        title="app.users.end_sessions_title"
        content="app.users.end_sessions_content"
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
