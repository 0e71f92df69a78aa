import { CreateButton, DataTable, List, ReferenceField, TopToolbar, usePermissions } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';
import { DateTimeField } from '../shared/fields';
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
        <DataTable.Col source="status">
          <ImportStatusField />
        </DataTable.Col>
        <DataTable.Col source="counts" disableSort>
          <ImportCountsField />
        </DataTable.Col>
        {/* staff see their own office only */}
        {permissions === 'admin' && (
          <DataTable.Col source="officeId" disableSort>
            <ReferenceField source="officeId" reference="offices" link={false} />
          </DataTable.Col>
        )}
        <DataTable.Col source="createdBy" disableSort>
          <ReferenceField source="createdBy" reference="users" link={false} />
        </DataTable.Col>
        <DataTable.Col source="createdAt">
          <DateTimeField source="createdAt" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
