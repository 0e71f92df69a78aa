import { Edit, SimpleForm } from 'react-admin';
import { SaveOnlyToolbar } from '../shared/SaveOnlyToolbar';
import { CaseInputs } from './CaseInputs';
import { toCaseUpdate } from './caseModel';

// Pessimistic so 409 (stale version) and field errors come back to this form.
export const CaseEdit = () => (
  <Edit transform={toCaseUpdate} mutationMode="pessimistic" redirect="show">
    <SimpleForm warnWhenUnsavedChanges toolbar={<SaveOnlyToolbar />}>
      <CaseInputs mode="edit" />
    </SimpleForm>
  </Edit>
);
