import { Module } from '@nestjs/common';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { CaseloadRepository } from './caseload.repository';
import { DashboardRepository } from './dashboard.repository';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

@Module({
  imports: [FollowUpsModule],
  controllers: [SupervisionController],
  providers: [SupervisionService, CaseloadRepository, DashboardRepository],
  exports: [SupervisionService],
})
export class SupervisionModule {}
