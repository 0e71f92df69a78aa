import { Edit, SimpleForm } from 'react-admin';
import { SaveOnlyToolbar } from '../shared/SaveOnlyToolbar';
import { ReturneeInputs } from './ReturneeInputs';
import { ReturneeTitle } from './ReturneeTitle';
import { toReturneeUpdate } from './returneeModel';

// Pessimistic: the API may answer 409 (stale version, duplicate PIN) or field errors, which must reach the form.
export const ReturneeEdit = () => (
  <Edit title={<ReturneeTitle />} transform={toReturneeUpdate} mutationMode="pessimistic" redirect="show">
    <SimpleForm warnWhenUnsavedChanges toolbar={<SaveOnlyToolbar />}>
      <ReturneeInputs />
    </SimpleForm>
  </Edit>
);
