import HandshakeIcon from '@mui/icons-material/Handshake';
import { lazyNamed } from '../shared/lazyNamed';
import type { OrganizationRecord } from './organizationModel';

export default {
  list: lazyNamed(() => import('./OrganizationPages'), 'OrganizationList'),
  create: lazyNamed(() => import('./OrganizationPages'), 'OrganizationCreate'),
  edit: lazyNamed(() => import('./OrganizationPages'), 'OrganizationEdit'),
  icon: HandshakeIcon,
  recordRepresentation: (o: OrganizationRecord) => o.name,
};
