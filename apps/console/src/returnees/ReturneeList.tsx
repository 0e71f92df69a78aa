import {
  BooleanField, CreateButton, DataTable, FilterButton, List, NullableBooleanInput, SelectField, SelectInput, TopToolbar,
  usePermissions,
} from 'react-admin';
import { C } from '../shared/choices';
import { EmptyState } from '../shared/EmptyState';
import { ListPagination } from '../shared/ListPagination';
import { DateTimeField, DayField } from '../shared/fields';
import { SearchBox } from '../shared/SearchBox';

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="app.returnees.search" />,
  <SelectInput key="oblast" source="oblast" choices={C.oblast} />,
  <SelectInput key="sex" source="sex" choices={C.sex} />,
  <SelectInput key="ageBand" source="ageBand" choices={C.ageBand} />,
  <SelectInput key="returnReason" source="returnReason" choices={C.returnReason} />,
  <NullableBooleanInput key="entryBan" source="entryBan" />,
  <SelectInput key="vulnerability" source="vulnerability" choices={C.vulnerability} />,
];

const canRegister = (role: unknown) => role === 'supervisor' || role === 'caseworker';

// no export button: exports go through the audited report endpoints
const ListActions = () => {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      <FilterButton />
      {canRegister(permissions) && <CreateButton label="app.returnees.register" />}
    </TopToolbar>
  );
};

const Empty = () => {
  const { permissions } = usePermissions();
  return (
    <EmptyState
      testId="returnees-empty"
      title="app.returnees.empty_title"
      hint="app.returnees.empty_hint"
      action={canRegister(permissions) ? <CreateButton variant="contained" label="app.returnees.register" /> : undefined}
    />
  );
};

export const ReturneeList = () => (
  <List filters={filters} actions={<ListActions />} empty={<Empty />} sort={{ field: 'updatedAt', order: 'DESC' }} perPage={25} pagination={<ListPagination />}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      {/* codes like KT-2026-000123 must not break at the hyphens */}
      <DataTable.Col source="code" sx={{ whiteSpace: 'nowrap' }} />
      <DataTable.Col source="lastName" />
      <DataTable.Col source="firstName" />
      <DataTable.Col source="patronymic" disableSort />
      <DataTable.Col source="birthDate">
        <DayField source="birthDate" />
      </DataTable.Col>
      <DataTable.Col source="sex" disableSort>
        <SelectField source="sex" choices={C.sex} />
      </DataTable.Col>
      <DataTable.Col source="oblast" disableSort>
        <SelectField source="oblast" choices={C.oblast} />
      </DataTable.Col>
      <DataTable.Col source="lastCountry" disableSort>
        <SelectField source="lastCountry" choices={C.country} />
      </DataTable.Col>
      <DataTable.Col source="lastReturnReason" disableSort>
        <SelectField source="lastReturnReason" choices={C.returnReason} />
      </DataTable.Col>
      <DataTable.Col source="entryBanActive" disableSort>
        <BooleanField source="entryBanActive" />
      </DataTable.Col>
      <DataTable.Col source="updatedAt">
        <DateTimeField source="updatedAt" />
      </DataTable.Col>
    </DataTable>
  </List>
);
