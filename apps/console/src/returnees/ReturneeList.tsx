import { BooleanField, CreateButton, DataTable, FilterButton, List, NullableBooleanInput, TopToolbar, usePermissions } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol, DateTimeCol } from '../shared/columns';
import { EmptyState } from '../shared/EmptyState';
import { DayField } from '../shared/fields';
import { choiceFilters } from '../shared/filters';
import { ListPagination } from '../shared/ListPagination';
import { SearchBox } from '../shared/SearchBox';

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="app.returnees.search" />,
  ...choiceFilters({ oblast: C.oblast, sex: C.sex, ageBand: C.ageBand, returnReason: C.returnReason }),
  <NullableBooleanInput key="entryBan" source="entryBan" />,
  ...choiceFilters({ vulnerability: C.vulnerability }),
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
      <DataTable.Col source="birthDate" field={DayField} />
      <ChoiceCol source="sex" choices={C.sex} disableSort />
      <ChoiceCol source="oblast" choices={C.oblast} disableSort />
      <ChoiceCol source="lastCountry" choices={C.country} disableSort />
      <ChoiceCol source="lastReturnReason" choices={C.returnReason} disableSort />
      <DataTable.Col source="entryBanActive" field={BooleanField} disableSort />
      <DateTimeCol source="updatedAt" />
    </DataTable>
  </List>
);
