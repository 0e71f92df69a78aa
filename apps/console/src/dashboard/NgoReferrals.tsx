import { Box, Card, CardContent, Stack, Typography } from '@mui/material';
import { DataTable, ListBase, Pagination, Title, useGetList, useListContext, useTranslate } from 'react-admin';
import { ReferralPhoneList, referralColumns } from '../referrals/referralColumns';
import { NGO_AWAITING_COLUMNS } from '../referrals/referralColumnSets';
import type { Referral } from '../referrals/referralModel';
import { EmptyState } from '../shared/EmptyState';
import { ResponsiveList } from '../shared/ResponsiveList';
import { CountCard } from './CountCard';

type Filter = Record<string, unknown>;
const listLink = (filter: Filter) => `/referrals?filter=${encodeURIComponent(JSON.stringify(filter))}`;

const COUNTS: { key: string; label: string; filter: Filter; color?: 'error' }[] = [
  { key: 'new', label: 'app.referrals.dashboard.new', filter: { status: ['sent'] } },
  { key: 'in_progress', label: 'app.referrals.dashboard.in_progress', filter: { status: ['accepted', 'in_service'] } },
  { key: 'overdue', label: 'app.referrals.dashboard.overdue', filter: { overdue: true }, color: 'error' },
];

// Only the total is needed: one row, read from Content-Range (the API scopes it to the organisation).
const ReferralCount = ({ label, filter, color, testId }: { label: string; filter: Filter; color?: 'error'; testId: string }) => {
  const { total, isPending } = useGetList('referrals', { filter, pagination: { page: 1, perPage: 1 }, sort: { field: 'sentAt', order: 'DESC' } });
  return (
    <CountCard
      label={label}
      value={isPending ? undefined : (total ?? 0)}
      to={listLink(filter)}
      action="app.referrals.dashboard.show"
      color={color}
      testId={`ngo-count-${testId}`}
    />
  );
};

const Awaiting = () => {
  const { total, isPending } = useListContext<Referral>();
  if (!isPending && total === 0) return <EmptyState testId="ngo-empty" title="app.referrals.dashboard.none_waiting" hint="app.dashboard.ngo_empty" />;
  return (
    <>
      <ResponsiveList phone={<ReferralPhoneList ngo />}>
        <DataTable<Referral> rowClick="show" bulkActionButtons={false}>
          {referralColumns(NGO_AWAITING_COLUMNS, { sortable: false })}
        </DataTable>
      </ResponsiveList>
      <Pagination rowsPerPageOptions={[10, 25, 50]} />
    </>
  );
};

// The NGO landing page: how many referrals are new, in progress and overdue, and those still awaiting an answer,
// the most urgent first.
export const NgoReferrals = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }} data-testid="ngo-referrals">
      <Title title="app.dashboard.ngo_title" />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        {COUNTS.map((c) => (
          <ReferralCount key={c.key} label={c.label} filter={c.filter} color={c.color} testId={c.key} />
        ))}
      </Stack>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {translate('app.referrals.dashboard.awaiting')}
          </Typography>
          <ListBase resource="referrals" filter={{ status: ['sent'] }} sort={{ field: 'respondBy', order: 'ASC' }} perPage={10} disableSyncWithLocation>
            <Awaiting />
          </ListBase>
        </CardContent>
      </Card>
    </Box>
  );
};
