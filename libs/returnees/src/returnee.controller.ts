import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, CommonError, f, filterSpec, KeyParser, OBLASTS, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { CreateReturneeDto } from './dto/create-returnee.dto';
import { CreatedReturneeDto, ReturneeDto } from './dto/returnee.dto';
import { UpdateReturneeDto } from './dto/update-returnee.dto';
import { RETURNEE_SORTABLE, ReturneeFilter } from './returnee-filter';
import { ReturneeService } from './returnee.service';
import { AGE_BANDS, RETURN_REASONS, SEXES, VULNERABILITIES } from './returnee.types';

type Res = { setHeader(n: string, v: string): void };

// ISO country codes, one or a list; case-insensitive in filters, stored upper-case.
const countries = (): KeyParser => (v, k) => {
  const arr = Array.isArray(v) ? v : [v];
  if (arr.length === 0 || arr.length > 50 || !arr.every((x) => typeof x === 'string' && /^[A-Za-z]{2}$/.test(x))) {
    throw CommonError.validation({ [`filter.${k}`]: 'must be an ISO 3166-1 alpha-2 code or a list of them' });
  }
  return (arr as string[]).map((x) => x.toUpperCase());
};

const parseFilter = filterSpec<ReturneeFilter>({
  q: f.string(200),
  oblast: f.someOf(OBLASTS),
  sex: f.oneOf(SEXES),
  ageBand: f.someOf(AGE_BANDS),
  returnReason: f.someOf(RETURN_REASONS),
  country: countries(),
  entryBan: f.boolean(),
  vulnerability: f.someOf(VULNERABILITIES),
  officeId: f.uuid(),
  id: f.uuids(),
});

// NGO staff never reach these routes: their view of a returnee comes through referrals.
@ApiTags('returnees')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller('returnees')
export class ReturneeController {
  constructor(private readonly returnees: ReturneeService) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<ReturneeDto[]> {
    const q = parseListQuery(raw, { sortable: RETURNEE_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter });
    // with a search and no sort asked for, the best matches come first
    const explicitSort = raw.sort !== undefined && raw.sort !== '';
    return withContentRange(res, 'returnees', q, await this.returnees.listReturnees(actor, { ...q, explicitSort }));
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ReturneeDto> {
    return this.returnees.getReturnee(actor, p.id);
  }

  @Post()
  register(@CurrentActor() actor: Actor, @Body() dto: CreateReturneeDto): Promise<CreatedReturneeDto> {
    return this.returnees.registerReturnee(actor, dto);
  }

  @Put(':id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateReturneeDto): Promise<ReturneeDto> {
    return this.returnees.updateReturnee(actor, p.id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  remove(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ReturneeDto> {
    return this.returnees.deleteReturnee(actor, p.id);
  }
}
