import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OfficeController, OrganizationController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { Office } from './office.entity';
import { OfficeRepository } from './office.repository';
import { Organization } from './organization.entity';
import { OrganizationRepository } from './organization.repository';

@Module({
  imports: [TypeOrmModule.forFeature([Office, Organization])],
  controllers: [OfficeController, OrganizationController],
  providers: [DirectoryService, OfficeRepository, OrganizationRepository],
  exports: [DirectoryService],
})
export class DirectoryModule {}
