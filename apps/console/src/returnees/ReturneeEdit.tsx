import { Edit, SimpleForm } from 'react-admin';
import { SaveOnlyToolbar } from '../shared/SaveOnlyToolbar';
import { ReturneeInputs } from './ReturneeInputs';
import { toReturneeUpdate } from './returneeModel';

// Pessimistic: the API may answer 409 (stale version, duplicate PIN) or field errors, which must reach the form.
export const ReturneeEdit = () => (
  <Edit transform={toReturneeUpdate} mutationMode="pessimistic" redirect="show">
    <SimpleForm warnWhenUnsavedChanges toolbar={<SaveOnlyToolbar />}>
      <ReturneeInputs />
    </SimpleForm>
  </Edit>
);
