import { EditButton, ReferenceField, SelectField, Show, TextField, TopToolbar, usePermissions, useRecordContext } from 'react-admin';
import { CaseDocuments } from '../documents/DocumentTabs';
import { CaseCheckins } from '../messages/CaseCheckins';
import { isTbCase } from '../messages/messageModel';
import { FollowUpPlanPrompt } from '../follow-ups/FollowUpPlanPrompt';
import { CaseFollowUps, ScheduleFollowUpButton } from '../follow-ups/FollowUpTabs';
import { CaseReferrals } from '../referrals/CaseReferrals';
import { C } from '../shared/choices';
import { DateTimeField } from '../shared/fields';
import { FieldColumns, ShowTabs } from '../shared/ShowLayout';
import { CaseDetailsPanel } from './CaseDetailsPanel';
import { CaseEvents } from './CaseEvents';
import { CaseDueAt } from './caseColumns';
import { CaseStatusActions } from './CaseStatusActions';
import { ReassignCaseButton } from './ReassignCaseButton';
import type { CaseRecord } from './caseModel';

const ShowActions = () => {
  const { permissions } = usePermissions();
  const record = useRecordContext<CaseRecord>();
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  return (
    // the buttons go onto a second line on a phone instead of past the window's edge
    <TopToolbar sx={{ flexWrap: 'wrap', whiteSpace: 'normal', alignItems: 'center' }}>
      <ScheduleFollowUpButton />
      <ReassignCaseButton />
      {staff && record?.status !== 'closed' && <EditButton />}
    </TopToolbar>
  );
};

const SUMMARY = [
  [
    <TextField source="code" />,
    <TextField source="title" />,
    <ReferenceField source="returneeId" reference="returnees" link="show">
      <TextField source="fullName" />
    </ReferenceField>,
    <SelectField source="type" choices={C.caseType} />,
    <SelectField source="status" choices={C.caseStatus} />,
    <SelectField source="priority" choices={C.casePriority} />,
  ],
  [
    <ReferenceField source="assigneeId" reference="users" link={false} emptyText="app.not_set">
      <TextField source="fullName" />
    </ReferenceField>,
    <DateTimeField source="openedAt" />,
    <CaseDueAt source="dueAt" emptyText="app.not_set" />,
    <DateTimeField source="closedAt" emptyText="app.not_set" />,
    <TextField source="closureReason" emptyText="app.not_set" />,
    <TextField source="outcome" emptyText="app.not_set" />,
  ],
];

// an array, not a fragment: the tab puts each of its children under its own label
const summary = [<FieldColumns key="columns" columns={SUMMARY} />, <TextField key="summary" source="summary" emptyText="app.not_set" />];

// TB treatment check-ins: on a TB health case, for office staff (the API re-checks who sees health details)
const CaseTabs = () => {
  const record = useRecordContext<CaseRecord>();
  const { permissions } = usePermissions();
  const checkins = isTbCase(record) && (permissions === 'supervisor' || permissions === 'caseworker');
  return (
    <ShowTabs
      tabs={[
        { label: 'resources.cases.tabs.summary', content: summary },
        { label: 'resources.cases.tabs.details', path: 'details', content: <CaseDetailsPanel /> },
        { label: 'resources.cases.tabs.events', path: 'events', content: <CaseEvents /> },
        { label: 'resources.cases.tabs.follow_ups', path: 'follow-ups', content: <CaseFollowUps /> },
        { label: 'resources.cases.tabs.referrals', path: 'referrals', content: <CaseReferrals /> },
        { label: 'app.documents.tab', path: 'documents', content: <CaseDocuments /> },
        ...(checkins ? [{ label: 'app.messaging.checkins.tab', path: 'checkins', content: <CaseCheckins /> }] : []),
      ]}
    />
  );
};

export const CaseShow = () => (
  <Show actions={<ShowActions />}>
    <CaseStatusActions />
    <FollowUpPlanPrompt />
    <CaseTabs />
  </Show>
);
