import LinkIcon from '@mui/icons-material/QrCode2';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import { Alert, Button, Card, CardContent, Chip, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { ConfirmDialog } from '../shared/FormDialog';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { putContact } from './messageCalls';
import { CONSENT_FOR, MESSAGE_CHANNELS, type ConsentLike, type Contact, type MessageChannel } from './messageModel';
import { TelegramLinkDialog } from './TelegramLinkDialog';

const m = (key: string) => `app.messaging.contact.${key}`;

// How the returnee is reached: the preferred channel, the Telegram link, their own opt-out (STOP) and the contact
// consents, with the way to each change.
export const ContactPanel = ({ returneeId, contact, consents }: { returneeId: string; contact: Contact; consents: ConsentLike[] }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const queryClient = useQueryClient();
  const [locale] = useLocaleState();
  const [open, setOpen] = useState<'link' | 'unlink' | null>(null);
  const [saving, setSaving] = useState(false);
  const reload = () => queryClient.invalidateQueries({ queryKey: ['message-contact', returneeId] });
  const setPreferred = async (value: MessageChannel | null) => {
    setSaving(true);
    try {
      await putContact(returneeId, { preferredChannel: value });
      notify(m('saved'), { type: 'info' });
      await reload();
    } catch (error) {
      notifyApiError(error);
    } finally {
      setSaving(false);
    }
  };
  const unlink = async () => {
    await putContact(returneeId, { telegramLinked: false });
    notify(m('unlinked'), { type: 'info' });
    await reload();
    setOpen(null);
  };
  const consentOf = (c: MessageChannel) => consents.some((k) => k.active && k.scope.includes(CONSENT_FOR[c]));
  return (
    <Card variant="outlined" data-testid="message-contact">
      <CardContent>
        <Stack spacing={1.5}>
          <Typography variant="subtitle1" component="h3">
            {translate(m('title'))}
          </Typography>
          {contact.optedOut ? (
            <Alert severity="warning" data-testid="contact-opted-out">
              {translate(m('opted_out'), {
                channel: translate(`enums.message_channel.${contact.optedOutChannel ?? 'sms'}`),
                date: formatDateTime(contact.optedOutAt, locale),
              })}
            </Alert>
          ) : (
            <Typography variant="body2" color="text.secondary" data-testid="contact-opted-in">
              {translate(m('opted_in'))}
            </Typography>
          )}
          <TextField
            select
            size="small"
            label={translate(m('preferred'))}
            value={contact.preferredChannel ?? ''}
            disabled={saving}
            onChange={(e) => void setPreferred((e.target.value || null) as MessageChannel | null)}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'contact-preferred' } }}
          >
            <MenuItem value="">{translate(m('preferred_none'))}</MenuItem>
            {MESSAGE_CHANNELS.map((c) => (
              <MenuItem key={c} value={c} disabled={c === 'telegram' && !contact.telegramLinked}>
                {translate(`enums.message_channel.${c}`)}
              </MenuItem>
            ))}
          </TextField>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <Typography variant="body2">Telegram:</Typography>
            <Chip
              size="small"
              color={contact.telegramLinked ? 'success' : 'default'}
              label={translate(m(contact.telegramLinked ? 'telegram_linked' : 'telegram_not_linked'))}
              data-testid="contact-telegram-state"
              data-linked={contact.telegramLinked}
            />
          </Stack>
          {contact.telegramAvailable ? (
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Button size="small" variant="outlined" startIcon={<LinkIcon />} onClick={() => setOpen('link')} data-testid="link-telegram">
                {translate(m(contact.telegramLinked ? 'relink_telegram' : 'link_telegram'))}
              </Button>
              {contact.telegramLinked && (
                <Button size="small" color="error" startIcon={<LinkOffIcon />} onClick={() => setOpen('unlink')} data-testid="unlink-telegram">
                  {translate(m('unlink_telegram'))}
                </Button>
              )}
            </Stack>
          ) : (
            <Typography variant="body2" color="text.secondary">
              {translate(m('telegram_off'))}
            </Typography>
          )}
          <Typography variant="body2" component="h4" sx={{ fontWeight: 500, pt: 1 }}>
            {translate(m('consents'))}
          </Typography>
          {MESSAGE_CHANNELS.map((c) => (
            <Stack key={c} direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
              <Typography variant="body2">{translate(`enums.consent_scope.${CONSENT_FOR[c]}`)}</Typography>
              <Chip
                size="small"
                variant="outlined"
                color={consentOf(c) ? 'success' : 'warning'}
                label={translate(m(consentOf(c) ? 'consent_active' : 'consent_missing'))}
                data-testid={`contact-consent-${c}`}
              />
            </Stack>
          ))}
          <Button
            component={Link}
            to={`/returnees/${returneeId}/show/consents`}
            size="small"
            sx={{ alignSelf: 'flex-start' }}
            data-testid="contact-consents-link"
          >
            {translate(m('to_consents'))}
          </Button>
        </Stack>
      </CardContent>
      {open === 'link' && (
        <TelegramLinkDialog
          returneeId={returneeId}
          onClose={() => {
            setOpen(null);
            void reload();
          }}
        />
      )}
      {open === 'unlink' && (
        <ConfirmDialog
          testId="unlink-telegram-dialog"
          title={translate(m('unlink_title'))}
          content={translate(m('unlink_content'))}
          onConfirm={unlink}
          onClose={() => setOpen(null)}
          confirmLabel={m('unlink_telegram')}
          confirmColor="error"
          confirmTestId="confirm-unlink-telegram"
        />
      )}
    </Card>
  );
};
