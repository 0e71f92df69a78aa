import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, ListQuery, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { CASE_PRIORITIES, CASE_TYPES } from './case-file.entity';
import { CASE_SORTABLE, CaseFilter } from './case-file.repository';
import { CASE_STATUSES } from './case-workflow';
import { CaseTimelineService } from './case-timeline.service';
import { BulkReassignResult, CaseService } from './case.service';
import { CaseDto } from './dto/case.dto';
import { CaseEventDto } from './dto/case-event.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';
import { ReassignCasesDto } from './dto/reassign-cases.dto';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<CaseFilter>({
  q: f.string(),
  type: f.someOf(CASE_TYPES),
  status: f.someOf(CASE_STATUSES),
  priority: f.someOf(CASE_PRIORITIES),
  assigneeId: f.uuid(),
  officeId: f.uuid(),
  returneeId: f.uuid(),
  mine: f.boolean(),
  overdue: f.boolean(),
  id: f.uuids(),
});
const parseCaseList = (raw: RawListQuery): ListQuery<CaseFilter> =>
  parseListQuery(raw, { sortable: CASE_SORTABLE, defaultSort: { field: 'openedAt', order: 'DESC' }, parseFilter });
const parseEventList = (raw: RawListQuery): ListQuery =>
  parseListQuery(raw, { sortable: ['at'], defaultSort: { field: 'at', order: 'ASC' }, parseFilter: filterSpec<Record<string, never>>({}) });

// NGO staff get 403 on every case route: they see a case only through the referrals sent to their organisation
// (/api/referrals, consent-scoped). Admins read and soft-delete but do no case work (403 on open, update, reassign).
@ApiTags('cases')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller()
export class CaseController {
  constructor(
    private readonly cases: CaseService,
    private readonly timeline: CaseTimelineService,
  ) {}

  @Get('cases')
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<CaseDto[]> {
    const q = parseCaseList(raw);
    return withContentRange(res, 'cases', q, await this.cases.listCases(actor, q));
  }

  @Get('returnees/:id/cases')
  async listForReturnee(
    @CurrentActor() actor: Actor,
    @Param() p: UuidParam,
    @Query() raw: RawListQuery,
    @Res({ passthrough: true }) res: Res,
  ): Promise<CaseDto[]> {
    const q = parseCaseList(raw);
    return withContentRange(res, 'cases', q, await this.cases.listReturneeCases(actor, p.id, q));
  }

  @Get('cases/:id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<CaseDto> {
    return this.cases.getCase(actor, p.id);
  }

  @Get('cases/:id/events')
  async events(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<CaseEventDto[]> {
    const q = parseEventList(raw);
    return withContentRange(res, 'events', q, await this.timeline.listCaseEvents(actor, p.id, q));
  }

  @Roles('supervisor', 'caseworker')
  @Post('cases')
  open(@CurrentActor() actor: Actor, @Body() dto: CreateCaseDto): Promise<CaseDto> {
    return this.cases.openCase(actor, dto);
  }

  // all-or-nothing bulk "Reassign to…"; 200 with the count and the cases as they now stand
  @Roles('supervisor')
  @Post('cases/reassign')
  @HttpCode(200)
  reassign(@CurrentActor() actor: Actor, @Body() dto: ReassignCasesDto): Promise<BulkReassignResult> {
    return this.cases.reassignCases(actor, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Put('cases/:id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateCaseDto): Promise<CaseDto> {
    return this.cases.updateCase(actor, p.id, dto);
  }

  @Roles('admin')
  @Delete('cases/:id')
  remove(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<CaseDto> {
    return this.cases.deleteCase(actor, p.id);
  }
}
