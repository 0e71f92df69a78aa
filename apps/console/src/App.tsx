import { Route } from 'react-router-dom';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import assistanceResource from './assistance';
import auditResource from './audit';
import casesResource from './cases';
import importsResource from './imports';
import { lazyNamed } from './shared/lazyNamed';
import { PlanRedirect } from './plans/PlanRedirect';
import { i18nProvider } from './i18n/i18nProvider';
import { AppLayout } from './layout/AppLayout';
import { theme } from './layout/theme';
import officesResource from './offices';
import organizationsResource from './organizations';
import referralsResource from './referrals';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import returneesResource from './returnees';
import usersResource from './users';

// the dashboard (with its charts) loads after sign-in, not with the login page
const Dashboard = lazyNamed(() => import('./dashboard/Dashboard'), 'Dashboard');
const MyTasks = lazyNamed(() => import('./follow-ups/MyTasks'), 'MyTasks');
const MissedFollowUps = lazyNamed(() => import('./follow-ups/MissedFollowUps'), 'MissedFollowUps');
const ApprovalsPage = lazyNamed(() => import('./approvals/ApprovalsPage'), 'ApprovalsPage');
const ReportsPage = lazyNamed(() => import('./reports/ReportsPage'), 'ReportsPage');
const NotificationList = lazyNamed(() => import('./notifications/NotificationList'), 'NotificationList');
const Caseload = lazyNamed(() => import('./supervision/Caseload'), 'Caseload');
const MessagesPage = lazyNamed(() => import('./messages/MessagesPage'), 'MessagesPage');

// Resources depend on the role: admins manage the directory and read case files, office staff do case work,
// NGO staff work on the referrals addressed to their organisation.
const resourcesFor = (role: unknown) => {
  const staff = role === 'supervisor' || role === 'caseworker';
  const common = [
    <CustomRoutes key="custom">
      {staff && <Route path="/my-tasks" element={<MyTasks />} />}
      {role === 'supervisor' && <Route path="/missed-follow-ups" element={<MissedFollowUps />} />}
      {/* donors: the aggregate figures of their programmes, never a person */}
      {(role === 'supervisor' || role === 'admin' || role === 'donor') && <Route path="/reports" element={<ReportsPage />} />}
      {(role === 'supervisor' || role === 'admin') && <Route path="/caseload" element={<Caseload />} />}
      {/* admins: the assistance items waiting for their second approval */}
      {(role === 'supervisor' || role === 'admin') && <Route path="/approvals" element={<ApprovalsPage />} />}
      {role === 'supervisor' && <Route path="/messages" element={<MessagesPage />} />}
    </CustomRoutes>,
    // every signed-in user has their own notifications
    <Resource key="notifications" name="notifications" list={NotificationList} />,
  ];
  if (role === 'admin') {
    return [
      ...common,
      <Resource key="users" name="users" {...usersResource} />,
      <Resource key="offices" name="offices" {...officesResource} />,
      <Resource key="organizations" name="organizations" {...organizationsResource} />,
      // assistance programmes, their budget lines and eligibility rules
      <Resource key="programmes" name="programmes" {...assistanceResource} />,
      <Resource
        key="returnees"
        name="returnees"
        list={returneesResource.list}
        show={returneesResource.show}
        icon={returneesResource.icon}
        recordRepresentation={returneesResource.recordRepresentation}
      />,
      <Resource
        key="cases"
        name="cases"
        list={casesResource.list}
        show={casesResource.show}
        icon={casesResource.icon}
        recordRepresentation={casesResource.recordRepresentation}
      />,
      <Resource key="referrals" name="referrals" {...referralsResource} />,
      // bulk registration of returnees from a CSV file
      <Resource key="imports" name="imports" {...importsResource} />,
      // read on the case and returnee pages
      <Resource key="follow-ups" name="follow-ups" />,
      // the returnee page's consents tab
      <Resource key="consents" name="consents" />,
      // the returnee page's plan tab (read-only)
      <Resource key="plans" name="plans" show={PlanRedirect} />,
      // the audit log and its hash-chain check (read-only)
      <Resource key="audit-logs" name="audit-logs" {...auditResource} />,
    ];
  }
  if (staff) {
    return [
      ...common,
      // listed on the case and returnee pages, My tasks and the supervisor's missed view
      <Resource key="follow-ups" name="follow-ups" />,
      // the returnee page's consents tab (recorded and withdrawn there)
      <Resource key="consents" name="consents" />,
      // the returnee page's plan tab and the supervisor's plans awaiting approval
      <Resource key="plans" name="plans" show={PlanRedirect} />,
      <Resource key="returnees" name="returnees" {...returneesResource} />,
      <Resource key="cases" name="cases" {...casesResource} />,
      <Resource key="referrals" name="referrals" {...referralsResource} />,
      <Resource key="imports" name="imports" {...importsResource} />,
      // read-only references (assignee names, office names)
      <Resource key="users" name="users" recordRepresentation={usersResource.recordRepresentation} />,
      <Resource key="offices" name="offices" recordRepresentation={officesResource.recordRepresentation} />,
    ];
  }
  if (role === 'ngo_staff') return [...common, <Resource key="referrals" name="referrals" {...referralsResource} />];
  return common;
};

export const App = () => (
  // disableTelemetry: react-admin would otherwise load an image from marmelab.com on start (also refused by the CSP)
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    dashboard={Dashboard}
    layout={AppLayout}
    theme={theme}
    requireAuth
    disableTelemetry
  >
    {(permissions: unknown) => resourcesFor(permissions)}
  </Admin>
);
