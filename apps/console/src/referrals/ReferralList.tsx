import { AutocompleteInput, BooleanInput, DataTable, FilterButton, List, ReferenceInput, SelectArrayInput, TopToolbar, usePermissions } from 'react-admin';
import { choices } from '../shared/choices';
import { EmptyState } from '../shared/EmptyState';
import { ListPagination } from '../shared/ListPagination';
import { ResponsiveList } from '../shared/ResponsiveList';
import { SearchBox } from '../shared/SearchBox';
import { ReferralPhoneList, referralColumns } from './referralColumns';
import { LIST_HIDE_BELOW, referralListColumns } from './referralColumnSets';
import { REFERRAL_STATUSES, type Referral } from './referralModel';

const STATUS_CHOICES = choices('referral_status', REFERRAL_STATUSES);
// switched off means "all", not "false": the API reads overdue=false / mine=false as a filter of its own
const onlyTrue = (v: boolean) => (v ? true : undefined);

// NGO staff see their organisation's referrals only, so organisation and case search are for the office side.
const filtersFor = (ngo: boolean, staff: boolean) => [
  ...(ngo ? [] : [<SearchBox key="q" source="q" alwaysOn hint="app.referrals.search" />]),
  <SelectArrayInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn sx={{ minWidth: 220 }} />,
  <BooleanInput key="overdue" source="overdue" parse={onlyTrue} />,
  ...(staff ? [<BooleanInput key="mine" source="mine" parse={onlyTrue} />] : []),
  ...(ngo
    ? []
    : [
        <ReferenceInput key="organizationId" source="organizationId" reference="organizations" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} />
        </ReferenceInput>,
      ]),
];

const Actions = () => (
  <TopToolbar>
    <FilterButton />
  </TopToolbar>
);

const Empty = () => {
  const { permissions } = usePermissions();
  const ngo = permissions === 'ngo_staff';
  return <EmptyState testId="referrals-empty" title="app.referrals.empty_title" hint={ngo ? 'app.dashboard.ngo_empty' : 'app.referrals.empty_hint'} />;
};

// Referrals of the office (staff, admin) or addressed to the organisation (NGO staff); newest first.
export const ReferralList = () => {
  const { permissions } = usePermissions();
  const ngo = permissions === 'ngo_staff';
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  return (
    <List
      filters={filtersFor(ngo, staff)}
      actions={<Actions />}
      empty={<Empty />}
      sort={{ field: 'sentAt', order: 'DESC' }}
      perPage={25}
      exporter={false}
      pagination={<ListPagination />}
    >
      <ResponsiveList phone={<ReferralPhoneList ngo={ngo} />}>
        <DataTable<Referral> rowClick="show" bulkActionButtons={false}>
          {referralColumns(referralListColumns(permissions), { sortable: true, hideBelow: LIST_HIDE_BELOW })}
        </DataTable>
      </ResponsiveList>
    </List>
  );
};
