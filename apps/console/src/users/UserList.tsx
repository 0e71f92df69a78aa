import { BooleanField, DataTable, List, NullableBooleanInput } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol, DateTimeCol, ReferenceCol } from '../shared/columns';
import { choiceFilters } from '../shared/filters';
import { SearchBox } from '../shared/SearchBox';

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />,
  ...choiceFilters({ role: C.role }),
  <NullableBooleanInput key="active" source="active" />,
];

export const UserList = () => (
  <List filters={filters} exporter={false} sort={{ field: 'fullName', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="fullName" />
      <DataTable.Col source="email" />
      <ChoiceCol source="role" choices={C.role} />
      <ReferenceCol source="officeId" reference="offices" text="name" emptyText="app.not_set" />
      <ReferenceCol source="organizationId" reference="organizations" text="name" emptyText="app.not_set" />
      <DataTable.Col source="active" field={BooleanField} disableSort />
      <DateTimeCol source="lastLoginAt" emptyText="app.not_set" />
    </DataTable>
  </List>
);
