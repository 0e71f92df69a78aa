import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { CONSENT_SORTABLE, ConsentFilter } from './consent.repository';
import { ConsentService } from './consent.service';
import { ConsentDto } from './dto/consent.dto';
import { CreateConsentDto } from './dto/create-consent.dto';
import { WithdrawConsentDto } from './dto/withdraw-consent.dto';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<ConsentFilter>({
  returneeId: f.uuid(),
  active: f.boolean(),
  id: f.uuids(),
});

// Like the returnee record itself: office staff and admins; NGO staff see consent only through their referrals.
@ApiTags('consents')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller('consents')
export class ConsentController {
  constructor(private readonly consents: ConsentService) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<ConsentDto[]> {
    const q = parseListQuery(raw, { sortable: CONSENT_SORTABLE, defaultSort: { field: 'givenAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'consents', q, await this.consents.listConsents(actor, q));
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ConsentDto> {
    return this.consents.getConsent(actor, p.id);
  }

  @Post()
  record(@CurrentActor() actor: Actor, @Body() dto: CreateConsentDto): Promise<ConsentDto> {
    return this.consents.recordConsent(actor, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  withdraw(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: WithdrawConsentDto): Promise<ConsentDto> {
    return this.consents.withdrawConsent(actor, p.id, dto);
  }
}
