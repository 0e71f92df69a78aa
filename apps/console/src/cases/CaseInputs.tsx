import { Typography } from '@mui/material';
import type { ChangeEvent } from 'react';
import { useFormContext } from 'react-hook-form';
import {
  AutocompleteInput, DateInput, ReferenceInput, SelectInput, TextInput, required, useTranslate,
} from 'react-admin';
import { C } from '../shared/choices';
import { CaseDetailsInputs } from './CaseDetailsInputs';
import { detailsDefaults, type CaseType } from './caseModel';

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
    <DateInput source="dueAt" />
    {mode === 'edit' && <TextInput source="outcome" multiline />}
    <DetailsTitle />
    <CaseDetailsInputs />
  </>
);
