import { BooleanField, DataTable, List, ReferenceField, SelectField, SelectInput, TextField, NullableBooleanInput } from 'react-admin';
import { C } from '../shared/choices';
import { DateTimeField } from '../shared/fields';
import { SearchBox } from '../shared/SearchBox';

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />,
  <SelectInput key="role" source="role" choices={C.role} />,
  <NullableBooleanInput key="active" source="active" />,
];

export const UserList = () => (
  <List filters={filters} exporter={false} sort={{ field: 'fullName', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="fullName" />
      <DataTable.Col source="email" />
      <DataTable.Col source="role">
        <SelectField source="role" choices={C.role} />
      </DataTable.Col>
      <DataTable.Col source="officeId" disableSort>
        <ReferenceField source="officeId" reference="offices" link={false} emptyText="app.not_set">
          <TextField source="name" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="organizationId" disableSort>
        <ReferenceField source="organizationId" reference="organizations" link={false} emptyText="app.not_set">
          <TextField source="name" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="active" disableSort>
        <BooleanField source="active" />
      </DataTable.Col>
      <DataTable.Col source="lastLoginAt">
        <DateTimeField source="lastLoginAt" emptyText="app.not_set" />
      </DataTable.Col>
    </DataTable>
  </List>
);
