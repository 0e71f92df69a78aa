import { Module } from '@nestjs/common';
import { CasesModule } from '@kaytuu/cases';
import { DirectoryModule } from '@kaytuu/directory';
import { NotesModule } from '@kaytuu/notes';
import { PlansModule } from '@kaytuu/plans';
import { ReferralsModule } from '@kaytuu/referrals';
import { ReintegrationModule } from '@kaytuu/reintegration';
import { ReturneesModule } from '@kaytuu/returnees';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [DirectoryModule, ReturneesModule, CasesModule, ReferralsModule, NotesModule, ReintegrationModule, PlansModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class SeedModule {}
