import { Alert, Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ListBase, Pagination, ReferenceField, TextField as RaTextField, Title, useListContext, useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime, formatDay } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { ShowSection } from '../shared/ShowSection';
import { ScrollX } from '../shared/ShowLayout';
import { fetchMessageStats } from './messageCalls';
import { defaultPeriod, formatShare, periodInstants, reasonsOf, statsByDay, statsByOffice, statsTotals, type MessageRow } from './messageModel';

const StatsChart = lazy(async () => ({ default: (await import('./StatsChart')).StatsChart }));
const k = (key: string) => `app.messaging.stats.${key}`;

const Figure = ({ label, value, testId }: { label: string; value: ReactNode; testId: string }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ minWidth: 120 }}>
      <Typography variant="body2" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="h5" component="p" data-testid={testId}>
        {value}
      </Typography>
    </Box>
  );
};

// The failed messages of the period, newest first: when, to whom, by which channel and why.
const Failures = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending, total, perPage } = useListContext<MessageRow>();
  if (isPending) return <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>;
  if (!data?.length) return <EmptyState title={k('no_failures.title')} hint={k('no_failures.hint')} testId="message-failures-empty" />;
  return (
    <>
      <ScrollX>
        <Table size="small" data-testid="message-failures">
          <TableHead>
            <TableRow>
              <TableCell>{translate(k('at'))}</TableCell>
              <TableCell>{translate(k('returnee'))}</TableCell>
              <TableCell>{translate(k('channel'))}</TableCell>
              <TableCell>{translate(k('reason'))}</TableCell>
              <TableCell align="right">{translate(k('attempts'))}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((m) => (
              <TableRow key={m.id} data-testid="message-failure-row">
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.createdAt, locale)}</TableCell>
                <TableCell>
                  <ReferenceField record={m} source="returneeId" reference="returnees" link={false}>
                    <Link to={`/returnees/${m.returneeId}/show/messages`}>
                      <RaTextField source="fullName" />
                    </Link>
                  </ReferenceField>
                </TableCell>
                <TableCell>{translate(`enums.message_channel.${m.channel}`, { _: m.channel })}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{m.lastError ?? '—'}</TableCell>
                <TableCell align="right">{m.attempts}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollX>
      {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
    </>
  );
};

// Supervisors' messages page (issue 18): what left per day, how much arrived, why the rest failed, and the SMS parts
// (cost) per office, for a period; then the failed messages themselves.
export const MessagesPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [period, setPeriod] = useState(defaultPeriod);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(period.from) && /^\d{4}-\d{2}-\d{2}$/.test(period.to) && period.from <= period.to;
  const stats = useQuery({ queryKey: ['message-stats', period.from, period.to], queryFn: () => fetchMessageStats(period), enabled: valid });
  const days = stats.data?.days ?? [];
  // the API's own totals when it sends them (the same sums)
  const server = stats.data?.totals;
  const totals = server ? { ...server, rate: server.deliveryRate } : statsTotals(days);
  const reasons = reasonsOf(stats.data?.failuresByReason ?? []);
  const perDay = valid ? statsByDay(days, period.from, period.to) : [];
  return (
    <Stack spacing={2} sx={{ mt: 1 }} data-testid="messages-page">
      <Title title={k('title')} />
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <TextField
          type="date"
          size="small"
          label={translate(k('from'))}
          sx={{ width: { xs: '100%', sm: 200 } }}
          value={period.from}
          onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'stats-from', max: period.to } }}
        />
        <TextField
          type="date"
          size="small"
          label={translate(k('to'))}
          sx={{ width: { xs: '100%', sm: 200 } }}
          value={period.to}
          onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))}
          error={!valid}
          helperText={valid ? undefined : translate(k('bad_period'))}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'stats-to', min: period.from } }}
        />
      </Stack>
      {stats.isError && <Alert severity="error">{(stats.error as Error).message}</Alert>}
      <ShowSection title={k('summary')} testId="stats-summary">
        <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Figure label={k('sent')} value={totals.sent} testId="stats-sent" />
          <Figure label={k('delivered')} value={totals.delivered} testId="stats-delivered" />
          <Figure label={k('failed')} value={totals.failed} testId="stats-failed" />
          <Figure label={k('expired')} value={totals.expired} testId="stats-expired" />
          <Figure label={k('rate')} value={formatShare(totals.rate)} testId="stats-rate" />
          <Figure label={k('segments')} value={totals.segments} testId="stats-segments" />
        </Stack>
      </ShowSection>
      <ShowSection title={k('per_day')} testId="stats-per-day">
        {totals.sent + totals.failed + totals.expired === 0 ? (
          <Typography color="text.secondary" sx={{ py: 2 }}>
            {translate(k('no_data'))}
          </Typography>
        ) : (
          <Suspense fallback={<Box sx={{ height: 300 }} />}>
            <StatsChart rows={perDay} />
          </Suspense>
        )}
      </ShowSection>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 1fr) minmax(0, 1fr)' } }}>
        <ShowSection title={k('by_reason')} testId="stats-by-reason">
          {reasons.length === 0 ? (
            <Typography color="text.secondary">{translate(k('no_failures.title'))}</Typography>
          ) : (
            <ScrollX>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate(k('reason'))}</TableCell>
                    <TableCell align="right">{translate(k('count'))}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {reasons.map((r) => (
                    <TableRow key={r.reason}>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>{r.reason}</TableCell>
                      <TableCell align="right">{r.count}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </ScrollX>
          )}
        </ShowSection>
        <ShowSection title={k('by_office')} testId="stats-by-office">
          <ScrollX>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate(k('office'))}</TableCell>
                  <TableCell align="right">{translate(k('sent'))}</TableCell>
                  <TableCell align="right">{translate(k('rate'))}</TableCell>
                  <TableCell align="right">{translate(k('segments'))}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {statsByOffice(days).map((o) => (
                  <TableRow key={o.officeId} data-testid="stats-office-row">
                    <TableCell>
                      <ReferenceField record={o} source="officeId" reference="offices" link={false}>
                        <RaTextField source="name" />
                      </ReferenceField>
                    </TableCell>
                    <TableCell align="right">{o.sent}</TableCell>
                    <TableCell align="right">{formatShare(o.rate)}</TableCell>
                    <TableCell align="right" data-testid="stats-office-segments">
                      {o.segments}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollX>
        </ShowSection>
      </Box>
      <ShowSection title={k('failures')} testId="stats-failures">
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate(k('period'), { from: formatDay(period.from, locale), to: formatDay(period.to, locale) })}
        </Typography>
        {valid && (
          <ListBase
            resource="messages"
            filter={{ status: 'failed', ...periodInstants(period) }}
            sort={{ field: 'createdAt', order: 'DESC' }}
            perPage={25}
            disableSyncWithLocation
          >
            <Failures />
          </ListBase>
        )}
      </ShowSection>
    </Stack>
  );
};
