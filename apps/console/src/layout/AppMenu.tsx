import InboxIcon from '@mui/icons-material/MoveToInbox';
import { Menu, usePermissions } from 'react-admin';

// The menu lists only what the signed-in role may use (the API enforces the same).
export const AppMenu = () => {
  const { permissions } = usePermissions();
  return (
    <Menu>
      <Menu.DashboardItem />
      {permissions === 'admin' && (
        <>
          <Menu.ResourceItem name="users" />
          <Menu.ResourceItem name="offices" />
          <Menu.ResourceItem name="organizations" />
        </>
      )}
      {(permissions === 'admin' || permissions === 'supervisor' || permissions === 'caseworker') && (
        <>
          <Menu.ResourceItem name="returnees" />
          <Menu.ResourceItem name="cases" />
        </>
      )}
      {permissions === 'ngo_staff' && <Menu.Item to="/referrals" primaryText="app.dashboard.ngo_title" leftIcon={<InboxIcon />} />}
    </Menu>
  );
};
