import { Box, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useGetIdentity, useGetList, useGetMany, usePermissions, useTranslate } from 'react-admin';
import { awaitsApprovalBy, type AssistanceItem } from './assistanceModel';
import { AssistanceCard, useProgrammesOf } from './AssistanceItems';
import { MatchingCard } from './MatchingDialogs';
import { canDecide, type MatchingApplication } from './matchingModel';

type ReturneeRef = { id: string; code: string; fullName: string };

// The proposed items of the office (admins: of every office) oldest first; the page keeps those waiting for the
// signed-in role: the supervisor's first approval, or an admin's second above the programme's threshold.
export const useAssistanceAwaiting = (role: unknown, enabled = true) => {
  const {
    data = [],
    isPending,
    error,
  } = useGetList<AssistanceItem>(
    'assistance',
    { filter: { status: ['proposed'] }, pagination: { page: 1, perPage: 100 }, sort: { field: 'createdAt', order: 'ASC' } },
    { enabled: enabled && (role === 'supervisor' || role === 'admin') },
  );
  return { items: data.filter((i) => awaitsApprovalBy(i) === role), isPending, error };
};

// 1+1 applications waiting for this role's committee decision (the supervisor's or an admin's, in either order).
export const useMatchingAwaiting = (role: unknown) => {
  const { identity } = useGetIdentity();
  const { data = [] } = useGetList<MatchingApplication>(
    'matching-applications',
    { filter: { status: ['proposed'] }, pagination: { page: 1, perPage: 100 }, sort: { field: 'createdAt', order: 'ASC' } },
    { enabled: role === 'supervisor' || role === 'admin' },
  );
  return data.filter((a) => canDecide({ ...a, proposedBy: '' }, role, identity?.id ? String(identity.id) : undefined).reject);
};

const PersonLink = ({ r }: { r: ReturneeRef | undefined }) =>
  r ? (
    <MuiLink component={Link} to={`/returnees/${r.id}/show/assistance`}>
      {`${r.fullName} (${r.code})`}
    </MuiLink>
  ) : null;

// A section of the approvals page: assistance items waiting for this user's decision (approve or reject).
export const AssistanceAwaitingApproval = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const { items, isPending, error } = useAssistanceAwaiting(permissions);
  const programmeOf = useProgrammesOf(items);
  const applications = useMatchingAwaiting(permissions);
  const programmeOfApplication = useProgrammesOf(applications.map((a) => ({ programmeId: a.programmeId }) as AssistanceItem));
  const ids = [...new Set([...items, ...applications].map((i) => i.returneeId))];
  const { data: returnees = [] } = useGetMany<ReturneeRef>('returnees', { ids }, { enabled: ids.length > 0 });
  const second = permissions === 'admin';
  return (
    <Box component="section" sx={{ pt: 1, pb: 2, px: 2, borderBottom: 1, borderColor: 'divider' }} data-testid="assistance-awaiting">
      <Typography variant="h6" component="h2" sx={{ pt: 1 }}>
        {translate(second ? 'app.assistance.awaiting_second_title' : 'app.assistance.awaiting_title')}
      </Typography>
      <Typography color="text.secondary" sx={{ pb: 1 }}>
        {translate(second ? 'app.assistance.awaiting_second_hint' : 'app.assistance.awaiting_hint')}
      </Typography>
      {error && <Typography color="error">{translate('app.assistance.load_error')}</Typography>}
      {!isPending && !error && items.length === 0 && applications.length === 0 && (
        <Typography color="text.secondary" data-testid="assistance-awaiting-empty">
          {translate('app.assistance.awaiting_empty')}
        </Typography>
      )}
      <Stack spacing={1.5}>
        {applications.map((a) => (
          <Stack key={a.id} spacing={0.5} data-testid="matching-awaiting-item">
            <Typography variant="subtitle2" component="p">
              <PersonLink r={returnees.find((r) => r?.id === a.returneeId)} />
            </Typography>
            <MatchingCard a={a} programme={programmeOfApplication(a.programmeId)} />
          </Stack>
        ))}
        {items.map((item) => (
          <Stack key={item.id} spacing={0.5} data-testid="assistance-awaiting-item">
            <Typography variant="subtitle2" component="p">
              <PersonLink r={returnees.find((r) => r?.id === item.returneeId)} />
            </Typography>
            <AssistanceCard item={item} programme={programmeOf(item.programmeId)} />
          </Stack>
        ))}
      </Stack>
    </Box>
  );
};
