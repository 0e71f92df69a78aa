import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { lazyNamed } from '../shared/lazyNamed';
import type { AuditRecord } from './auditModel';

// The audit log: read-only, admins only (the API refuses everyone else).
export default {
  list: lazyNamed(() => import('./AuditList'), 'AuditList'),
  show: lazyNamed(() => import('./AuditShow'), 'AuditShow'),
  icon: ReceiptLongIcon,
  recordRepresentation: (r: AuditRecord) => `#${r.id}`,
};
