import {
  ArrayField,
  BooleanField,
  DataTable,
  EditButton,
  FunctionField,
  NumberField,
  SelectField,
  Show,
  TextField,
  TopToolbar,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { ReturneeAssistance } from '../assistance/ReturneeAssistance';
import { ReturneeDocuments, ReturneePlanDocuments } from '../documents/DocumentTabs';
import { ReturneeFollowUps } from '../follow-ups/FollowUpTabs';
import { ChildFlagLine } from '../household/ChildFlag';
import { ReturneeHousehold } from '../household/HouseholdTab';
import { ReturneeMessages } from '../messages/ReturneeMessages';
import { ReturneeNotes } from '../notes/ReturneeNotes';
import { AssessToolbarButton, IntakeAssessmentPrompt, ReturneeAssessments } from '../reintegration/ReturneeAssessments';
import { ReturneeReintegration } from '../reintegration/ReturneeReintegration';
import { ReturneePlan } from '../plans/ReturneePlan';
import { C } from '../shared/choices';
import { ChoiceCol } from '../shared/columns';
import { DateTimeField, DayField, EnumArrayField, TagsField } from '../shared/fields';
import { FieldColumns, ScrollX, ShowTabs } from '../shared/ShowLayout';
import { ReturneeTitle } from './ReturneeTitle';
import { ReturneeCases } from './ReturneeCases';
import { ReturneeConsents } from './ReturneeConsents';
import { ReturneeTimeline } from './ReturneeTimeline';
import type { Episode } from './returneeModel';

const ShowActions = () => {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      <AssessToolbarButton />
      {(permissions === 'supervisor' || permissions === 'caseworker') && <EditButton />}
    </TopToolbar>
  );
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

// the episodes are part of the returnee record, so their labels are spelled out (not resources.returnees.fields.<column>)
const f = (key: string) => `resources.returnees.fields.episodes.${key}`;

const Episodes = () => (
  <ArrayField source="episodes" label={false}>
    <ScrollX>
      <DataTable bulkActionButtons={false}>
        <ChoiceCol source="country" label={f('country')} choices={C.country} />
        <DataTable.Col source="city" label={f('city')} />
        <DataTable.Col source="departedOn" label={f('departedOn')} field={DayField} />
        <DataTable.Col source="returnedOn" label={f('returnedOn')} field={DayField} />
        <ChoiceCol source="sector" label={f('sector')} choices={C.sector} />
        <DataTable.Col source="employmentFormal" label={f('employmentFormal')} field={BooleanField} />
        <ChoiceCol source="returnReason" label={f('returnReason')} choices={C.returnReason} />
        <DataTable.Col source="entryBan.active" label={f('entryBan.active')} field={EntryBanCell} />
        <DataTable.Col source="entryBan.authority" label={f('entryBan.authority')} />
      </DataTable>
    </ScrollX>
  </ArrayField>
);

const PROFILE = [
  [
    <TextField source="code" />,
    <TextField source="fullName" />,
    <SelectField source="sex" choices={C.sex} />,
    <DayField source="birthDate" />,
    <NumberField source="age" />,
    <TextField source="pin" emptyText="app.not_set" />,
    <TextField source="phone" emptyText="app.not_set" />,
  ],
  [
    <SelectField source="oblast" choices={C.oblast} />,
    <TextField source="district" />,
    <TextField source="address" emptyText="app.not_set" />,
    <NumberField source="householdSize" emptyText="app.not_set" />,
    <NumberField source="dependents" />,
    <SelectField source="education" choices={C.education} emptyText="app.not_set" />,
    <SelectField source="disability" choices={C.disability} />,
  ],
];

// an array, not a fragment: the tab puts each of its children under its own label
const profile = [
  <ChildFlagLine key="child-flag" label={false} />,
  <FieldColumns key="columns" columns={PROFILE} />,
  <EnumArrayField key="languages" source="languages" group="language" />,
  <TagsField key="skills" source="skills" />,
  <EnumArrayField key="vulnerabilities" source="vulnerabilities" group="vulnerability" />,
  <DateTimeField key="createdAt" source="createdAt" />,
  <DateTimeField key="updatedAt" source="updatedAt" />,
];

// household: office staff and admins (read); notes: office staff only (the API answers 403 to others)
const householdTab = (role: unknown) => role === 'admin' || role === 'supervisor' || role === 'caseworker';
const notesTab = (role: unknown) => role === 'supervisor' || role === 'caseworker';

export const ReturneeShow = () => {
  const { permissions } = usePermissions();
  return (
    <Show actions={<ShowActions />} title={<ReturneeTitle />}>
      <IntakeAssessmentPrompt />
      <ShowTabs
        tabs={[
          { label: 'resources.returnees.tabs.profile', content: profile },
          { label: 'resources.returnees.tabs.episodes', path: 'episodes', content: <Episodes /> },
          { label: 'resources.returnees.tabs.cases', path: 'cases', content: <ReturneeCases /> },
          { label: 'resources.returnees.tabs.follow_ups', path: 'follow-ups', content: <ReturneeFollowUps /> },
          { label: 'resources.returnees.tabs.consents', path: 'consents', content: <ReturneeConsents /> },
          ...(householdTab(permissions) ? [{ label: 'app.documents.tab', path: 'documents', content: <ReturneeDocuments /> }] : []),
          { label: 'app.reintegration.tab', path: 'reintegration', content: <ReturneeReintegration /> },
          { label: 'app.assessment.tab', path: 'assessment', content: <ReturneeAssessments /> },
          { label: 'app.plans.tab', path: 'plan', content: [<ReturneePlan key="plan" />, <ReturneePlanDocuments key="plan-documents" />] },
          // assistance: office staff propose and take the steps; admins read it and give second approvals
          ...(householdTab(permissions) ? [{ label: 'app.assistance.tab', path: 'assistance', content: <ReturneeAssistance /> }] : []),
          ...(householdTab(permissions) ? [{ label: 'app.household.tab', path: 'household', content: <ReturneeHousehold /> }] : []),
          ...(notesTab(permissions) ? [{ label: 'app.notes.tab', path: 'notes', content: <ReturneeNotes /> }] : []),
          ...(notesTab(permissions) ? [{ label: 'app.messaging.tab', path: 'messages', content: <ReturneeMessages /> }] : []),
          { label: 'resources.returnees.tabs.timeline', path: 'timeline', content: <ReturneeTimeline /> },
        ]}
      />
    </Show>
  );
};
