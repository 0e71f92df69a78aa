import { Box, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { ListBase, useGetMany, useListContext, usePermissions, useTranslate } from 'react-admin';
import { ListPagination } from '../shared/ListPagination';
import type { AssistanceItem } from './assistanceModel';
import { AssistanceCard, useProgrammesOf } from './AssistanceItems';
import { MatchingCard } from './MatchingDialogs';
import type { MatchingApplication } from './matchingModel';
import { AWAITING, useAwaitingCounts } from './awaitingCounts';

type ReturneeRef = { id: string; code: string; fullName: string };

const PER_PAGE = 10;

const PersonLink = ({ r }: { r: ReturneeRef | undefined }) =>
  r ? (
    <MuiLink component={Link} to={`/returnees/${r.id}/show/assistance`}>
      {`${r.fullName} (${r.code})`}
    </MuiLink>
  ) : null;

const useReturnees = (rows: Array<{ returneeId: string }>) => {
  const ids = [...new Set(rows.map((i) => i.returneeId))];
  const { data = [] } = useGetMany<ReturneeRef>('returnees', { ids }, { enabled: ids.length > 0 });
  return (id: string) => data.find((r) => r?.id === id);
};

const Paging = () => {
  const { total } = useListContext();
  return (total ?? 0) > PER_PAGE ? <ListPagination rowsPerPageOptions={[PER_PAGE]} /> : null;
};

const ApplicationsPage = () => {
  const { data = [] } = useListContext<MatchingApplication>();
  const programmeOf = useProgrammesOf(data.map((a) => ({ programmeId: a.programmeId }) as AssistanceItem));
  const returneeOf = useReturnees(data);
  return (
    <Stack spacing={1.5} sx={{ pb: data.length ? 1.5 : 0 }}>
      {data.map((a) => (
        <Stack key={a.id} spacing={0.5} data-testid="matching-awaiting-item">
          <Typography variant="subtitle2" component="p">
            <PersonLink r={returneeOf(a.returneeId)} />
          </Typography>
          <MatchingCard a={a} programme={programmeOf(a.programmeId)} />
        </Stack>
      ))}
      <Paging />
    </Stack>
  );
};

const ItemsPage = () => {
  const { data = [] } = useListContext<AssistanceItem>();
  const programmeOf = useProgrammesOf(data);
  const returneeOf = useReturnees(data);
  return (
    <Stack spacing={1.5}>
      {data.map((item) => (
        <Stack key={item.id} spacing={0.5} data-testid="assistance-awaiting-item">
          <Typography variant="subtitle2" component="p">
            <PersonLink r={returneeOf(item.returneeId)} />
          </Typography>
          <AssistanceCard item={item} programme={programmeOf(item.programmeId)} />
        </Stack>
      ))}
      <Paging />
    </Stack>
  );
};

// A section of the approvals page: the 1+1 applications, then the assistance items, waiting for this user's decision
// (approve or reject), oldest first, a page at a time.
export const AssistanceAwaitingApproval = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const counts = useAwaitingCounts(permissions);
  const second = permissions === 'admin';
  const list = { ...AWAITING, perPage: PER_PAGE, disableSyncWithLocation: true };
  return (
    <Box component="section" sx={{ pt: 1, pb: 2, px: 2, borderBottom: 1, borderColor: 'divider' }} data-testid="assistance-awaiting">
      <Typography variant="h6" component="h2" sx={{ pt: 1 }}>
        {translate(second ? 'app.assistance.awaiting_second_title' : 'app.assistance.awaiting_title')}
      </Typography>
      <Typography color="text.secondary" sx={{ pb: 1 }}>
        {translate(second ? 'app.assistance.awaiting_second_hint' : 'app.assistance.awaiting_hint')}
      </Typography>
      <ListBase resource="matching-applications" storeKey="approvals-matching" {...list}>
        <ApplicationsPage />
      </ListBase>
      <ListBase resource="assistance" storeKey="approvals-assistance" {...list}>
        <ItemsPage />
        <Empty applications={counts.applications} />
      </ListBase>
    </Box>
  );
};

const Empty = ({ applications }: { applications: number }) => {
  const translate = useTranslate();
  const { total, isPending, error } = useListContext();
  if (error) return <Typography color="error">{translate('app.assistance.load_error')}</Typography>;
  if (isPending || (total ?? 0) > 0 || applications > 0) return null;
  return (
    <Typography color="text.secondary" data-testid="assistance-awaiting-empty">
      {translate('app.assistance.awaiting_empty')}
    </Typography>
  );
};
