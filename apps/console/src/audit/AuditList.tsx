import {
  AutocompleteInput,
  DataTable,
  DateInput,
  FilterButton,
  List,
  ReferenceInput,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useLocaleState,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { choices } from '../shared/choices';
import { Col, DateTimeCol } from '../shared/columns';
import { formatDateTime } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { ListPagination } from '../shared/ListPagination';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { SearchBox } from '../shared/SearchBox';
import { ActionField, ActorField, EntityField, EntityIdField, IpField, SealField } from './AuditFields';
import { actionKey, actorText, AUDIT_ACTIONS, AUDIT_ENTITIES, dayBoundIso, dayOf, entityKey, type AuditRecord } from './auditModel';
import { useVerifyChain, VerifyButton, VerifyPanel } from './VerifyChain';

const ACTION_CHOICES = choices('audit_action', AUDIT_ACTIONS);
const ENTITY_CHOICES = choices('audit_entity', AUDIT_ENTITIES);

// A chosen day covers that whole day in Bishkek time; the stored filter is the ISO instant the API compares with.
const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="app.audit.search" />,
  <SelectInput key="action" source="action" choices={ACTION_CHOICES} alwaysOn />,
  <SelectInput key="entity" source="entity" choices={ENTITY_CHOICES} />,
  <ReferenceInput key="actorId" source="actorId" reference="users" sort={{ field: 'fullName', order: 'ASC' }}>
    <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} label="resources.audit-logs.fields.actorId" sx={{ minWidth: 260 }} />
  </ReferenceInput>,
  <TextInput key="entityId" source="entityId" />,
  <DateInput key="from" source="from" parse={(v: string) => dayBoundIso(v, 'from')} format={dayOf} />,
  <DateInput key="to" source="to" parse={(v: string) => dayBoundIso(v, 'to')} format={dayOf} />,
];

const Empty = () => <EmptyState testId="audit-empty" title="app.audit.empty_title" hint="app.audit.empty_hint" />;

// On a phone: who, then when, what and on which kind of record; each row opens the entry as the table row does.
const PhoneRows = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <SimpleList<AuditRecord>
      rowClick="show"
      primaryText={(r) => actorText(r).primary ?? translate('app.audit.system')}
      secondaryText={(r) =>
        joinParts(formatDateTime(r.at, locale), translate(actionKey(r.action), { _: r.action }), translate(entityKey(r.entity), { _: r.entity }))
      }
    />
  );
};

// Every read and change of personal data and every sign-in, newest first; the chain check runs from the toolbar.
export const AuditList = () => {
  const refresh = useRefresh();
  const verify = useVerifyChain(refresh);
  const actions = (
    <TopToolbar>
      <FilterButton />
      <VerifyButton running={verify.state.status === 'running'} onClick={() => void verify.run()} />
    </TopToolbar>
  );
  return (
    <List
      filters={filters}
      actions={actions}
      empty={<Empty />}
      sort={{ field: 'id', order: 'DESC' }}
      perPage={25}
      exporter={false}
      pagination={<ListPagination />}
    >
      <VerifyPanel state={verify.state} onDismiss={verify.dismiss} />
      <ResponsiveList phone={<PhoneRows />}>
        <DataTable<AuditRecord> rowClick="show" bulkActionButtons={false} data-testid="audit-list">
          <DataTable.Col source="id" sx={{ whiteSpace: 'nowrap' }} />
          <DateTimeCol source="at" sx={{ whiteSpace: 'nowrap' }} />
          <DataTable.Col source="actorId" field={ActorField} disableSort />
          <DataTable.Col source="action" field={ActionField} disableSort />
          <DataTable.Col source="entity" field={EntityField} disableSort />
          {/* the record's id and the address are on the entry's page; from xl they show here too */}
          <Col source="entityId" field={EntityIdField} disableSort hideBelow="xl" />
          <Col source="ip" field={IpField} disableSort sx={{ whiteSpace: 'nowrap' }} hideBelow="xl" />
          <DataTable.Col source="seq" field={SealField} />
        </DataTable>
      </ResponsiveList>
    </List>
  );
};
