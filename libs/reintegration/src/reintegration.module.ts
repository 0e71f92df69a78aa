import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { ReturneesModule } from '@kaytuu/returnees';
import { NeedsAssessmentController } from './needs-assessment.controller';
import { NeedsAssessment } from './needs-assessment.entity';
import { NeedsAssessmentRepository } from './needs-assessment.repository';
import { NeedsAssessmentService } from './needs-assessment.service';
import { ReintegrationScore } from './reintegration-score.entity';
import { ReintegrationScoreRepository } from './reintegration-score.repository';
import { ReintegrationController } from './reintegration.controller';
import { ReintegrationService } from './reintegration.service';

@Module({
  imports: [TypeOrmModule.forFeature([ReintegrationScore, NeedsAssessment]), ReturneesModule, FollowUpsModule],
  controllers: [ReintegrationController, NeedsAssessmentController],
  providers: [ReintegrationService, ReintegrationScoreRepository, NeedsAssessmentService, NeedsAssessmentRepository],
  exports: [ReintegrationService, NeedsAssessmentService],
})
export class ReintegrationModule {}
