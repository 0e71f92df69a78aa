import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { MATCHING_STATUSES } from './assistance.types';
import { AssistanceStepDto } from './dto/assistance.dto';
import { MatchingApplicationDto, ProposeMatchingDto, RecordSurvivalCheckDto, RejectMatchingDto } from './dto/matching.dto';
import { MATCHING_SORTABLE, MatchingFilter } from './matching-application.repository';
import { MatchingService } from './matching.service';

type Res = { setHeader(n: string, v: string): void };

const parseMatchingFilter = filterSpec<MatchingFilter>({
  returneeId: f.uuid(),
  programmeId: f.uuid(),
  status: f.someOf(MATCHING_STATUSES),
  id: f.uuids(),
  awaitingMyApproval: f.boolean(),
});

// "1+1" matching applications: office staff of the returnee's office (404 outside it) propose and record survival
// checks; the committee is the office supervisor and an admin; NGO staff and donors never.
@ApiTags('matching-applications')
@ApiBearerAuth()
@Controller('matching-applications')
export class MatchingController {
  constructor(private readonly matching: MatchingService) {}

  @Roles('admin', 'supervisor', 'caseworker')
  @Get()
  @ApiQuery({
    name: 'filter',
    required: false,
    description:
      "returneeId, programmeId, status, id; awaitingMyApproval: true lists the proposed applications lacking the caller's committee approval (a supervisor's for their office, an admin's), not proposed by the caller; others: none",
    example: '{"awaitingMyApproval":true}',
  })
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<MatchingApplicationDto[]> {
    const q = parseListQuery(raw, { sortable: MATCHING_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter: parseMatchingFilter });
    return withContentRange(res, 'matching-applications', q, await this.matching.list(actor, q));
  }

  @Roles('admin', 'supervisor', 'caseworker')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<MatchingApplicationDto> {
    return this.matching.get(actor, p.id);
  }

  @Roles('supervisor', 'caseworker')
  @Post()
  propose(@CurrentActor() actor: Actor, @Body() dto: ProposeMatchingDto): Promise<MatchingApplicationDto> {
    return this.matching.propose(actor, dto);
  }

  @Roles('admin', 'supervisor')
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: AssistanceStepDto): Promise<MatchingApplicationDto> {
    return this.matching.approve(actor, p.id, dto);
  }

  @Roles('admin', 'supervisor')
  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: RejectMatchingDto): Promise<MatchingApplicationDto> {
    return this.matching.reject(actor, p.id, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Post(':id/survival-checks')
  recordSurvivalCheck(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: RecordSurvivalCheckDto): Promise<MatchingApplicationDto> {
    return this.matching.recordSurvivalCheck(actor, p.id, dto);
  }
}
