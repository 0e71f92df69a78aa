import { Typography } from '@mui/material';
import type { ChangeEvent } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  AutocompleteInput,
  DateInput,
  ReferenceInput,
  SelectInput,
  TextInput,
  required,
  useGetIdentity,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { C } from '../shared/choices';
import { CaseDetailsInputs } from './CaseDetailsInputs';
import { detailsDefaults, needsReassignReason, type CaseRecord, type CaseType } from './caseModel';

const req = required();
type ReturneeOption = { fullName?: string; code?: string; birthDate?: string };
const returneeText = (r: ReturneeOption | undefined) => (r ? `${r.fullName ?? ''} (${r.code ?? ''})` : '');

// Switching the type starts its details afresh so fields of another type are not carried over.
const TypeInput = () => {
  const { setValue } = useFormContext();
  return (
    <SelectInput
      source="type"
      choices={C.caseType}
      validate={req}
      onChange={(e: unknown) => setValue('details', detailsDefaults((e as ChangeEvent<HTMLInputElement>).target.value as CaseType), { shouldDirty: true })}
    />
  );
};

// Shown once a supervisor moves the case away from its assignee: the API needs the reason, the caseworker reads it.
const ReassignReasonInput = () => {
  const record = useRecordContext<CaseRecord>();
  const { permissions } = usePermissions();
  const { identity } = useGetIdentity();
  const next = useWatch({ name: 'assigneeId' }) as string | null | undefined;
  if (!needsReassignReason(permissions, identity?.id, record?.assigneeId, next)) return null;
  return <TextInput source="reassignReason" label="app.approvals.reassign_reason" validate={req} multiline helperText="app.approvals.reassign_reason_hint" />;
};

const DetailsTitle = () => {
  const translate = useTranslate();
  return (
    <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
      {translate('app.cases.details_title')}
    </Typography>
  );
};

export const CaseInputs = ({ mode }: { mode: 'create' | 'edit' }) => (
  <>
    {mode === 'create' && (
      <>
        <ReferenceInput source="returneeId" reference="returnees" sort={{ field: 'lastName', order: 'ASC' }}>
          <AutocompleteInput optionText={returneeText} validate={req} filterToQuery={(q: string) => ({ q })} />
        </ReferenceInput>
        <TypeInput />
      </>
    )}
    <TextInput source="title" validate={req} />
    <TextInput source="summary" multiline minRows={2} />
    <SelectInput source="priority" choices={C.casePriority} validate={req} />
    <ReferenceInput source="assigneeId" reference="users" filter={{ active: true }} sort={{ field: 'fullName', order: 'ASC' }}>
      <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} />
    </ReferenceInput>
    {mode === 'edit' && <ReassignReasonInput />}
    <DateInput source="dueAt" />
    {mode === 'edit' && <TextInput source="outcome" multiline />}
    <DetailsTitle />
    <CaseDetailsInputs />
  </>
);
