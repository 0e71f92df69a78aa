import InboxIcon from '@mui/icons-material/CallReceived';
import OutboxIcon from '@mui/icons-material/CallMade';
import { Alert, alpha, Box, Button, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import { useEffect, useMemo, useRef } from 'react';
import { useInfiniteGetList, useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { conversationOrder, messageText, segmentsLabelArgs, statusColor, type MessageRow } from './messageModel';

const PER_PAGE = 20;

// One message: ours on the right, the returnee's on the left; channel, status, parts (SMS) and time under the text.
export const MessageBubble = ({ m }: { m: MessageRow }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const out = m.direction === 'out';
  const parts = segmentsLabelArgs(m.channel, m.segments);
  const at = m.deliveredAt ?? m.sentAt ?? (m.status === 'queued' ? m.fireAt : null) ?? m.createdAt;
  return (
    <Box
      component="li"
      data-testid="message-bubble"
      data-id={m.id}
      data-direction={m.direction}
      data-status={m.status}
      sx={{ listStyle: 'none', display: 'flex', justifyContent: out ? 'flex-end' : 'flex-start', my: 0.75 }}
    >
      <Box
        sx={(theme) => ({
          maxWidth: { xs: '92%', sm: '75%' },
          px: 1.5,
          py: 1,
          borderRadius: 2,
          bgcolor: out ? alpha(theme.palette.primary.main, 0.08) : theme.palette.grey[100],
          border: 1,
          borderColor: out ? alpha(theme.palette.primary.main, 0.3) : theme.palette.divider,
        })}
      >
        <Typography variant="caption" component="div" sx={{ fontWeight: 600 }} data-testid="message-sender">
          {m.senderName ?? translate('app.messaging.sender_automatic')}
        </Typography>
        <Typography variant="body1" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-text">
          {messageText(m)}
        </Typography>
        <Stack direction="row" spacing={0.75} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mt: 0.5 }}>
          {out ? <OutboxIcon fontSize="inherit" aria-hidden /> : <InboxIcon fontSize="inherit" aria-hidden />}
          <Typography variant="caption">{translate(`enums.message_channel.${m.channel}`, { _: m.channel })}</Typography>
          {out && (
            <Chip
              size="small"
              color={statusColor(m.status)}
              label={translate(`enums.message_status.${m.status}`, { _: m.status })}
              data-testid="message-status"
              title={m.lastError ?? undefined}
            />
          )}
          {parts && (
            <Typography variant="caption" data-testid="message-segments">
              {translate('app.messaging.segments', { smart_count: parts.count })}
            </Typography>
          )}
          {m.kind !== 'free' && m.kind !== 'reply' && (
            <Typography variant="caption" color="text.secondary">
              {translate(`enums.message_kind.${m.kind}`, { _: m.kind })}
            </Typography>
          )}
          <Typography variant="caption" color="text.secondary" component="time" dateTime={at}>
            {m.status === 'queued' && m.fireAt && m.fireAt > m.createdAt
              ? translate('app.messaging.goes_at', { time: formatDateTime(at, locale) })
              : formatDateTime(at, locale)}
          </Typography>
        </Stack>
      </Box>
    </Box>
  );
};

// The conversation with a returnee, newest at the bottom; older messages load on demand above.
export const Conversation = ({ returneeId }: { returneeId: string }) => {
  const translate = useTranslate();
  const bottom = useRef<HTMLDivElement>(null);
  const { data, isPending, error, hasNextPage, fetchNextPage, isFetchingNextPage } = useInfiniteGetList<MessageRow>(
    'messages',
    { filter: { returneeId }, sort: { field: 'createdAt', order: 'DESC' }, pagination: { page: 1, perPage: PER_PAGE } },
    { refetchInterval: 15_000 },
  );
  const messages = useMemo(() => conversationOrder((data?.pages ?? []).map((p) => p.data)), [data]);
  const newest = messages.at(-1)?.id;
  // the newest message in view when the conversation opens and when one arrives (not when older ones load)
  useEffect(() => {
    if (newest) bottom.current?.scrollIntoView({ block: 'nearest' });
  }, [newest]);
  if (error) {
    return (
      <Alert severity="error" data-testid="messages-error">
        {(error as Error).message || translate('app.messaging.load_failed')}
      </Alert>
    );
  }
  if (isPending) {
    return (
      <Typography sx={{ py: 2 }} color="text.secondary">
        {translate('ra.page.loading')}
      </Typography>
    );
  }
  if (messages.length === 0) return <EmptyState title="app.messaging.empty.title" hint="app.messaging.empty.hint" testId="messages-empty" />;
  return (
    <Box
      sx={{ maxHeight: { xs: 'none', md: 520 }, overflowY: { md: 'auto' }, pr: { md: 1 } }}
      tabIndex={0}
      role="log"
      aria-label={translate('app.messaging.conversation')}
      data-testid="conversation"
    >
      {hasNextPage && (
        <Box sx={{ textAlign: 'center', mb: 1 }}>
          <Button
            size="small"
            onClick={() => void fetchNextPage()}
            disabled={isFetchingNextPage}
            startIcon={isFetchingNextPage ? <CircularProgress size={14} color="inherit" /> : undefined}
            data-testid="messages-older"
          >
            {translate('app.messaging.older')}
          </Button>
        </Box>
      )}
      <Box component="ol" sx={{ p: 0, m: 0 }}>
        {messages.map((m) => (
          <MessageBubble key={m.id} m={m} />
        ))}
      </Box>
      <div ref={bottom} />
    </Box>
  );
};
