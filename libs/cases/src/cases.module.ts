import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '@kaytuu/notifications';
import { ReturneesModule } from '@kaytuu/returnees';
import { CaseEvent } from './case-event.entity';
import { CaseEventRepository } from './case-event.repository';
import { CaseFile } from './case-file.entity';
import { CaseRepository } from './case-file.repository';
import { CaseController } from './case.controller';
import { CaseHooks } from './case-hooks';
import { CaseQueryService } from './case-query.service';
import { CaseTimelineService } from './case-timeline.service';
import { CaseService } from './case.service';

@Module({
  imports: [TypeOrmModule.forFeature([CaseFile, CaseEvent]), ReturneesModule, NotificationsModule],
  controllers: [CaseController],
  providers: [CaseService, CaseQueryService, CaseTimelineService, CaseRepository, CaseEventRepository, CaseHooks],
  exports: [CaseService, CaseQueryService, CaseTimelineService, CaseHooks],
})
export class CasesModule {}
