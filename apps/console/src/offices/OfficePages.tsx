import { Create, DataTable, Edit, List, SelectField, SelectInput, SimpleForm } from 'react-admin';
import { C } from '../shared/choices';
import { SearchBox } from '../shared/SearchBox';
import { OfficeInputs } from './OfficeInputs';
import { toOfficePayload } from './officeModel';

const filters = [<SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />, <SelectInput key="oblast" source="oblast" choices={C.oblast} />];

export const OfficeList = () => (
  <List filters={filters} exporter={false} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="oblast">
        <SelectField source="oblast" choices={C.oblast} />
      </DataTable.Col>
      <DataTable.Col source="district" />
    </DataTable>
  </List>
);

export const OfficeCreate = () => (
  <Create transform={toOfficePayload} redirect="list">
    <SimpleForm>
      <OfficeInputs />
    </SimpleForm>
  </Create>
);

export const OfficeEdit = () => (
  <Edit transform={toOfficePayload} mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <OfficeInputs />
    </SimpleForm>
  </Edit>
);
