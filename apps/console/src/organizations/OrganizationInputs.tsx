import { BooleanInput, CheckboxGroupInput, SelectInput, TextInput, email, required } from 'react-admin';
import { C } from '../shared/choices';

const req = required();

export const OrganizationInputs = () => (
  <>
    <TextInput source="name" validate={req} />
    <SelectInput source="kind" choices={C.orgKind} validate={req} />
    <CheckboxGroupInput source="services" choices={C.caseType} />
    <CheckboxGroupInput source="oblasts" choices={C.oblast} />
    <TextInput source="contactEmail" type="email" validate={[req, email()]} />
    <TextInput source="webhookUrl" type="url" />
    <TextInput source="notes" multiline />
    <BooleanInput source="active" />
  </>
);
