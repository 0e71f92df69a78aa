import FactCheckIcon from '@mui/icons-material/FactCheck';
import { Box } from '@mui/material';
import { visuallyHidden } from '@mui/utils';
import { Menu, useGetList, useTranslate } from 'react-admin';
import { CountBadge } from '../shared/CountBadge';

// "Approvals" with the number of closure requests and plans waiting; react-admin refetches it after any case update.
export const ApprovalsMenuItem = () => {
  const translate = useTranslate();
  const { total: closures = 0 } = useGetList('cases', {
    filter: { status: ['pending_closure'] },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'openedAt', order: 'ASC' },
  });
  // and the reintegration plans submitted for approval
  const { total: plans = 0 } = useGetList('plans', {
    filter: { awaitingApproval: true },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'id', order: 'ASC' },
  });
  const total = closures + plans;
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
