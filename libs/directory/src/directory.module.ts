import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OfficeController, OrganizationController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { Office } from './office.entity';
import { Organization } from './organization.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Office, Organization])],
  controllers: [OfficeController, OrganizationController],
  providers: [DirectoryService],
  exports: [DirectoryService],
})
export class DirectoryModule {}
