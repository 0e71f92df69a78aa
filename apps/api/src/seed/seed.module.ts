import { Module } from '@nestjs/common';
import { AssistanceModule } from '@kaytuu/assistance';
import { CasesModule } from '@kaytuu/cases';
import { DirectoryModule } from '@kaytuu/directory';
import { DocumentsModule } from '@kaytuu/documents';
import { MessagingModule, OutreachModule } from '@kaytuu/messaging';
import { NotesModule } from '@kaytuu/notes';
import { PlansModule } from '@kaytuu/plans';
import { RecoveryModule } from '@kaytuu/recovery';
import { ReferralsModule } from '@kaytuu/referrals';
import { ReintegrationModule } from '@kaytuu/reintegration';
import { ReturneesModule } from '@kaytuu/returnees';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [
    DirectoryModule,
    ReturneesModule,
    CasesModule,
    ReferralsModule,
    NotesModule,
    ReintegrationModule,
    PlansModule,
    DocumentsModule,
    RecoveryModule,
    MessagingModule,
    OutreachModule,
    AssistanceModule,
  ],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class SeedModule {}
