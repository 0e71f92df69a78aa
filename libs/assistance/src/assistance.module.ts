import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { DocumentsModule } from '@kaytuu/documents';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { PlansModule } from '@kaytuu/plans';
import { ReturneesModule } from '@kaytuu/returnees';
import { AssistanceAccess } from './assistance-access';
import { AssistanceController, ProgrammeController } from './assistance.controller';
import { AssistanceDisbursement, AssistanceItem, LedgerEntry } from './assistance-item.entity';
import { AssistanceItemRepository } from './assistance-item.repository';
import { AssistancePlanLinks } from './assistance-plan-links';
import { AssistanceService } from './assistance.service';
import { LedgerRepository } from './ledger.repository';
import { BusinessSurvivalCheck, MatchingApplication } from './matching-application.entity';
import { MatchingApplicationRepository } from './matching-application.repository';
import { MatchingController } from './matching.controller';
import { MatchingService } from './matching.service';
import { BudgetLine, Programme } from './programme.entity';
import { ProgrammeRepository } from './programme.repository';
import { ProgrammeService } from './programme.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Programme, BudgetLine, AssistanceItem, LedgerEntry, AssistanceDisbursement, MatchingApplication, BusinessSurvivalCheck]),
    ReturneesModule,
    CasesModule,
    PlansModule,
    DocumentsModule,
    FollowUpsModule,
  ],
  controllers: [ProgrammeController, AssistanceController, MatchingController],
  providers: [
    ProgrammeService,
    AssistanceAccess,
    AssistanceService,
    MatchingService,
    ProgrammeRepository,
    AssistanceItemRepository,
    LedgerRepository,
    MatchingApplicationRepository,
    // registers the items as what a plan action of kind 'assistance' links to
    AssistancePlanLinks,
  ],
  exports: [ProgrammeService, AssistanceService, MatchingService],
})
export class AssistanceModule {}
