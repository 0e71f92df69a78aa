import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Put } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '@kaytuu/access';
import { Actor, appConfig, CommonError, DomainError, UuidParam } from '@kaytuu/shared';
import { ContactDto, UpdateContactDto } from './contact.dto';
import { ContactService } from './contact.service';
import { TelegramLinkDto, TelegramLinkService } from './telegram-link.service';
import { parseUpdate, TelegramUpdateService } from './telegram-update.service';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

// compared as digests: constant time whatever the lengths
const sameSecret = (given: unknown, expected: string) =>
  typeof given === 'string' && timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

// Telegram's webhook (webhook mode): the secret is in the path and in Telegram's secret-token header, both checked
// before anything is read or stored. No access token (Telegram has none) and no throttle: Telegram retries an update
// until it gets a 2xx, and a 5xx here (database down) is exactly when it should.
@ApiTags('telegram')
@Public()
@Controller('telegram')
export class TelegramWebhookController {
  constructor(
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    private readonly updates: TelegramUpdateService,
  ) {}

  @Post('webhook/:secret')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async webhook(
    @Param('secret') secret: string,
    @Headers(SECRET_HEADER) header: string | undefined,
    @Body() body: Record<string, unknown>,
  ): Promise<{ ok: true }> {
    const expected = this.cfg.telegram?.mode === 'webhook' ? this.cfg.telegram.webhookSecret : undefined;
    if (!expected || !sameSecret(secret, expected)) throw CommonError.notFound('Route');
    if (!sameSecret(header, expected)) {
      throw new DomainError('UNAUTHENTICATED', HttpStatus.UNAUTHORIZED, 'The Telegram secret token header is missing or wrong');
    }
    const update = parseUpdate(body);
    if (!update) throw CommonError.validation({ update: 'is not a Telegram update' }, 'Not a Telegram update');
    await this.updates.handle(update);
    return { ok: true };
  }
}

// A returnee's messaging contact and Telegram link: caseworkers and supervisors of the returnee's office.
@ApiTags('returnees')
@ApiBearerAuth()
@Roles('supervisor', 'caseworker')
@Controller('returnees')
export class ContactController {
  constructor(
    private readonly contacts: ContactService,
    private readonly links: TelegramLinkService,
  ) {}

  @Get(':id/contact')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ContactDto> {
    return this.contacts.getContact(actor, p.id);
  }

  @Put(':id/contact')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateContactDto): Promise<ContactDto> {
    return this.contacts.updateContact(actor, p.id, dto);
  }

  // a one-time deep link (15 minutes) and its QR code; the code itself is shown only in this answer
  @Post(':id/telegram-link')
  createLink(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<TelegramLinkDto> {
    return this.links.createLink(actor, p.id);
  }
}
