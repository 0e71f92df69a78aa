import { AutocompleteInput, BooleanInput, CreateButton, DataTable, FilterButton, List, ReferenceInput, TopToolbar, usePermissions } from 'react-admin';
import { C } from '../shared/choices';
import { EmptyState } from '../shared/EmptyState';
import { choiceFilters } from '../shared/filters';
import { ListPagination } from '../shared/ListPagination';
import { SearchBox } from '../shared/SearchBox';
import { BulkReassignButton } from './BulkReassignButton';
import { caseColumns } from './caseColumns';

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />,
  <BooleanInput key="mine" source="mine" alwaysOn />,
  <BooleanInput key="overdue" source="overdue" />,
  ...choiceFilters({ type: C.caseType, status: C.caseStatus, priority: C.casePriority }),
  <ReferenceInput key="assigneeId" source="assigneeId" reference="users" sort={{ field: 'fullName', order: 'ASC' }}>
    <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
];

const canOpen = (role: unknown) => role === 'supervisor' || role === 'caseworker';

const ListActions = () => {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      <FilterButton />
      {canOpen(permissions) && <CreateButton label="app.cases.create" />}
    </TopToolbar>
  );
};

const Empty = () => {
  const { permissions } = usePermissions();
  return (
    <EmptyState
      testId="cases-empty"
      title="app.cases.empty_title"
      hint="app.cases.empty_hint"
      action={canOpen(permissions) ? <CreateButton variant="contained" label="app.cases.create" /> : undefined}
    />
  );
};

// The list also takes `?filter=` links (caseload click-through, notifications); only supervisors select rows to reassign.
export const CaseList = () => {
  const { permissions } = usePermissions();
  return (
    <List
      filters={filters}
      actions={<ListActions />}
      empty={<Empty />}
      sort={{ field: 'openedAt', order: 'DESC' }}
      perPage={25}
      pagination={<ListPagination />}
    >
      <DataTable rowClick="show" bulkActionButtons={permissions === 'supervisor' ? <BulkReassignButton /> : false}>
        {caseColumns(['code', 'title', 'returneeName', 'type', 'status', 'priority', 'assigneeId', 'openedAt', 'dueAt'])}
      </DataTable>
    </List>
  );
};
