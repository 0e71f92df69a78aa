import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, ListQuery, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { CreateHouseholdMemberDto, HouseholdMemberDto, MemberParams, UpdateHouseholdMemberDto } from './household-member.dto';
import { HOUSEHOLD_SORTABLE, HouseholdFilter } from './household-member.repository';
import { HouseholdService } from './household.service';
import { RELATIONS } from './household.types';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<HouseholdFilter>({ id: f.uuids(), relation: f.someOf(RELATIONS) });
const parseList = (raw: RawListQuery): ListQuery<HouseholdFilter> =>
  parseListQuery(raw, { sortable: HOUSEHOLD_SORTABLE, defaultSort: { field: 'id', order: 'ASC' }, parseFilter });

// A returnee's household: office staff of the returnee's office read and change it, admins read it, NGO staff never.
@ApiTags('household')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller('returnees/:id/household-members')
export class HouseholdController {
  constructor(private readonly household: HouseholdService) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Param() p: UuidParam,
    @Query() raw: RawListQuery,
    @Res({ passthrough: true }) res: Res,
  ): Promise<HouseholdMemberDto[]> {
    const q = parseList(raw);
    return withContentRange(res, 'household-members', q, await this.household.list(actor, p.id, q));
  }

  @Get(':memberId')
  get(@CurrentActor() actor: Actor, @Param() p: MemberParams): Promise<HouseholdMemberDto> {
    return this.household.get(actor, p.id, p.memberId);
  }

  @Roles('supervisor', 'caseworker')
  @Post()
  create(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: CreateHouseholdMemberDto): Promise<HouseholdMemberDto> {
    return this.household.create(actor, p.id, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Put(':memberId')
  update(@CurrentActor() actor: Actor, @Param() p: MemberParams, @Body() dto: UpdateHouseholdMemberDto): Promise<HouseholdMemberDto> {
    return this.household.update(actor, p.id, p.memberId, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Delete(':memberId')
  remove(@CurrentActor() actor: Actor, @Param() p: MemberParams): Promise<HouseholdMemberDto> {
    return this.household.remove(actor, p.id, p.memberId);
  }
}
