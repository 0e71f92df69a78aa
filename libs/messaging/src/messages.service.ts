import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { AAD, Actor, CommonError, FieldCipher, ListQuery, ListResult } from '@kaytuu/shared';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { MessageDto, MessageStatsDto, MessageStatsQueryDto, SendMessageDto } from './dto/message.dto';
import { Message } from './entities/message.entity';
import { MessageFilter, MessageRepository } from './message.repository';
import { MessagingError } from './messaging.errors';
import { MessagingService } from './messaging.service';

const MAX_STATS_DAYS = 366;

// The messages routes: a returnee's conversation (both directions) and the office's delivery figures, for the staff
// of the returnee's office; every read of a person's messages is audited; the text never enters the audit row.
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messages: MessageRepository,
    private readonly messaging: MessagingService,
    private readonly returnees: ReturneeLookupService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly users: UserService,
  ) {}

  async list(actor: Actor, q: ListQuery<MessageFilter>): Promise<ListResult<MessageDto>> {
    return this.ds.transaction(async (m) => {
      if (q.filter.returneeId) await this.returnees.requireInScope(actor, q.filter.returneeId, m);
      const page = await this.messages.findPage(m, actor.officeId ?? '', q);
      await this.audit.record(
        actor,
        {
          action: 'read',
          entity: 'message',
          entityId: q.filter.returneeId ?? null,
          diff: { returneeId: q.filter.returneeId ?? null, ids: page.rows.map((r) => r.id), total: page.total, filters: Object.keys(q.filter) },
        },
        m,
      );
      const senders = await this.sendersOf(page.rows, m);
      return { rows: page.rows.map((r) => this.toDto(r, senders)), total: page.total };
    });
  }

  async get(actor: Actor, id: string): Promise<MessageDto> {
    return this.ds.transaction(async (m) => {
      const row = await this.messages.findInOffice(m, actor.officeId ?? '', id);
      if (!row) throw CommonError.notFound('Message');
      await this.audit.record(actor, { action: 'read', entity: 'message', entityId: id, diff: { returneeId: row.returneeId } }, m);
      return this.toDto(row, await this.sendersOf([row], m));
    });
  }

  // A message from the caseworker, through the same rules as every other (consent, opt-out, quiet hours, cap, health
  // words); 409 NOT_REACHABLE when the returnee may not or cannot be reached on the channel.
  async send(actor: Actor, returneeId: string, dto: SendMessageDto): Promise<MessageDto> {
    if (!dto.templateKey === !dto.text) throw MessagingError.invalid('text', 'give either templateKey or text');
    return this.ds.transaction(async (m) => {
      const r = await this.returnees.requireInScope(actor, returneeId, m);
      const { id, reason } = await this.messaging.enqueueExplained(m, {
        returneeId: r.id,
        officeId: r.officeId,
        kind: 'free',
        channel: dto.channel,
        templateKey: dto.templateKey,
        params: dto.params,
        text: dto.text,
        sourceType: 'message',
        createdBy: actor.userId,
      });
      if (!id) throw MessagingError.notReachable(reason ?? 'unknown');
      const row = (await this.messages.findInOffice(m, r.officeId, id)) as Message;
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'message',
          entityId: id,
          diff: { returneeId: r.id, channel: row.channel, templateKey: row.templateKey, fireAt: row.fireAt.toISOString() },
        },
        m,
      );
      return this.toDto(row, await this.sendersOf([row], m));
    });
  }

  // Figures only (no person): admins for any office, supervisors for their own (another office's: 404).
  async stats(actor: Actor, q: MessageStatsQueryDto): Promise<MessageStatsDto> {
    const from = new Date(`${q.from}T00:00:00+06:00`);
    const to = new Date(`${q.to}T00:00:00+06:00`);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw CommonError.validation({ from: 'must be a date YYYY-MM-DD' });
    if (to < from) throw CommonError.validation({ to: 'must not be before from' });
    if ((to.getTime() - from.getTime()) / 86_400_000 >= MAX_STATS_DAYS) {
      throw CommonError.validation({ to: `must be at most ${MAX_STATS_DAYS} days after from` });
    }
    let officeIds: string[] | null = null;
    if (actor.role !== 'admin') {
      if (q.officeId && q.officeId !== actor.officeId) throw CommonError.notFound('Office');
      officeIds = [actor.officeId ?? ''];
    } else if (q.officeId) officeIds = [q.officeId];
    const end = new Date(to.getTime() + 86_400_000);
    return this.ds.transaction(async (m: EntityManager) => {
      const { days, failures } = await this.messages.stats(m, officeIds, from, end);
      const totals = days.reduce(
        (a, d) => ({
          sent: a.sent + d.sent,
          delivered: a.delivered + d.delivered,
          failed: a.failed + d.failed,
          expired: a.expired + d.expired,
          segments: a.segments + d.segments,
        }),
        { sent: 0, delivered: 0, failed: 0, expired: 0, segments: 0 },
      );
      return {
        from: q.from,
        to: q.to,
        days,
        failuresByReason: failures,
        totals: { ...totals, deliveryRate: totals.sent ? Math.round((totals.delivered / totals.sent) * 1000) / 1000 : null },
      };
    });
  }

  // Who wrote each message, for the conversation: the staff member who sent it (none for the automatic ones) or the
  // returnee who answered. Names only of people the caller already sees (the returnee's office).
  private async sendersOf(rows: Message[], m: EntityManager): Promise<Map<string, string>> {
    const staff = rows.flatMap((r) => (r.direction === 'out' && r.createdBy ? [r.createdBy] : []));
    const returnees = rows.flatMap((r) => (r.direction === 'in' ? [r.returneeId] : []));
    const [users, people] = await Promise.all([
      staff.length ? this.users.namesByIds(staff) : new Map<string, string>(),
      returnees.length ? this.returnees.namesByIds(returnees, m) : new Map<string, string>(),
    ]);
    return new Map(
      rows.flatMap((r) => {
        const name = r.direction === 'in' ? people.get(r.returneeId) : r.createdBy ? users.get(r.createdBy) : undefined;
        return name ? [[r.id, name] as const] : [];
      }),
    );
  }

  private toDto(r: Message, senders: Map<string, string>): MessageDto {
    return {
      id: r.id,
      returneeId: r.returneeId,
      officeId: r.officeId,
      channel: r.channel,
      direction: r.direction,
      kind: r.kind,
      templateKey: r.templateKey,
      language: r.language,
      text: this.cipher.decrypt(r.bodyEnc, AAD.messageBody),
      status: r.status,
      fireAt: r.fireAt.toISOString(),
      expiresAt: r.expiresAt?.toISOString() ?? null,
      attempts: r.attempts,
      lastError: r.lastError,
      segments: r.segments,
      encoding: r.encoding,
      sourceType: r.sourceType,
      sourceId: r.sourceId,
      replyTo: r.replyTo,
      createdBy: r.createdBy,
      senderName: senders.get(r.id) ?? null,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
    };
  }
}
