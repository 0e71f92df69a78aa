import {
  BooleanField,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  NullableBooleanInput,
  SimpleList,
  TopToolbar,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { ChildWithoutCaregiverIcon } from '../household/ChildFlag';
import { C } from '../shared/choices';
import { ChoiceCol, Col, DateTimeCol } from '../shared/columns';
import { EmptyState } from '../shared/EmptyState';
import { DayField } from '../shared/fields';
import { choiceFilters } from '../shared/filters';
import { ListPagination } from '../shared/ListPagination';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
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

type ReturneeRow = {
  id: string;
  code: string;
  lastName: string;
  firstName: string;
  patronymic?: string | null;
  oblast?: string | null;
  childWithoutCaregiver?: boolean;
};

// On a phone: the name, then the code and the region, each row opening the returnee as the table row does.
const PhoneRows = () => {
  const translate = useTranslate();
  return (
    <SimpleList<ReturneeRow>
      rowClick="show"
      primaryText={(r) => [r.lastName, r.firstName, r.patronymic].filter(Boolean).join(' ')}
      secondaryText={(r) =>
        joinParts(r.code, r.oblast && translate(`enums.oblast.${r.oblast}`, { _: r.oblast }), r.childWithoutCaregiver && translate('app.household.flag'))
      }
    />
  );
};

// At laptop width (lg) the less used columns give way; all show from xl.
export const ReturneeList = () => (
  <List filters={filters} actions={<ListActions />} empty={<Empty />} sort={{ field: 'updatedAt', order: 'DESC' }} perPage={25} pagination={<ListPagination />}>
    <ResponsiveList phone={<PhoneRows />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        {/* codes like KT-2026-000123 must not break at the hyphens */}
        <DataTable.Col source="code" sx={{ whiteSpace: 'nowrap' }} />
        <DataTable.Col
          source="lastName"
          render={(r: ReturneeRow) => (
            <>
              {r.lastName}
              {r.childWithoutCaregiver && <ChildWithoutCaregiverIcon />}
            </>
          )}
        />
        <DataTable.Col source="firstName" />
        <Col source="patronymic" disableSort hideBelow="md" />
        <Col source="birthDate" field={DayField} hideBelow="md" />
        <ChoiceCol source="sex" choices={C.sex} disableSort hideBelow="xl" />
        <ChoiceCol source="oblast" choices={C.oblast} disableSort />
        <ChoiceCol source="lastCountry" choices={C.country} disableSort hideBelow="xl" />
        <ChoiceCol source="lastReturnReason" choices={C.returnReason} disableSort hideBelow="md" />
        <Col source="entryBanActive" field={BooleanField} disableSort hideBelow="xl" />
        <DateTimeCol source="updatedAt" hideBelow="xl" />
      </DataTable>
    </ResponsiveList>
  </List>
);
