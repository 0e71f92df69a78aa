import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@kaytuu/directory';
import { Consent } from './consent.entity';
import { ConsentRepository } from './consent.repository';
import { MigrationEpisode } from './migration-episode.entity';
import { MigrationEpisodeRepository } from './migration-episode.repository';
import { ReturneeController } from './returnee.controller';
import { Returnee } from './returnee.entity';
import { ReturneeRepository } from './returnee.repository';
import { ReturneeService } from './returnee.service';

@Module({
  imports: [TypeOrmModule.forFeature([Returnee, MigrationEpisode, Consent]), DirectoryModule],
  controllers: [ReturneeController],
  providers: [ReturneeService, ReturneeRepository, MigrationEpisodeRepository, ConsentRepository],
  exports: [ReturneeService],
})
export class ReturneesModule {}
