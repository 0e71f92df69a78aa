import { BooleanField, Create, DataTable, Edit, List, NullableBooleanInput, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol } from '../shared/columns';
import { DeactivateButton } from '../shared/DeactivateButton';
import { EnumArrayField } from '../shared/fields';
import { choiceFilters } from '../shared/filters';
import { SearchBox } from '../shared/SearchBox';
import { OrganizationInputs } from './OrganizationInputs';
import { toOrganizationPayload } from './organizationModel';

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />,
  ...choiceFilters({ kind: C.orgKind, service: C.caseType, oblast: C.oblast, sector: C.sector }),
  <NullableBooleanInput key="active" source="active" />,
];

export const OrganizationList = () => (
  <List filters={filters} exporter={false} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <ChoiceCol source="kind" choices={C.orgKind} />
      <DataTable.Col source="services" disableSort>
        <EnumArrayField source="services" group="case_type" />
      </DataTable.Col>
      <DataTable.Col source="contactEmail" disableSort />
      <DataTable.Col source="active" field={BooleanField} disableSort />
    </DataTable>
  </List>
);

const labels = {
  button: 'app.organizations.deactivate',
  title: 'app.organizations.deactivate_title',
  content: 'app.organizations.deactivate_content',
  done: 'app.organizations.deactivated',
};

// DELETE deactivates an organisation; it is never removed.
const OrganizationToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeactivateButton labels={labels} />
  </Toolbar>
);

export const OrganizationCreate = () => (
  <Create transform={toOrganizationPayload} redirect="list">
    <SimpleForm defaultValues={{ kind: 'ngo', services: [], oblasts: [], sectors: [], capacity: null, active: true }}>
      <OrganizationInputs />
    </SimpleForm>
  </Create>
);

export const OrganizationEdit = () => (
  <Edit transform={toOrganizationPayload} mutationMode="pessimistic" redirect="list">
    <SimpleForm toolbar={<OrganizationToolbar />}>
      <OrganizationInputs />
    </SimpleForm>
  </Edit>
);
