import SendIcon from '@mui/icons-material/Send';
import { Alert, Box, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useGetList, useLocale, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { ContactPanel } from './ContactPanel';
import { SubmitButton } from './SubmitButton';
import { Conversation } from './Conversation';
import { fetchChannelStates, getContact, sendMessage } from './messageCalls';
import {
  channelDown,
  composerBlock,
  composerProblems,
  countSegments,
  defaultChannel,
  MAX_TEXT,
  MESSAGE_CHANNELS,
  templatePreview,
  toMessageBody,
  type ConsentLike,
  type Contact,
  type MessageChannel,
  type MessageTemplate,
} from './messageModel';

type Returnee = { id: string; phone?: string | null };

// What the caseworker writes: the channel (the returnee's default unless chosen) and a free text, or a template whose
// placeholders they fill in (the text shows what it will say); Ctrl+Enter sends.
// When the message cannot go (opted out, no consent, Telegram not linked …) the composer says why and stays closed.
const Composer = ({ returnee, contact, consents }: { returnee: Returnee; contact: Contact; consents: ConsentLike[] }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<MessageChannel | ''>('');
  const [text, setText] = useState('');
  const [templateKey, setTemplateKey] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | undefined>();
  const [paramProblems, setParamProblems] = useState<Record<string, string | undefined>>({});
  const locale = useLocale();
  const templates = useGetList<MessageTemplate>('message-templates', { pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'ASC' } });
  const [busy, setBusy] = useState(false);
  const effective = channel || defaultChannel(contact);
  const block = composerBlock(effective, contact, consents, { hasPhone: !!returnee.phone });
  const states = useQuery({ queryKey: ['channel-states'], queryFn: fetchChannelStates, staleTime: 60_000 });
  const down = !block && channelDown(effective, states.data);
  const template = templates.data?.find((t) => t.id === templateKey);
  const shown = template ? templatePreview(template, effective, locale, params) : text;
  const parts = effective === 'sms' && shown.trim() ? countSegments(shown.trim()) : null;
  const send = async () => {
    if (busy || block) return;
    const values = { channel, templateKey: template ? templateKey : '', text, params: template ? params : {} };
    const found = composerProblems(values, template?.placeholders ?? []);
    const fieldProblems = Object.fromEntries(
      (template?.placeholders ?? []).map((p) => [p, found[`params.${p}`] ? translate(found[`params.${p}`]!) : undefined]),
    );
    setParamProblems(fieldProblems);
    setProblem(found.text ? translate(found.text, { _: found.text }) : undefined);
    if (found.text || Object.values(fieldProblems).some(Boolean)) return;
    setBusy(true);
    try {
      const sent = await sendMessage(returnee.id, toMessageBody({ ...values, channel: effective }));
      notify(sent ? 'app.messaging.queued' : 'app.messaging.not_sent', { type: sent ? 'info' : 'warning' });
      setText('');
      setParams({});
      await queryClient.invalidateQueries({ queryKey: ['messages'] });
    } catch (error) {
      const info = notifyApiError(error);
      setProblem(info.fields.text ?? info.fields.params ?? info.fields.templateKey);
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Box
          component="form"
          noValidate
          aria-labelledby="composer-title"
          data-testid="message-composer"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
          onKeyDown={onKeyDown}
        >
          <Typography variant="subtitle1" component="h3" id="composer-title" gutterBottom>
            {translate('app.messaging.composer.title')}
          </Typography>
          <Stack spacing={1.5}>
            <TextField
              select
              size="small"
              label={translate('app.messaging.composer.channel')}
              value={channel}
              onChange={(e) => setChannel(e.target.value as MessageChannel | '')}
              sx={{ width: { xs: '100%', sm: 280 } }}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'composer-channel' } }}
            >
              <MenuItem value="">
                {translate('app.messaging.composer.channel_default', { channel: translate(`enums.message_channel.${defaultChannel(contact)}`) })}
              </MenuItem>
              {MESSAGE_CHANNELS.map((c) => (
                <MenuItem key={c} value={c}>
                  {translate(`enums.message_channel.${c}`)}
                </MenuItem>
              ))}
            </TextField>
            {block && (
              <Alert severity="warning" data-testid="composer-block" data-block={block}>
                {translate(`app.messaging.block.${block}`, { channel: translate(`enums.message_channel.${effective}`) })}
              </Alert>
            )}
            {down && (
              <Alert severity="info" data-testid="composer-channel-down">
                {translate('app.messaging.channel_down', { channel: translate(`enums.message_channel.${effective}`) })}
              </Alert>
            )}
            <TextField
              select
              size="small"
              label={translate('app.messaging.composer.template')}
              value={template ? templateKey : ''}
              disabled={!!block}
              onChange={(e) => {
                setTemplateKey(e.target.value);
                setParams({});
                setParamProblems({});
                setProblem(undefined);
              }}
              sx={{ width: { xs: '100%', sm: 480 } }}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'composer-template' } }}
            >
              <MenuItem value="">{translate('app.messaging.composer.no_template')}</MenuItem>
              {(templates.data ?? []).map((t) => (
                <MenuItem key={t.id} value={t.id} data-testid={`composer-template-${t.id}`} sx={{ whiteSpace: 'normal' }}>
                  {templatePreview(t, effective, locale, {})}
                </MenuItem>
              ))}
            </TextField>
            {template?.placeholders.map((p) => (
              <TextField
                key={p}
                size="small"
                required
                label={translate(`app.messaging.composer.param.${p}`, { _: p })}
                value={params[p] ?? ''}
                disabled={!!block}
                onChange={(e) => {
                  setParams({ ...params, [p]: e.target.value });
                  setParamProblems({ ...paramProblems, [p]: undefined });
                }}
                error={!!paramProblems[p]}
                helperText={paramProblems[p]}
                sx={{ width: { xs: '100%', sm: 280 } }}
                slotProps={{ htmlInput: { maxLength: 200, 'data-testid': `composer-param-${p}` } }}
              />
            ))}
            <TextField
              multiline
              minRows={3}
              label={translate(template ? 'app.messaging.composer.preview' : 'app.messaging.composer.text')}
              value={shown}
              disabled={!!block}
              onChange={(e) => {
                setText(e.target.value);
                setProblem(undefined);
              }}
              error={!!problem}
              // closed (the alert above says why): no greyed hint under a field nobody can type in — its contrast is too low
              helperText={
                block
                  ? undefined
                  : (problem ??
                    (parts
                      ? translate('app.messaging.composer.parts', { smart_count: parts.segments, encoding: parts.encoding === 'ucs2' ? 'UCS-2' : 'GSM-7' })
                      : translate('app.messaging.composer.hint')))
              }
              slotProps={{
                htmlInput: { maxLength: MAX_TEXT, readOnly: !!template, 'data-testid': 'composer-text' },
                formHelperText: { 'data-testid': 'composer-helper' } as object,
              }}
            />
            <SubmitButton busy={busy} disabled={!!block} label="app.messaging.composer.send" icon={<SendIcon />} testId="composer-send" />
          </Stack>
        </Box>
      </CardContent>
    </Card>
  );
};

