import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReturneesModule } from '@kaytuu/returnees';
import { ImportCommitService } from './import-commit.service';
import { ImportController } from './import.controller';
import { ImportRow, ReturneeImport } from './import.entity';
import { ImportJobs } from './import-jobs';
import { ImportValidationService } from './import-validation.service';
import { ImportRepository } from './import.repository';
import { ImportService } from './import.service';
import { importsConfig } from './imports.config';

@Module({
  imports: [ConfigModule.forFeature(importsConfig), TypeOrmModule.forFeature([ReturneeImport, ImportRow]), ReturneesModule],
  controllers: [ImportController],
  providers: [ImportService, ImportValidationService, ImportCommitService, ImportJobs, ImportRepository],
  exports: [ImportService, ImportValidationService, ImportCommitService, ImportJobs],
})
export class ImportsModule {}
