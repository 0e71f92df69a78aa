import NotificationsIcon from '@mui/icons-material/Notifications';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import GroupsIcon from '@mui/icons-material/Groups';
import { Menu, usePermissions } from 'react-admin';
import { QueueBoardMenuItem } from '../admin/QueueBoardMenuItem';
import { MyTasksMenuItem } from '../follow-ups/MyTasksMenuItem';
import { ReportsMenuItem } from '../reports/ReportsMenuItem';
import { ApprovalsMenuItem } from '../approvals/ApprovalsMenuItem';
import { MessagesMenuItem } from '../messages/MessagesMenuItem';

// Labels wrap onto a second line instead of ending in "…" ("Пропущенные контакты", "Өткөрүлүп жиберилген
// байланыштар" are wider than the 240 px sidebar); closed, the sidebar shows icons only and the labels stay unwrapped.
const WRAP_LABELS = {
  '&.RaMenu-open .MuiMenuItem-root': { whiteSpace: 'normal' },
  '&.RaMenu-open .MuiMenuItem-root .MuiTypography-noWrap': { whiteSpace: 'normal', overflow: 'visible', overflowWrap: 'break-word' },
};

// The menu lists only what the signed-in role may use (the API enforces the same).
export const AppMenu = () => {
  const { permissions } = usePermissions();
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  return (
    <Menu sx={WRAP_LABELS} data-testid="app-menu">
      <Menu.DashboardItem />
      {staff && <MyTasksMenuItem />}
      {permissions === 'supervisor' && (
        <Menu.Item to="/missed-follow-ups" primaryText="app.missed.menu" leftIcon={<EventBusyIcon />} data-testid="menu-missed-follow-ups" />
      )}
      {(permissions === 'supervisor' || permissions === 'admin') && (
        <Menu.Item to="/caseload" primaryText="app.supervision.caseload.menu" leftIcon={<GroupsIcon />} data-testid="menu-caseload" />
      )}
      {(permissions === 'supervisor' || permissions === 'admin') && <ApprovalsMenuItem />}
      {permissions === 'supervisor' && <MessagesMenuItem />}
      {permissions === 'admin' && (
        <>
          <Menu.ResourceItem name="users" />
          <Menu.ResourceItem name="offices" />
          <Menu.ResourceItem name="organizations" />
          <Menu.ResourceItem name="programmes" data-testid="menu-programmes" />
          <QueueBoardMenuItem />
          <Menu.ResourceItem name="audit-logs" data-testid="menu-audit" />
        </>
      )}
      {(permissions === 'admin' || staff) && (
        <>
          <Menu.ResourceItem name="returnees" />
          <Menu.ResourceItem name="cases" />
          <Menu.ResourceItem name="imports" data-testid="menu-imports" />
        </>
      )}
      {(permissions === 'admin' || staff || permissions === 'ngo_staff') && <Menu.ResourceItem name="referrals" />}
      {/* donors see their programmes' reports and nothing about any person */}
      {(permissions === 'admin' || permissions === 'supervisor' || permissions === 'donor') && <ReportsMenuItem />}
      <Menu.Item to="/notifications" primaryText="app.notifications.title" leftIcon={<NotificationsIcon />} />
    </Menu>
  );
};
