import { Stack } from '@mui/material';
import {
  ArrayField, BooleanField, DataTable, EditButton, FunctionField, Labeled, NumberField, SelectField, Show, TabbedShowLayout, TextField, TopToolbar,
  usePermissions, useTranslate,
} from 'react-admin';
import { ReturneeFollowUps } from '../follow-ups/FollowUpTabs';
import { ReturneeReintegration } from '../reintegration/ReturneeReintegration';
import { C } from '../shared/choices';
import { DateTimeField, DayField, EnumArrayField, TagsField } from '../shared/fields';
import { ReturneeCases } from './ReturneeCases';
import { ReturneeConsents } from './ReturneeConsents';
import { ReturneeTimeline } from './ReturneeTimeline';
import type { Episode } from './returneeModel';

const ShowActions = () => {
  const { permissions } = usePermissions();
  return <TopToolbar>{(permissions === 'supervisor' || permissions === 'caseworker') && <EditButton />}</TopToolbar>;
};

const EntryBanCell = () => {
  const translate = useTranslate();
  return (
    <FunctionField<Episode>
      render={(e) =>
        e.entryBan?.active
          ? e.entryBan.until
            ? translate('app.returnees.entry_ban_until', { date: e.entryBan.until })
            : translate('ra.boolean.true')
          : translate('ra.boolean.false')
      }
    />
  );
};

const f = (key: string) => `resources.returnees.fields.episodes.${key}`;

const Episodes = () => (
  <ArrayField source="episodes" label={false}>
    <DataTable bulkActionButtons={false}>
      <DataTable.Col source="country" label={f('country')}>
        <SelectField source="country" choices={C.country} />
      </DataTable.Col>
      <DataTable.Col source="city" label={f('city')} />
      <DataTable.Col source="departedOn" label={f('departedOn')}>
        <DayField source="departedOn" />
      </DataTable.Col>
      <DataTable.Col source="returnedOn" label={f('returnedOn')}>
        <DayField source="returnedOn" />
      </DataTable.Col>
      <DataTable.Col source="sector" label={f('sector')}>
        <SelectField source="sector" choices={C.sector} />
      </DataTable.Col>
      <DataTable.Col source="employmentFormal" label={f('employmentFormal')}>
        <BooleanField source="employmentFormal" />
      </DataTable.Col>
      <DataTable.Col source="returnReason" label={f('returnReason')}>
        <SelectField source="returnReason" choices={C.returnReason} />
      </DataTable.Col>
      <DataTable.Col source="entryBan.active" label={f('entryBan.active')}>
        <EntryBanCell />
      </DataTable.Col>
      <DataTable.Col source="entryBan.authority" label={f('entryBan.authority')} />
    </DataTable>
  </ArrayField>
);

export const ReturneeShow = () => (
  <Show actions={<ShowActions />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="resources.returnees.tabs.profile">
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={4}>
          <Stack spacing={1.5}>
            <Labeled><TextField source="code" /></Labeled>
            <Labeled><TextField source="fullName" /></Labeled>
            <Labeled><SelectField source="sex" choices={C.sex} /></Labeled>
            <Labeled><DayField source="birthDate" /></Labeled>
            <Labeled><NumberField source="age" /></Labeled>
            <Labeled><TextField source="pin" emptyText="app.not_set" /></Labeled>
            <Labeled><TextField source="phone" emptyText="app.not_set" /></Labeled>
          </Stack>
          <Stack spacing={1.5}>
            <Labeled><SelectField source="oblast" choices={C.oblast} /></Labeled>
            <Labeled><TextField source="district" /></Labeled>
            <Labeled><TextField source="address" emptyText="app.not_set" /></Labeled>
            <Labeled><NumberField source="householdSize" emptyText="app.not_set" /></Labeled>
            <Labeled><NumberField source="dependents" /></Labeled>
            <Labeled><SelectField source="education" choices={C.education} emptyText="app.not_set" /></Labeled>
            <Labeled><SelectField source="disability" choices={C.disability} /></Labeled>
          </Stack>
        </Stack>
        <EnumArrayField source="languages" group="language" />
        <TagsField source="skills" />
        <EnumArrayField source="vulnerabilities" group="vulnerability" />
        <DateTimeField source="createdAt" />
        <DateTimeField source="updatedAt" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.returnees.tabs.episodes" path="episodes">
        <Episodes />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.returnees.tabs.cases" path="cases">
        <ReturneeCases />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.returnees.tabs.follow_ups" path="follow-ups">
        <ReturneeFollowUps />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.returnees.tabs.consents" path="consents">
        <ReturneeConsents />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.reintegration.tab" path="reintegration">
        <ReturneeReintegration />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.returnees.tabs.timeline" path="timeline">
        <ReturneeTimeline />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
