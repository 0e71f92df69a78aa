import { CreateButton, DataTable, List, TopToolbar, usePermissions } from 'react-admin';
import { DateTimeCol, ReferenceCol } from '../shared/columns';
import { EmptyState } from '../shared/EmptyState';
import { ListPagination } from '../shared/ListPagination';
import { ImportCountsField, ImportStatusField } from './ImportFields';

const ListActions = () => (
  <TopToolbar>
    <CreateButton label="app.imports.new" data-testid="import-new" />
  </TopToolbar>
);

const Empty = () => (
  <EmptyState
    testId="imports-empty"
    title="app.imports.empty_title"
    hint="app.imports.empty_hint"
    action={<CreateButton variant="contained" label="app.imports.new" data-testid="import-new" />}
  />
);

// Past imports, newest first; a row opens the import where it stands (progress, preview or summary).
export const ImportList = () => {
  const { permissions } = usePermissions();
  return (
    <List actions={<ListActions />} empty={<Empty />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} pagination={<ListPagination />}>
      <DataTable rowClick="show" bulkActionButtons={false} data-testid="import-list">
        <DataTable.Col source="fileName" />
        <DataTable.Col source="status" field={ImportStatusField} />
        <DataTable.Col source="counts" field={ImportCountsField} disableSort />
        {/* staff see their own office only */}
        {permissions === 'admin' && <ReferenceCol source="officeId" reference="offices" />}
        <ReferenceCol source="createdBy" reference="users" />
        <DateTimeCol source="createdAt" />
      </DataTable>
    </List>
  );
};
