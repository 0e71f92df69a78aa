import { BooleanInput, CheckboxGroupInput, NumberInput, SelectInput, TextInput, email, required, type Validator } from 'react-admin';
import { C } from '../shared/choices';
import { nonNegative } from '../shared/validators';

const req = required();
const wholeNumber: Validator = (value: unknown) =>
  value == null || value === '' || Number.isInteger(Number(value)) ? undefined : 'app.organizations.capacity_whole';

export const OrganizationInputs = () => (
  <>
    <TextInput source="name" validate={req} />
    <SelectInput source="kind" choices={C.orgKind} validate={req} />
    <CheckboxGroupInput source="services" choices={C.caseType} />
    <CheckboxGroupInput source="oblasts" choices={C.oblast} />
    {/* what job-placement matching ranks on: the sectors a partner places people in, and its places a month */}
    <CheckboxGroupInput source="sectors" choices={C.sector} helperText="app.organizations.sectors_hint" />
    <NumberInput source="capacity" min={0} step={1} validate={[nonNegative, wholeNumber]} helperText="app.organizations.capacity_hint" />
    <TextInput source="contactEmail" type="email" validate={[req, email()]} />
    <TextInput source="webhookUrl" type="url" />
    <TextInput source="notes" multiline />
    <BooleanInput source="active" />
  </>
);
