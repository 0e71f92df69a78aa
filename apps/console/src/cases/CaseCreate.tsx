import { Create, SimpleForm } from 'react-admin';
import { CaseInputs } from './CaseInputs';
import { caseDefaults, toCaseCreate } from './caseModel';

// Opened from scratch, or from a returnee's page with the returnee preselected (location state).
export const CaseCreate = () => (
  <Create transform={toCaseCreate} redirect="show">
    <SimpleForm defaultValues={caseDefaults()} warnWhenUnsavedChanges>
      <CaseInputs mode="create" />
    </SimpleForm>
  </Create>
);
