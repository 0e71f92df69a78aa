import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { RECOVERABLE_TYPES } from './checklist';
import { ChecklistDto, ChecklistService } from './checklist.service';
import { CreateRecoveryItemDto, ReceiveRecoveryItemDto, RecoveryItemDto, UpdateRecoveryItemDto } from './dto/recovery-item.dto';
import { RECOVERY_STATUSES } from './recovery-item.entity';
import { RECOVERY_SORTABLE, RecoveryFilter } from './recovery-item.repository';
import { RecoveryService } from './recovery.service';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<RecoveryFilter>({
  returneeId: f.uuid(),
  caseId: f.uuid(),
  status: f.someOf(RECOVERY_STATUSES),
  documentType: f.someOf(RECOVERABLE_TYPES),
  id: f.uuids(),
});

// A case's checklist: whoever reads the case (admins too; NGO staff never, as for every case route).
@ApiTags('cases')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller()
export class ChecklistController {
  constructor(private readonly checklists: ChecklistService) {}

  @Get('cases/:id/checklist')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ChecklistDto> {
    return this.checklists.forCase(actor, p.id);
  }
}

// Recovery items: office staff of the returnee's office only (admins do no case work; NGO staff and donors never).
@ApiTags('recovery-items')
@ApiBearerAuth()
@Roles('supervisor', 'caseworker')
@Controller()
export class RecoveryController {
  constructor(private readonly recovery: RecoveryService) {}

  @Get('recovery-items')
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<RecoveryItemDto[]> {
    const q = parseListQuery(raw, { sortable: RECOVERY_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'recovery-items', q, await this.recovery.list(actor, q));
  }

  @Get('recovery-items/:id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<RecoveryItemDto> {
    return this.recovery.get(actor, p.id);
  }

  @Post('recovery-items')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRecoveryItemDto): Promise<RecoveryItemDto> {
    return this.recovery.create(actor, dto);
  }

  @Put('recovery-items/:id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateRecoveryItemDto): Promise<RecoveryItemDto> {
    return this.recovery.update(actor, p.id, dto);
  }

  @Post('recovery-items/:id/receive')
  @HttpCode(200)
  receive(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: ReceiveRecoveryItemDto): Promise<RecoveryItemDto> {
    return this.recovery.receive(actor, p.id, dto);
  }

  // 201 with the items created (an empty list when nothing is missing or all is already chased)
  @Post('returnees/:id/recovery-items/propose')
  propose(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<RecoveryItemDto[]> {
    return this.recovery.propose(actor, p.id);
  }
}
