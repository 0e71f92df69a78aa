import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { CreateReferralDto } from './dto/create-referral.dto';
import { CreateReferralNoteDto, ReferralNoteDto } from './dto/referral-note.dto';
import { OrganizationMatchDto, OrganizationMatchesQuery } from './dto/organization-matches.dto';
import { ReferralDto } from './dto/referral.dto';
import { UpdateReferralDto } from './dto/update-referral.dto';
import { REFERRAL_STATUSES } from './referral.entity';
import { ReferralMatchingService } from './referral-matching';
import { REFERRAL_SORTABLE, ReferralFilter } from './referral.repository';
import { ReferralService } from './referral.service';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<ReferralFilter>({
  status: f.someOf(REFERRAL_STATUSES),
  organizationId: f.uuid(),
  caseId: f.uuid(),
  returneeId: f.uuid(),
  overdue: f.boolean(),
  mine: f.boolean(),
  q: f.string(200),
  id: f.uuids(),
});

// Everyone with a role reaches referrals; what each sees and may do is decided in referral-access.ts.
@ApiTags('referrals')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker', 'ngo_staff')
@Controller('referrals')
export class ReferralController {
  constructor(
    private readonly referrals: ReferralService,
    private readonly matching: ReferralMatchingService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<ReferralDto[]> {
    const q = parseListQuery(raw, { sortable: REFERRAL_SORTABLE, defaultSort: { field: 'sentAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'referrals', q, await this.referrals.listReferrals(actor, q));
  }

  // partners to suggest for a case, best first; declared before :id so "matches" is not taken for an id
  @Roles('supervisor', 'caseworker')
  @Get('matches')
  matches(@CurrentActor() actor: Actor, @Query() q: OrganizationMatchesQuery): Promise<OrganizationMatchDto[]> {
    return this.matching.suggestOrganizations(actor, q.caseId);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ReferralDto> {
    return this.referrals.getReferral(actor, p.id);
  }

  // sent by the case side
  @Roles('supervisor', 'caseworker')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReferralDto): Promise<ReferralDto> {
    return this.referrals.createReferral(actor, dto);
  }

  // a service note, by the organisation's staff or the case side
  @Roles('supervisor', 'caseworker', 'ngo_staff')
  @Post(':id/notes')
  addNote(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: CreateReferralNoteDto): Promise<ReferralNoteDto> {
    return this.referrals.addNote(actor, p.id, dto);
  }

  // the organisation answers and reports; the case side may cancel
  @Roles('supervisor', 'caseworker', 'ngo_staff')
  @Put(':id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateReferralDto): Promise<ReferralDto> {
    return this.referrals.updateReferral(actor, p.id, dto);
  }
}
