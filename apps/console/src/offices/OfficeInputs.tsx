import { SelectInput, TextInput, required } from 'react-admin';
import { C } from '../shared/choices';

const req = required();

export const OfficeInputs = () => (
  <>
    <TextInput source="name" validate={req} />
    <SelectInput source="oblast" choices={C.oblast} validate={req} />
    <TextInput source="district" validate={req} />
  </>
);
