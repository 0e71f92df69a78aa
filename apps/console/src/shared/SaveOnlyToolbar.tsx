import { SaveButton, Toolbar } from 'react-admin';

// Office staff may not delete returnees or cases (admin-only soft delete), so their edit forms only save.
export const SaveOnlyToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);
