import FactCheckIcon from '@mui/icons-material/FactCheck';
import { Badge } from '@mui/material';
import { Menu, useGetList, useTranslate } from 'react-admin';

// "Approvals" with the number of closure requests waiting; react-admin refetches it after any case update.
export const ApprovalsMenuItem = () => {
  const translate = useTranslate();
  const { total = 0 } = useGetList('cases', {
    filter: { status: ['pending_closure'] },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'openedAt', order: 'ASC' },
  });
  return (
    <Menu.Item
      to="/approvals"
      data-testid="menu-approvals"
      aria-label={`${translate('app.approvals.menu')}: ${translate('app.approvals.badge_label', { smart_count: total })}`}
      primaryText="app.approvals.menu"
      leftIcon={
        <Badge badgeContent={total} color="warning" max={99} data-testid="approvals-badge">
          <FactCheckIcon />
        </Badge>
      }
    />
  );
};
