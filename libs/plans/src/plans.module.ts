import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { DirectoryModule } from '@kaytuu/directory';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { NotesModule } from '@kaytuu/notes';
import { NotificationsModule } from '@kaytuu/notifications';
import { ReferralsModule } from '@kaytuu/referrals';
import { ReturneesModule } from '@kaytuu/returnees';
import { PlanAction, PlanGoal, PlanReview, PlanReviewGoal, PlanVersion } from './plan.entity';
import { PlanFactsService } from './plan-facts.service';
import { PlanLinkRegistry } from './plan-links';
import { PlanRepository } from './plan.repository';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([PlanVersion, PlanGoal, PlanAction, PlanReview, PlanReviewGoal]),
    ReturneesModule,
    CasesModule,
    ReferralsModule,
    FollowUpsModule,
    NotesModule,
    DirectoryModule,
    NotificationsModule,
  ],
  controllers: [PlansController],
  providers: [PlansService, PlanFactsService, PlanLinkRegistry, PlanRepository],
  // PlanLinkRegistry: contexts that depend on plans register the records a plan action can link to (assistance)
  exports: [PlansService, PlanFactsService, PlanLinkRegistry],
})
export class PlansModule {}
