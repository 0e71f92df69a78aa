import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { DirectoryModule } from '@kaytuu/directory';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { NotificationsModule } from '@kaytuu/notifications';
import { ReintegrationModule } from '@kaytuu/reintegration';
import { MessagingModule } from '../messaging.module';
import { AppointmentReminderService } from './appointment-reminder.service';
import { CheckinController } from './checkin.controller';
import { CheckinRepository } from './checkin.repository';
import { CheckinService } from './checkin.service';
import { MonitoringSelfReport } from './monitoring-self-report.entity';
import { MonitoringSelfReportRepository } from './monitoring-self-report.repository';
import { SelfReportService } from './self-report.service';

// What messages to the returnee are for (issue 18): appointment reminders of visits and calls, TB treatment
// check-ins, self-reported monitoring. Sends only through MessagingService; reaches follow-ups, cases, reintegration and
// notifications through their services. Imported by the API (routes, hooks) and the worker (the check-in sweep, hooks).
@Module({
  imports: [
    TypeOrmModule.forFeature([MonitoringSelfReport]),
    MessagingModule,
    CasesModule,
    DirectoryModule,
    FollowUpsModule,
    NotificationsModule,
    ReintegrationModule,
  ],
  controllers: [CheckinController],
  providers: [AppointmentReminderService, CheckinService, CheckinRepository, SelfReportService, MonitoringSelfReportRepository],
  exports: [CheckinService],
})
export class OutreachModule {}
