import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@kaytuu/directory';
import { ConsentController } from './consent.controller';
import { Consent } from './consent.entity';
import { ConsentRepository } from './consent.repository';
import { ConsentService } from './consent.service';
import { MigrationEpisode } from './migration-episode.entity';
import { MigrationEpisodeRepository } from './migration-episode.repository';
import { ReturneeController } from './returnee.controller';
import { Returnee } from './returnee.entity';
import { ReturneeRepository } from './returnee.repository';
import { ReturneeService } from './returnee.service';

@Module({
  imports: [TypeOrmModule.forFeature([Returnee, MigrationEpisode, Consent]), DirectoryModule],
  controllers: [ReturneeController, ConsentController],
  providers: [ReturneeService, ConsentService, ReturneeRepository, MigrationEpisodeRepository, ConsentRepository],
  exports: [ReturneeService, ConsentService],
})
export class ReturneesModule {}
