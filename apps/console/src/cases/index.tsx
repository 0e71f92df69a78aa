import AssignmentIcon from '@mui/icons-material/Assignment';
import { lazyNamed } from '../shared/lazyNamed';
import { caseRepresentation } from './caseModel';

export default {
  list: lazyNamed(() => import('./CaseList'), 'CaseList'),
  show: lazyNamed(() => import('./CaseShow'), 'CaseShow'),
  create: lazyNamed(() => import('./CaseCreate'), 'CaseCreate'),
  edit: lazyNamed(() => import('./CaseEdit'), 'CaseEdit'),
  icon: AssignmentIcon,
  recordRepresentation: caseRepresentation,
};
