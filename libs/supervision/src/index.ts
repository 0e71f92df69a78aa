export { SupervisionModule } from './supervision.module';
export { SupervisionService } from './supervision.service';
export type { CaseloadRowDto, DashboardDto, MyDashboardDto } from './supervision.dto';
