import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@kaytuu/directory';
import { NotificationsModule } from '@kaytuu/notifications';
import { ConsentHooks } from './consent-hooks';
import { ConsentController } from './consent.controller';
import { Consent } from './consent.entity';
import { ConsentRepository } from './consent.repository';
import { ConsentService } from './consent.service';
import { HouseholdController } from './household/household.controller';
import { HouseholdMember } from './household/household-member.entity';
import { HouseholdMemberRepository } from './household/household-member.repository';
import { HouseholdService } from './household/household.service';
import { MigrationEpisode } from './migration-episode.entity';
import { MigrationEpisodeRepository } from './migration-episode.repository';
import { ReturneeContactService } from './returnee-contact.service';
import { ReturneeBatchService } from './returnee-batch.service';
import { ReturneeLookupService } from './returnee-lookup.service';
import { ReturneeController } from './returnee.controller';
import { Returnee } from './returnee.entity';
import { ReturneeRepository } from './returnee.repository';
import { ReturneeService } from './returnee.service';

@Module({
  imports: [TypeOrmModule.forFeature([Returnee, MigrationEpisode, Consent, HouseholdMember]), DirectoryModule, NotificationsModule],
  controllers: [ReturneeController, ConsentController, HouseholdController],
  providers: [
    ReturneeService,
    ReturneeLookupService,
    ReturneeBatchService,
    ConsentService,
    ConsentHooks,
    ReturneeContactService,
    ReturneeRepository,
    MigrationEpisodeRepository,
    ConsentRepository,
    HouseholdService,
    HouseholdMemberRepository,
  ],
  exports: [ReturneeService, ReturneeLookupService, ReturneeBatchService, ConsentService, ConsentHooks, ReturneeContactService, HouseholdService],
})
export class ReturneesModule {}
