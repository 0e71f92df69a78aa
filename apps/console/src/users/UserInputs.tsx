import {
  AutocompleteInput,
  BooleanInput,
  FormDataConsumer,
  AutocompleteArrayInput,
  PasswordInput,
  ReferenceArrayInput,
  ReferenceInput,
  SelectInput,
  TextInput,
  email,
  minLength,
  required,
} from 'react-admin';
import { C } from '../shared/choices';
import { needsOffice, needsOrganization, needsProgrammes, type UserRecord } from './userModel';

const req = required();
const passwordRules = minLength(12, 'app.validation.password_length');

export const UserInputs = ({ mode }: { mode: 'create' | 'edit' }) => (
  <>
    <TextInput source="email" type="email" validate={[req, email()]} />
    <TextInput source="fullName" validate={req} />
    <SelectInput source="role" choices={C.role} validate={req} />
    <FormDataConsumer<Partial<UserRecord>>>
      {({ formData }) => (
        <>
          {needsOffice(formData.role) && (
            <ReferenceInput source="officeId" reference="offices" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
              <AutocompleteInput optionText="name" validate={req} helperText="app.users.office_hint" filterToQuery={(q: string) => ({ q })} />
            </ReferenceInput>
          )}
          {needsOrganization(formData.role) && (
            <ReferenceInput source="organizationId" reference="organizations" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
              <AutocompleteInput optionText="name" validate={req} helperText="app.users.organization_hint" filterToQuery={(q: string) => ({ q })} />
            </ReferenceInput>
          )}
          {needsProgrammes(formData.role) && (
            <ReferenceArrayInput source="programmeIds" reference="programmes" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
              <AutocompleteArrayInput optionText="name" helperText="app.users.programmes_hint" filterToQuery={(q: string) => ({ q })} />
            </ReferenceArrayInput>
          )}
        </>
      )}
    </FormDataConsumer>
    <SelectInput source="locale" choices={C.locale} validate={req} />
    {mode === 'create' ? (
      <PasswordInput source="password" validate={[req, passwordRules]} autoComplete="new-password" />
    ) : (
      <>
        <PasswordInput source="password" validate={passwordRules} autoComplete="new-password" helperText="app.users.password_hint" />
        <BooleanInput source="active" />
      </>
    )}
  </>
);
