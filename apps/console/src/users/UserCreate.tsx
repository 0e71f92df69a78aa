import { Create, SimpleForm } from 'react-admin';
import { UserInputs } from './UserInputs';
import { toUserCreate } from './userModel';

export const UserCreate = () => (
  <Create transform={toUserCreate} redirect="list">
    <SimpleForm defaultValues={{ locale: 'ru', role: 'caseworker' }}>
      <UserInputs mode="create" />
    </SimpleForm>
  </Create>
);
