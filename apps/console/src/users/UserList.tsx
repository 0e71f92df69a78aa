import { BooleanField, DataTable, List, NullableBooleanInput, SimpleList, useTranslate } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol, Col, DateTimeCol, ReferenceCol } from '../shared/columns';
import { choiceFilters } from '../shared/filters';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { SearchBox } from '../shared/SearchBox';

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />,
  ...choiceFilters({ role: C.role }),
  <NullableBooleanInput key="active" source="active" />,
];

type UserRow = { id: string; fullName: string; email: string; role: string; active: boolean };

// On a phone: the name, then the role and the email; each row opens the user's form as the table row does.
const PhoneRows = () => {
  const translate = useTranslate();
  return (
    <SimpleList<UserRow>
      rowClick="edit"
      primaryText={(r) => r.fullName}
      secondaryText={(r) => joinParts(translate(`enums.role.${r.role}`, { _: r.role }), r.email, !r.active && translate('app.users.deactivated'))}
    />
  );
};

export const UserList = () => (
  <List filters={filters} exporter={false} sort={{ field: 'fullName', order: 'ASC' }} perPage={25}>
    <ResponsiveList phone={<PhoneRows />}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="fullName" />
        <DataTable.Col source="email" />
        <ChoiceCol source="role" choices={C.role} />
        <ReferenceCol source="officeId" reference="offices" text="name" emptyText="app.not_set" />
        <ReferenceCol source="organizationId" reference="organizations" text="name" emptyText="app.not_set" />
        <Col source="active" field={BooleanField} disableSort hideBelow="md" />
        <DateTimeCol source="lastLoginAt" emptyText="app.not_set" hideBelow="xl" />
      </DataTable>
    </ResponsiveList>
  </List>
);
