import BusinessIcon from '@mui/icons-material/Business';
import { lazyNamed } from '../shared/lazyNamed';
import type { OfficeRecord } from './officeModel';

export default {
  list: lazyNamed(() => import('./OfficePages'), 'OfficeList'),
  create: lazyNamed(() => import('./OfficePages'), 'OfficeCreate'),
  edit: lazyNamed(() => import('./OfficePages'), 'OfficeEdit'),
  icon: BusinessIcon,
  recordRepresentation: (o: OfficeRecord) => o.name,
};
