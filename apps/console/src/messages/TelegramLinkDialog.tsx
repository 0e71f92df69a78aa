import CopyIcon from '@mui/icons-material/ContentCopy';
import RefreshIcon from '@mui/icons-material/Refresh';
import { Alert, Box, Button, CircularProgress, IconButton, Link, Stack, Tooltip, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import { FormDialog } from '../shared/FormDialog';
import { formatDateTime } from '../shared/dates';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { createTelegramLink, type TelegramLink } from './messageCalls';

// The one-time Telegram link of a returnee as a QR code to scan from the caseworker's screen, the t.me link itself
// (to copy into an SMS) and until when it works. Each opening (and "new link") makes a new code; the old one stops.
export const TelegramLinkDialog = ({ returneeId, onClose }: { returneeId: string; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const [locale] = useLocaleState();
  const [link, setLink] = useState<TelegramLink | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const make = async () => {
    setBusy(true);
    setFailed(false);
    try {
      setLink(await createTelegramLink(returneeId));
    } catch (error) {
      setFailed(true);
      notifyApiError(error);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void make();
    // one link per opening
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [returneeId]);
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      notify('app.messaging.link.copied', { type: 'info' });
    } catch {
      notify('app.messaging.link.copy_failed', { type: 'warning' });
    }
  };
  return (
    <FormDialog
      testId="telegram-link-dialog"
      title={translate('app.messaging.link.title')}
      intro={translate('app.messaging.link.intro')}
      onClose={onClose}
      onSubmit={() => undefined}
      submitLabel="ra.action.close"
      busy={busy}
      maxWidth="xs"
      actions={
        <>
          <Button startIcon={<RefreshIcon />} onClick={() => void make()} disabled={busy} data-testid="telegram-link-new">
            {translate('app.messaging.link.new')}
          </Button>
          <Button variant="contained" onClick={onClose} data-testid="telegram-link-close">
            {translate('ra.action.close')}
          </Button>
        </>
      }
    >
      {busy && !link && (
        <Box sx={{ display: 'flex', justifyContent: 'center', py: 4 }}>
          <CircularProgress aria-label={translate('ra.page.loading')} />
        </Box>
      )}
      {failed && !link && <Alert severity="error">{translate('app.messaging.link.failed')}</Alert>}
      {link && (
        <Stack spacing={1.5} sx={{ alignItems: 'center' }}>
          <Box
            component="img"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qrSvg)}`}
            alt={translate('app.messaging.link.qr_alt')}
            data-testid="telegram-link-qr"
            sx={{ width: 240, maxWidth: '100%', aspectRatio: '1', bgcolor: '#fff', opacity: busy ? 0.4 : 1 }}
          />
          <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', maxWidth: '100%' }}>
            <Link href={link.url} target="_blank" rel="noopener noreferrer" sx={{ overflowWrap: 'anywhere' }} data-testid="telegram-link-url">
              {link.url}
            </Link>
            <Tooltip title={translate('app.messaging.link.copy')}>
              <IconButton onClick={() => void copy()} aria-label={translate('app.messaging.link.copy')} data-testid="telegram-link-copy">
                <CopyIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          </Stack>
          <Typography variant="body2" color="text.secondary" data-testid="telegram-link-expires">
            {translate('app.messaging.link.expires', { time: formatDateTime(link.expiresAt, locale) })}
          </Typography>
        </Stack>
      )}
    </FormDialog>
  );
};
