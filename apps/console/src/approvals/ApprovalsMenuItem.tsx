import FactCheckIcon from '@mui/icons-material/FactCheck';
import { Box } from '@mui/material';
import { visuallyHidden } from '@mui/utils';
import { Menu, useGetList, usePermissions, useTranslate } from 'react-admin';
import { useAwaitingCounts } from '../assistance/awaitingCounts';
import { CountBadge } from '../shared/CountBadge';

// "Approvals" with the number of closure requests, plans and assistance items waiting; react-admin refetches it after
// any case update. An admin's approvals are the assistance items' second approvals only.
export const ApprovalsMenuItem = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const supervisor = permissions === 'supervisor';
  const { total: closures = 0 } = useGetList(
    'cases',
    { filter: { status: ['pending_closure'] }, pagination: { page: 1, perPage: 1 }, sort: { field: 'openedAt', order: 'ASC' } },
    { enabled: supervisor },
  );
  // and the reintegration plans submitted for approval
  const { total: plans = 0 } = useGetList(
    'plans',
    { filter: { awaitingApproval: true }, pagination: { page: 1, perPage: 1 }, sort: { field: 'id', order: 'ASC' } },
    { enabled: supervisor },
  );
  // and the assistance items and 1+1 applications waiting for this user's approval (the lists' totals)
  const { items, applications } = useAwaitingCounts(permissions);
  const total = (supervisor ? closures + plans : 0) + items + applications;
  return (
    <Menu.Item
      to="/approvals"
      data-testid="menu-approvals"
      primaryText={
        <>
          {translate('app.approvals.menu')}
          {/* what the badge's number is, for screen readers: the name read out starts with what is seen */}
          <Box component="span" sx={visuallyHidden}>{`: ${translate('app.approvals.badge_label', { smart_count: total })}`}</Box>
        </>
      }
      leftIcon={
        <CountBadge count={total} color="warning" testId="approvals-badge">
          <FactCheckIcon />
        </CountBadge>
      }
    />
  );
};
