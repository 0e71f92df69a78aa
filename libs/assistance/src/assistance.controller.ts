import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { ASSISTANCE_SORTABLE, AssistanceFilter } from './assistance-item.repository';
import { AssistanceService } from './assistance.service';
import { ASSISTANCE_STATUSES, ASSISTANCE_TYPES, CURRENCIES } from './assistance.types';
import {
  AssistanceItemDto,
  AssistanceStepDto,
  CancelAssistanceDto,
  DisburseAssistanceDto,
  ProposeAssistanceDto,
  RejectAssistanceDto,
  ReleaseAssistanceDto,
  ReverseAssistanceDto,
  VerifyAssistanceDto,
} from './dto/assistance.dto';
import { CreateProgrammeDto, ProgrammeDto, UpdateProgrammeDto } from './dto/programme.dto';
import { PROGRAMME_SORTABLE, ProgrammeFilter } from './programme.repository';
import { ProgrammeService } from './programme.service';

type Res = { setHeader(n: string, v: string): void };

const parseProgrammeFilter = filterSpec<ProgrammeFilter>({ q: f.string(), active: f.boolean(), currency: f.someOf(CURRENCIES), id: f.uuids() });
const parseAssistanceFilter = filterSpec<AssistanceFilter>({
  returneeId: f.uuid(),
  programmeId: f.uuid(),
  status: f.someOf(ASSISTANCE_STATUSES),
  type: f.someOf(ASSISTANCE_TYPES),
  id: f.uuids(),
  awaitingMyApproval: f.boolean(),
});

// Programmes: admins manage them; office staff read the active ones; donors read those granted to them. No
// person's data here.
@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammeController {
  constructor(private readonly programmes: ProgrammeService) {}

  @Roles('admin', 'supervisor', 'caseworker', 'donor')
  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<ProgrammeDto[]> {
    const q = parseListQuery(raw, { sortable: PROGRAMME_SORTABLE, defaultSort: { field: 'name', order: 'ASC' }, parseFilter: parseProgrammeFilter });
    return withContentRange(res, 'programmes', q, await this.programmes.list(actor, q));
  }

  @Roles('admin', 'supervisor', 'caseworker', 'donor')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ProgrammeDto> {
    return this.programmes.get(actor, p.id);
  }

  @Roles('admin')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgrammeDto): Promise<ProgrammeDto> {
    return this.programmes.create(actor, dto);
  }

  @Roles('admin')
  @Put(':id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateProgrammeDto): Promise<ProgrammeDto> {
    return this.programmes.update(actor, p.id, dto);
  }

  // never deleted (the ledger points at it): closed to new proposals
  @Roles('admin')
  @Delete(':id')
  deactivate(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ProgrammeDto> {
    return this.programmes.deactivate(actor, p.id);
  }
}

// Assistance items: office staff of the returnee's office (404 outside it); admins read all and give second
// approvals; NGO staff and donors never.
@ApiTags('assistance')
@ApiBearerAuth()
@Controller('assistance')
export class AssistanceController {
  constructor(private readonly assistance: AssistanceService) {}

  @Roles('admin', 'supervisor', 'caseworker')
  @Get()
  @ApiQuery({
    name: 'filter',
    required: false,
    description:
      'returneeId, programmeId, status, type, id; awaitingMyApproval: true lists what the caller approves next (a supervisor: proposed items of the office without a first approval, not proposed by them; an admin: proposed items whose first approval another user gave; others: none)',
    example: '{"awaitingMyApproval":true}',
  })
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<AssistanceItemDto[]> {
    const q = parseListQuery(raw, { sortable: ASSISTANCE_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter: parseAssistanceFilter });
    return withContentRange(res, 'assistance', q, await this.assistance.list(actor, q));
  }

  @Roles('admin', 'supervisor', 'caseworker')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<AssistanceItemDto> {
    return this.assistance.get(actor, p.id);
  }

  @Roles('supervisor', 'caseworker')
  @Post()
  propose(@CurrentActor() actor: Actor, @Body() dto: ProposeAssistanceDto): Promise<AssistanceItemDto> {
    return this.assistance.propose(actor, dto);
  }

  @Roles('admin', 'supervisor')
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: AssistanceStepDto): Promise<AssistanceItemDto> {
    return this.assistance.approve(actor, p.id, dto);
  }

  @Roles('admin', 'supervisor')
  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: RejectAssistanceDto): Promise<AssistanceItemDto> {
    return this.assistance.reject(actor, p.id, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Post(':id/disburse')
  @HttpCode(200)
  disburse(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: DisburseAssistanceDto): Promise<AssistanceItemDto> {
    return this.assistance.disburse(actor, p.id, dto);
  }

  // money paid out taken back: a 'reverse' ledger entry
  @Roles('admin', 'supervisor')
  @Post(':id/reverse')
  @HttpCode(200)
  reverse(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: ReverseAssistanceDto): Promise<AssistanceItemDto> {
    return this.assistance.reverse(actor, p.id, dto);
  }

  // the unpaid rest of a partly paid grant released: a 'release' ledger entry of what is still committed
  @Roles('admin', 'supervisor')
  @Post(':id/release')
  @HttpCode(200)
  release(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: ReleaseAssistanceDto): Promise<AssistanceItemDto> {
    return this.assistance.release(actor, p.id, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Post(':id/verify')
  @HttpCode(200)
  verify(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: VerifyAssistanceDto): Promise<AssistanceItemDto> {
    return this.assistance.verify(actor, p.id, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: CancelAssistanceDto): Promise<AssistanceItemDto> {
    return this.assistance.cancel(actor, p.id, dto);
  }
}
