import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CreateNoteDto } from './dto/create-note.dto';
import { NoteDto } from './dto/note.dto';
import { UpdateNoteDto } from './dto/update-note.dto';
import { NOTE_KINDS } from './returnee-note.entity';
import { NOTE_SORTABLE, NoteFilter } from './returnee-note.repository';
import { NotesService } from './notes.service';

type Res = { setHeader(n: string, v: string): void };

// filter.q: words (and word beginnings of 3+ letters) that must all appear; filter.caseId: one case's notes
const parseFilter = filterSpec<NoteFilter>({ kind: f.someOf(NOTE_KINDS), caseId: f.uuid(), q: f.string(200), id: f.uuids() });

// Office staff of the returnee's office only: admins manage the system and do not read counselling; NGO staff never.
@ApiTags('notes')
@ApiBearerAuth()
@Roles('supervisor', 'caseworker')
@Controller()
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get('returnees/:id/notes')
  async list(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<NoteDto[]> {
    const q = parseListQuery(raw, { sortable: NOTE_SORTABLE, defaultSort: { field: 'date', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'notes', q, await this.notes.list(actor, p.id, q));
  }

  @Post('returnees/:id/notes')
  create(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: CreateNoteDto): Promise<NoteDto> {
    return this.notes.create(actor, p.id, dto);
  }

  @Get('notes/:id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<NoteDto> {
    return this.notes.get(actor, p.id);
  }

  // the author, within 24 hours of writing; later, POST a correction (correctsId)
  @Put('notes/:id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateNoteDto): Promise<NoteDto> {
    return this.notes.update(actor, p.id, dto);
  }
}
