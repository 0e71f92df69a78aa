import { Stack } from '@mui/material';
import {
  EditButton, Labeled, ReferenceField, SelectField, Show, TabbedShowLayout, TextField, TopToolbar, usePermissions, useRecordContext,
} from 'react-admin';
import { FollowUpPlanPrompt } from '../follow-ups/FollowUpPlanPrompt';
import { CaseFollowUps, ScheduleFollowUpButton } from '../follow-ups/FollowUpTabs';
import { CaseReferrals } from '../referrals/CaseReferrals';
import { C } from '../shared/choices';
import { DateTimeField } from '../shared/fields';
import { CaseDetailsPanel } from './CaseDetailsPanel';
import { CaseEvents } from './CaseEvents';
import { DueAtField } from './DueAtField';
import { CaseStatusActions } from './CaseStatusActions';
import type { CaseRecord } from './caseModel';

const ShowActions = () => {
  const { permissions } = usePermissions();
  const record = useRecordContext<CaseRecord>();
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  return (
    <TopToolbar>
      <ScheduleFollowUpButton />
      {staff && record?.status !== 'closed' && <EditButton />}
    </TopToolbar>
  );
};

export const CaseShow = () => (
  <Show actions={<ShowActions />}>
    <CaseStatusActions />
    <FollowUpPlanPrompt />
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="resources.cases.tabs.summary">
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={4}>
          <Stack spacing={1.5}>
            <Labeled><TextField source="code" /></Labeled>
            <Labeled><TextField source="title" /></Labeled>
            <Labeled label="resources.cases.fields.returneeId">
              <ReferenceField source="returneeId" reference="returnees" link="show">
                <TextField source="fullName" />
              </ReferenceField>
            </Labeled>
            <Labeled><SelectField source="type" choices={C.caseType} /></Labeled>
            <Labeled><SelectField source="status" choices={C.caseStatus} /></Labeled>
            <Labeled><SelectField source="priority" choices={C.casePriority} /></Labeled>
          </Stack>
          <Stack spacing={1.5}>
            <Labeled label="resources.cases.fields.assigneeId">
              <ReferenceField source="assigneeId" reference="users" link={false} emptyText="app.not_set">
                <TextField source="fullName" />
              </ReferenceField>
            </Labeled>
            <Labeled><DateTimeField source="openedAt" /></Labeled>
            <Labeled source="dueAt"><DueAtField emptyText="app.not_set" /></Labeled>
            <Labeled><DateTimeField source="closedAt" emptyText="app.not_set" /></Labeled>
            <Labeled><TextField source="closureReason" emptyText="app.not_set" /></Labeled>
            <Labeled><TextField source="outcome" emptyText="app.not_set" /></Labeled>
          </Stack>
        </Stack>
        <TextField source="summary" emptyText="app.not_set" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.cases.tabs.details" path="details">
        <CaseDetailsPanel />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.cases.tabs.events" path="events">
        <CaseEvents />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.cases.tabs.follow_ups" path="follow-ups">
        <CaseFollowUps />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.cases.tabs.referrals" path="referrals">
        <CaseReferrals />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
