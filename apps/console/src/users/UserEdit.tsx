import { Edit, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { DeactivateButton } from '../shared/DeactivateButton';
import { UserInputs } from './UserInputs';
import { toUserUpdate } from './userModel';

const labels = { button: 'app.users.deactivate', title: 'app.users.deactivate_title', content: 'app.users.deactivate_content', done: 'app.users.deactivated' };

// Users are never deleted: the toolbar offers deactivation instead.
const UserToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeactivateButton labels={labels} />
  </Toolbar>
);

export const UserEdit = () => (
  <Edit transform={toUserUpdate} mutationMode="pessimistic" redirect="list">
    <SimpleForm toolbar={<UserToolbar />}>
      <UserInputs mode="edit" />
    </SimpleForm>
  </Edit>
);
