import { Module } from '@nestjs/common';
import { DirectoryModule } from '@kaytuu/directory';
import { ReportController } from './report.controller';
import { ReportRepository } from './report.repository';
import { ReportService } from './report.service';

@Module({
  imports: [DirectoryModule],
  controllers: [ReportController],
  providers: [ReportService, ReportRepository],
  exports: [ReportService],
})
export class ReportsModule {}
