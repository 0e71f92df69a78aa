import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { PlansModule } from '@kaytuu/plans';
import { ReferralsModule } from '@kaytuu/referrals';
import { ReturneesModule } from '@kaytuu/returnees';
import { DocumentRow, DocumentVersion } from './document.entity';
import { DocumentRepository } from './document.repository';
import { DocumentsController, FilesController } from './documents.controller';
import { DocumentsService } from './documents.service';

// EncryptedFiles comes from the global StorageModule (@kaytuu/shared), registered once by the app.
@Module({
  imports: [TypeOrmModule.forFeature([DocumentRow, DocumentVersion]), ReturneesModule, CasesModule, ReferralsModule, PlansModule],
  controllers: [DocumentsController, FilesController],
  providers: [DocumentsService, DocumentRepository],
  exports: [DocumentsService],
})
export class DocumentsModule {}
