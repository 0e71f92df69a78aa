export { ImportsModule } from './imports.module';
export { ImportService, IMPORT_JOBS, type ImportJobData, type ProgressListener } from './import.service';
export { ImportError, ImportErrorCode } from './imports.errors';
export { errorReportFileName, writeErrorReport } from './error-report';
export { IMPORT_COLUMNS, REQUIRED_COLUMNS, type ImportColumn } from './import-columns';
export type { ImportDto, ImportRowDto } from './dto/import.dto';
export type { ImportMode, ImportStatus } from './import.repository';
export type { Upload } from './multipart';
