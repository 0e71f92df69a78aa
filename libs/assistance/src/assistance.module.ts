import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { PlansModule } from '@kaytuu/plans';
import { ReturneesModule } from '@kaytuu/returnees';
import { AssistanceController, ProgrammeController } from './assistance.controller';
import { AssistanceItem, LedgerEntry } from './assistance-item.entity';
import { AssistanceItemRepository } from './assistance-item.repository';
import { AssistanceService } from './assistance.service';
import { LedgerRepository } from './ledger.repository';
import { BudgetLine, Programme } from './programme.entity';
import { ProgrammeRepository } from './programme.repository';
import { ProgrammeService } from './programme.service';

@Module({
  imports: [TypeOrmModule.forFeature([Programme, BudgetLine, AssistanceItem, LedgerEntry]), ReturneesModule, CasesModule, PlansModule],
  controllers: [ProgrammeController, AssistanceController],
  providers: [ProgrammeService, AssistanceService, ProgrammeRepository, AssistanceItemRepository, LedgerRepository],
  exports: [ProgrammeService, AssistanceService],
})
export class AssistanceModule {}
