import SavingsIcon from '@mui/icons-material/Savings';
import { lazyNamed } from '../shared/lazyNamed';
import type { Programme } from './assistanceModel';

// Assistance programmes: admins manage them (the API lets office staff and donors read them elsewhere).
export default {
  list: lazyNamed(() => import('./ProgrammePages'), 'ProgrammeList'),
  create: lazyNamed(() => import('./ProgrammePages'), 'ProgrammeCreate'),
  edit: lazyNamed(() => import('./ProgrammePages'), 'ProgrammeEdit'),
  show: lazyNamed(() => import('./ProgrammePages'), 'ProgrammeShow'),
  icon: SavingsIcon,
  recordRepresentation: (p: Programme) => p.name,
};
