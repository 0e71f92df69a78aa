import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { Actor, appConfig, Clock, CommonError } from '@kaytuu/shared';
import { MessagingService } from '../messaging.service';
import { ContactDto, toContactDto, UpdateContactDto } from './contact.dto';
import { TelegramLinkRepository } from './telegram-link.repository';

// A returnee's contact settings for messaging, for the caseworkers and supervisors of the returnee's office (404
// outside it). The opt-out is the returnee's own (STOP/START) and is only shown here. Every read and change is audited.
@Injectable()
export class ContactService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    private readonly links: TelegramLinkRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly messaging: MessagingService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async getContact(actor: Actor, returneeId: string): Promise<ContactDto> {
    return this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, returneeId, m);
      const row = await this.links.findContact(m, returnee.id);
      await this.audit.record(actor, { action: 'read', entity: 'message_contact', entityId: returnee.id }, m);
      return toContactDto(returnee.id, row, !!this.cfg.telegram);
    });
  }

  async updateContact(actor: Actor, returneeId: string, dto: UpdateContactDto): Promise<ContactDto> {
    return this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, returneeId, m);
      const before = await this.links.findContact(m, returnee.id, true);
      const linked = !!before?.telegramChatHmac;
      if (dto.telegramLinked === true && !linked) {
        throw CommonError.unprocessable(
          { telegramLinked: 'is linked only by the returnee opening a Telegram link' },
          'A Telegram chat is linked by its link code',
        );
      }
      const unlink = dto.telegramLinked === false && linked;
      const stillLinked = linked && !unlink;
      if (dto.preferredChannel === 'telegram' && !stillLinked) {
        throw CommonError.unprocessable({ preferredChannel: 'needs a linked Telegram chat' }, 'Telegram is not linked for this returnee');
      }
      // unlinking drops a Telegram preference the returnee can no longer be reached by
      const preferredChannel = dto.preferredChannel !== undefined ? dto.preferredChannel : unlink && before?.preferredChannel === 'telegram' ? null : undefined;
      const now = this.clock.now();
      await this.links.updateContact(m, returnee.id, { preferredChannel, unlinkTelegram: unlink }, now);
      if (unlink) await this.messaging.cancelPending(m, { returneeId: returnee.id, channel: 'telegram' });
      const after = await this.links.findContact(m, returnee.id);
      const diff: Record<string, unknown> = {};
      if ((before?.preferredChannel ?? null) !== (after?.preferredChannel ?? null)) {
        diff.preferredChannel = { from: before?.preferredChannel ?? null, to: after?.preferredChannel ?? null };
      }
      if (unlink) diff.telegramLinked = { from: true, to: false };
      await this.audit.record(actor, { action: 'update', entity: 'message_contact', entityId: returnee.id, diff }, m);
      return toContactDto(returnee.id, after, !!this.cfg.telegram);
    });
  }
}
