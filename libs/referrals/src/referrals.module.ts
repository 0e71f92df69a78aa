import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { DirectoryModule } from '@kaytuu/directory';
import { NotificationsModule } from '@kaytuu/notifications';
import { ReturneesModule } from '@kaytuu/returnees';
import { ReferralController } from './referral.controller';
import { ReferralMessage } from './referral-message.entity';
import { ReferralNote } from './referral-note.entity';
import { ReferralMessageRepository } from './referral-message.repository';
import { ReferralMessageService } from './referral-message.service';
import { ReferralMatchingService } from './referral-matching';
import { Referral } from './referral.entity';
import { ReferralRepository } from './referral.repository';
import { ReferralService } from './referral.service';

@Module({
  imports: [TypeOrmModule.forFeature([Referral, ReferralMessage, ReferralNote]), CasesModule, ReturneesModule, DirectoryModule, NotificationsModule],
  controllers: [ReferralController],
  providers: [ReferralService, ReferralRepository, ReferralMessageService, ReferralMessageRepository, ReferralMatchingService],
  exports: [ReferralService, ReferralMessageService],
})
export class ReferralsModule {}
