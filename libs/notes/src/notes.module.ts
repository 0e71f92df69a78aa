import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@kaytuu/cases';
import { ReturneesModule } from '@kaytuu/returnees';
import { NotesController } from './notes.controller';
import { NotesService } from './notes.service';
import { ReturneeNote } from './returnee-note.entity';
import { ReturneeNoteRepository } from './returnee-note.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ReturneeNote]), ReturneesModule, CasesModule],
  controllers: [NotesController],
  providers: [NotesService, ReturneeNoteRepository],
  exports: [NotesService],
})
export class NotesModule {}
