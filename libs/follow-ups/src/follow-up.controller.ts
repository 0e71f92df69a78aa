import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, ListQuery, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { CreateFollowUpDto } from './dto/create-follow-up.dto';
import { FollowUpDto, FollowUpSummaryDto } from './dto/follow-up.dto';
import { UpdateFollowUpDto } from './dto/update-follow-up.dto';
import { FOLLOW_UP_STATUSES } from './follow-up.entity';
import { FOLLOW_UP_SORTABLE, FollowUpFilter } from './follow-up.repository';
import { FollowUpService } from './follow-up.service';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<FollowUpFilter>({
  assigneeId: f.uuid(),
  status: f.someOf(FOLLOW_UP_STATUSES),
  dueFrom: f.date(),
  dueTo: f.date(),
  overdue: f.boolean(),
  caseId: f.uuid(),
  returneeId: f.uuid(),
  mine: f.boolean(),
  officeId: f.uuid(),
  id: f.uuids(),
});
const parseList = (raw: RawListQuery): ListQuery<FollowUpFilter> =>
  parseListQuery(raw, { sortable: FOLLOW_UP_SORTABLE, defaultSort: { field: 'dueAt', order: 'ASC' }, parseFilter });

// Staff work on their office's follow-ups; admins read them all; NGO staff have no access.
@ApiTags('follow-ups')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller('follow-ups')
export class FollowUpController {
  constructor(private readonly followUps: FollowUpService) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<FollowUpDto[]> {
    const q = parseList(raw);
    return withContentRange(res, 'follow-ups', q, await this.followUps.listFollowUps(actor, q));
  }

  // declared before :id so "summary" is not taken for an id
  @Get('summary')
  summary(@CurrentActor() actor: Actor): Promise<FollowUpSummaryDto> {
    return this.followUps.summary(actor);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<FollowUpDto> {
    return this.followUps.getFollowUp(actor, p.id);
  }

  @Roles('supervisor', 'caseworker')
  @Post()
  schedule(@CurrentActor() actor: Actor, @Body() dto: CreateFollowUpDto): Promise<FollowUpDto> {
    return this.followUps.scheduleFollowUp(actor, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Put(':id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateFollowUpDto): Promise<FollowUpDto> {
    return this.followUps.updateFollowUp(actor, p.id, dto);
  }
}
