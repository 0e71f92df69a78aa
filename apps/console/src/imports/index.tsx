import UploadFileIcon from '@mui/icons-material/UploadFile';
import { lazyNamed } from '../shared/lazyNamed';
import type { ImportRecord } from './importModel';

export default {
  list: lazyNamed(() => import('./ImportList'), 'ImportList'),
  create: lazyNamed(() => import('./ImportCreate'), 'ImportCreate'),
  show: lazyNamed(() => import('./ImportShow'), 'ImportShow'),
  icon: UploadFileIcon,
  recordRepresentation: (r: ImportRecord) => r.fileName,
};
