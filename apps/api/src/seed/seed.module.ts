import { Module } from '@nestjs/common';
import { CasesModule } from '@kaytuu/cases';
import { DirectoryModule } from '@kaytuu/directory';
import { ReturneesModule } from '@kaytuu/returnees';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [DirectoryModule, ReturneesModule, CasesModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class SeedModule {}
