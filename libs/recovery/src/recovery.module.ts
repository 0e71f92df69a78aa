import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { DocumentsModule } from '@kaytuu/documents';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { ReturneesModule } from '@kaytuu/returnees';
import { ChecklistService } from './checklist.service';
import { ChecklistController, RecoveryController } from './recovery.controller';
import { RecoveryItem } from './recovery-item.entity';
import { RecoveryItemRepository } from './recovery-item.repository';
import { RecoveryService } from './recovery.service';

@Module({
  imports: [TypeOrmModule.forFeature([RecoveryItem]), ReturneesModule, CasesModule, FollowUpsModule, DocumentsModule],
  controllers: [ChecklistController, RecoveryController],
  providers: [ChecklistService, RecoveryService, RecoveryItemRepository],
  exports: [ChecklistService, RecoveryService],
})
export class RecoveryModule {}
