import { BooleanField, Create, DataTable, Edit, List, NullableBooleanInput, SaveButton, SimpleForm, SimpleList, Toolbar, useTranslate } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol, Col } from '../shared/columns';
import { DeactivateButton } from '../shared/DeactivateButton';
import { EnumArrayField } from '../shared/fields';
import { choiceFilters } from '../shared/filters';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { SearchBox } from '../shared/SearchBox';
import { OrganizationInputs } from './OrganizationInputs';
import { toOrganizationPayload } from './organizationModel';

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />,
  ...choiceFilters({ kind: C.orgKind, service: C.caseType, oblast: C.oblast, sector: C.sector }),
  <NullableBooleanInput key="active" source="active" />,
];

type OrganizationRow = { id: string; name: string; kind: string; services?: string[]; active: boolean };

// On a phone: the name, then the kind and the services; each row opens the organisation's form.
const PhoneRows = () => {
  const translate = useTranslate();
  return (
    <SimpleList<OrganizationRow>
      rowClick="edit"
      primaryText={(r) => r.name}
      secondaryText={(r) =>
        joinParts(
          translate(`enums.org_kind.${r.kind}`, { _: r.kind }),
          ...(r.services ?? []).map((v) => translate(`enums.case_type.${v}`, { _: v })),
          !r.active && translate('app.organizations.deactivated'),
        )
      }
    />
  );
};

export const OrganizationList = () => (
  <List filters={filters} exporter={false} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <ResponsiveList phone={<PhoneRows />}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <ChoiceCol source="kind" choices={C.orgKind} />
        <DataTable.Col source="services" disableSort>
          <EnumArrayField source="services" group="case_type" />
        </DataTable.Col>
        <Col source="contactEmail" disableSort hideBelow="lg" />
        <DataTable.Col source="active" field={BooleanField} disableSort />
      </DataTable>
    </ResponsiveList>
  </List>
);

const labels = {
  button: 'app.organizations.deactivate',
  title: 'app.organizations.deactivate_title',
  content: 'app.organizations.deactivate_content',
  done: 'app.organizations.deactivated',
};

// DELETE deactivates an organisation; it is never removed.
const OrganizationToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeactivateButton labels={labels} />
  </Toolbar>
);

export const OrganizationCreate = () => (
  <Create transform={toOrganizationPayload} redirect="list">
    <SimpleForm defaultValues={{ kind: 'ngo', services: [], oblasts: [], sectors: [], capacity: null, active: true }}>
      <OrganizationInputs />
    </SimpleForm>
  </Create>
);

export const OrganizationEdit = () => (
  <Edit transform={toOrganizationPayload} mutationMode="pessimistic" redirect="list">
    <SimpleForm toolbar={<OrganizationToolbar />}>
      <OrganizationInputs />
    </SimpleForm>
  </Edit>
);
