import { CreateButton, DataTable, List, SimpleList, TopToolbar, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import { Col, DateTimeCol, ReferenceCol } from '../shared/columns';
import { formatDateTime } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { ListPagination } from '../shared/ListPagination';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { ImportCountsField, ImportStatusField } from './ImportFields';
import type { ImportRecord } from './importModel';

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

// On a phone: the file, then where it stands and when it was uploaded; each row opens the import.
const PhoneRows = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <SimpleList<ImportRecord>
      rowClick="show"
      primaryText={(r) => r.fileName}
      secondaryText={(r) => joinParts(translate(`enums.import_status.${r.status}`, { _: r.status }), formatDateTime(r.createdAt, locale))}
    />
  );
};

// Past imports, newest first; a row opens the import where it stands (progress, preview or summary).
export const ImportList = () => {
  const { permissions } = usePermissions();
  return (
    <List actions={<ListActions />} empty={<Empty />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} pagination={<ListPagination />}>
      <ResponsiveList phone={<PhoneRows />}>
        <DataTable rowClick="show" bulkActionButtons={false} data-testid="import-list">
          <DataTable.Col source="fileName" />
          <DataTable.Col source="status" field={ImportStatusField} />
          <Col source="counts" field={ImportCountsField} disableSort hideBelow="md" />
          {/* staff see their own office only */}
          {permissions === 'admin' && <ReferenceCol source="officeId" reference="offices" hideBelow="lg" />}
          <ReferenceCol source="createdBy" reference="users" hideBelow="md" />
          <DateTimeCol source="createdAt" />
        </DataTable>
      </ResponsiveList>
    </List>
  );
};
