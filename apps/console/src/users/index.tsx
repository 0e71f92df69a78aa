import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { lazyNamed } from '../shared/lazyNamed';
import type { UserRecord } from './userModel';

export default {
  list: lazyNamed(() => import('./UserList'), 'UserList'),
  create: lazyNamed(() => import('./UserCreate'), 'UserCreate'),
  edit: lazyNamed(() => import('./UserEdit'), 'UserEdit'),
  icon: ManageAccountsIcon,
  recordRepresentation: (u: UserRecord) => u.fullName,
};
