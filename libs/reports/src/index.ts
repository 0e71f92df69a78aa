export { ReportsModule } from './reports.module';
export { ReportService } from './report.service';
export { REPORTS, type ReportName, DIMENSIONS, type Dimension, PERIODS, type PeriodUnit } from './report-definitions';
export type { ReportResultDto, ReportFilters, ReportCell } from './dto/report-query.dto';
