import type { ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator, LocalesMenuButton, type AppBarProps } from 'react-admin';
import { NotificationBell } from '../notifications/NotificationBell';
import { AppMenu } from './AppMenu';

// The default app bar's toolbar (language switcher, loading indicator) with the notification bell in front.
const AppToolbar = () => (
  <>
    <NotificationBell />
    <LocalesMenuButton />
    <LoadingIndicator />
  </>
);

const AppAppBar = (props: AppBarProps) => <AppBar {...props} toolbar={<AppToolbar />} />;

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <Layout menu={AppMenu} appBar={AppAppBar}>
    {children}
  </Layout>
);
