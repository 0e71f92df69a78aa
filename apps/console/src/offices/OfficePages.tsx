import { Create, DataTable, Edit, List, SelectField, SelectInput, SimpleForm, SimpleList, useTranslate } from 'react-admin';
import { C } from '../shared/choices';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { SearchBox } from '../shared/SearchBox';
import { OfficeInputs } from './OfficeInputs';
import { toOfficePayload } from './officeModel';

const filters = [<SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />, <SelectInput key="oblast" source="oblast" choices={C.oblast} />];

type OfficeRow = { id: string; name: string; oblast: string; district?: string | null };

// On a phone: the name, then the region and the district; each row opens the office's form.
const PhoneRows = () => {
  const translate = useTranslate();
  return (
    <SimpleList<OfficeRow>
      rowClick="edit"
      primaryText={(r) => r.name}
      secondaryText={(r) => joinParts(translate(`enums.oblast.${r.oblast}`, { _: r.oblast }), r.district)}
    />
  );
};

export const OfficeList = () => (
  <List filters={filters} exporter={false} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <ResponsiveList phone={<PhoneRows />}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="oblast">
          <SelectField source="oblast" choices={C.oblast} />
        </DataTable.Col>
        <DataTable.Col source="district" />
      </DataTable>
    </ResponsiveList>
  </List>
);

export const OfficeCreate = () => (
  <Create transform={toOfficePayload} redirect="list">
    <SimpleForm>
      <OfficeInputs />
    </SimpleForm>
  </Create>
);

export const OfficeEdit = () => (
  <Edit transform={toOfficePayload} mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <OfficeInputs />
    </SimpleForm>
  </Edit>
);
