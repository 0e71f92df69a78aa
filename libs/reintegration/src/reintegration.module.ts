import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { ReturneesModule } from '@kaytuu/returnees';
import { ReintegrationScore } from './reintegration-score.entity';
import { ReintegrationScoreRepository } from './reintegration-score.repository';
import { ReintegrationController } from './reintegration.controller';
import { ReintegrationService } from './reintegration.service';

@Module({
  imports: [TypeOrmModule.forFeature([ReintegrationScore]), ReturneesModule, FollowUpsModule],
  controllers: [ReintegrationController],
  providers: [ReintegrationService, ReintegrationScoreRepository],
  exports: [ReintegrationService],
})
export class ReintegrationModule {}
