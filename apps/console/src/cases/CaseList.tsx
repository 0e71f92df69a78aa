import {
  AutocompleteInput,
  BooleanInput,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  ReferenceInput,
  SimpleList,
  TopToolbar,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { C } from '../shared/choices';
import { EmptyState } from '../shared/EmptyState';
import { choiceFilters } from '../shared/filters';
import { ListPagination } from '../shared/ListPagination';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { SearchBox } from '../shared/SearchBox';
import { BulkReassignButton } from './BulkReassignButton';
import { CaseDueAt, caseColumns } from './caseColumns';
import type { CaseRecord } from './caseModel';

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

// On a phone: the code and the service, then the status and the person, with the due time (marked when overdue);
// each row opens the case as the table row does. Reassigning several cases at once is for the table (from 'sm' up).
const PhoneRows = () => {
  const translate = useTranslate();
  return (
    <SimpleList<CaseRecord>
      rowClick="show"
      primaryText={(r) => joinParts(r.code, translate(`enums.case_type.${r.type}`, { _: r.type }))}
      secondaryText={(r) => (
        <>
          {joinParts(translate(`enums.case_status.${r.status}`, { _: r.status }), r.returneeName)}
          {r.dueAt && (
            <>
              {' · '}
              <CaseDueAt />
            </>
          )}
        </>
      )}
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
      <ResponsiveList phone={<PhoneRows />}>
        <DataTable rowClick="show" bulkActionButtons={permissions === 'supervisor' ? <BulkReassignButton /> : false}>
          {/* at laptop width (lg) the priority and the opening date give way; narrower, the person too */}
          {caseColumns(['code', 'title', 'returneeName', 'type', 'status', 'priority', 'assigneeId', 'openedAt', 'dueAt'], {
            returneeName: { hideBelow: 'lg' },
            priority: { hideBelow: 'xl' },
            openedAt: { hideBelow: 'xl' },
          })}
        </DataTable>
      </ResponsiveList>
    </List>
  );
};
