import PeopleIcon from '@mui/icons-material/People';
import { lazyNamed } from '../shared/lazyNamed';
import { returneeRepresentation } from './returneeModel';

export default {
  list: lazyNamed(() => import('./ReturneeList'), 'ReturneeList'),
  show: lazyNamed(() => import('./ReturneeShow'), 'ReturneeShow'),
  create: lazyNamed(() => import('./ReturneeCreate'), 'ReturneeCreate'),
  edit: lazyNamed(() => import('./ReturneeEdit'), 'ReturneeEdit'),
  icon: PeopleIcon,
  recordRepresentation: returneeRepresentation,
};
