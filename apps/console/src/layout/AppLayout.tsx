import type { ComponentProps, ReactNode } from 'react';
import { AppBar, Layout, LoadingIndicator, LocalesMenuButton, useGetIdentity, UserMenu, useTranslate, type AppBarProps } from 'react-admin';
import { NotificationBell } from '../notifications/NotificationBell';
import { AppMenu } from './AppMenu';

// The default app bar's toolbar (language switcher, loading indicator) with the notification bell in front.
// The spinner is named ("Loading…"): react-admin passes its other props to MUI's progress, which has no name of its own.
const AppToolbar = () => {
  const translate = useTranslate();
  const named = { 'aria-label': translate('ra.page.loading') } as ComponentProps<typeof LoadingIndicator>;
  return (
    <>
      <NotificationBell />
      <LocalesMenuButton />
      <LoadingIndicator {...named} />
    </>
  );
};

// The user menu's button is named by the name it shows (react-admin names it "Profile" while showing the user's
// name, which screen readers and voice control cannot match).
const AppUserMenu = () => {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ?? 'ra.auth.user_menu'} />;
};

const AppAppBar = (props: AppBarProps) => <AppBar {...props} toolbar={<AppToolbar />} userMenu={<AppUserMenu />} />;

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <Layout menu={AppMenu} appBar={AppAppBar}>
    {children}
  </Layout>
);
