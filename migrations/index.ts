// Append-only: add new migrations at the end; never edit one that has landed.
import { AccessDirectoryAudit1764100000000 } from './1764100000000-AccessDirectoryAudit';

export const MIGRATIONS = [AccessDirectoryAudit1764100000000];
