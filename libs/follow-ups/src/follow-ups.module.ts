import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { NotificationsModule } from '@kaytuu/notifications';
import { ReturneesModule } from '@kaytuu/returnees';
import { FollowUpController } from './follow-up.controller';
import { FollowUpHooks } from './follow-up-hooks';
import { FollowUp } from './follow-up.entity';
import { FollowUpPathwayService } from './follow-up-pathway.service';
import { FollowUpPlanController } from './follow-up-plan.controller';
import { FollowUpRepository } from './follow-up.repository';
import { FollowUpService } from './follow-up.service';
import { Reminder } from './reminder.entity';
import { ReminderRepository } from './reminder.repository';
import { ReminderService } from './reminder.service';

@Module({
  imports: [TypeOrmModule.forFeature([FollowUp, Reminder]), CasesModule, ReturneesModule, NotificationsModule],
  controllers: [FollowUpController, FollowUpPlanController],
  providers: [FollowUpHooks, FollowUpService, FollowUpPathwayService, ReminderService, FollowUpRepository, ReminderRepository],
  exports: [FollowUpService, ReminderService, FollowUpHooks],
})
export class FollowUpsModule {}