// The "Messages" tab of a returnee (issue 18): the conversation over SMS and Telegram, what to send next, and how the
// returnee is reached (channel, Telegram link, opt-out, contact consents).
export const ReturneeMessages = () => {
  const record = useRecordContext<Returnee>();
  const translate = useTranslate();
  const contact = useQuery({ queryKey: ['message-contact', record?.id], queryFn: () => getContact(record!.id), enabled: !!record });
  const consents = useGetList<ConsentLike & { id: string }>(
    'consents',
    { filter: { returneeId: record?.id }, pagination: { page: 1, perPage: 100 }, sort: { field: 'givenAt', order: 'DESC' } },
    { enabled: !!record },
  );
  if (!record) return null;
  const active = consents.data ?? [];
  return (
    // one column on a phone (how the returnee is reached first), the conversation beside it on a laptop
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 2fr) minmax(0, 1fr)' } }} data-testid="returnee-messages">
      <Box sx={{ order: { xs: 2, md: 1 } }}>
        <Conversation returneeId={record.id} />
        {contact.data && <Composer returnee={record} contact={contact.data} consents={active} />}
      </Box>
      <Box sx={{ order: { xs: 1, md: 2 } }}>
        {contact.data ? (
          <ContactPanel returneeId={record.id} contact={contact.data} consents={active} />
        ) : contact.isError ? (
          <Alert severity="error">{translate('app.messaging.contact.failed')}</Alert>
        ) : (
          <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>
        )}
      </Box>
    </Box>
  );
};
