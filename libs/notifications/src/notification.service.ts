import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, CommonError, ListQuery, ListResult } from '@kaytuu/shared';
import { NotificationDto, toNotificationDto } from './notification.dto';
import { NotificationKind } from './notification.entity';
import { NotificationFilter, NotificationRepository, NotificationRow } from './notification.repository';

export type NewNotification = {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  dedupeKey?: string | null;
};

// In-app notifications. Other contexts call notify/notifyMany (inside their own transaction when they pass `m`);
// the HTTP side only ever touches the caller's own rows, so someone else's notification id answers 404.
@Injectable()
export class NotificationService {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  // true when a row was created; false when a notification with the same dedupeKey exists already (a repeated delivery)
  async notify(input: NewNotification, m?: EntityManager): Promise<boolean> {
    return (await this.repo.insertSkippingDuplicates([toRow(input)], m)) === 1;
  }

  async notifyMany(inputs: NewNotification[], m?: EntityManager): Promise<number> {
    if (inputs.length === 0) return 0;
    return this.repo.insertSkippingDuplicates(inputs.map(toRow), m);
  }

  async listMine(userId: string, q: ListQuery<NotificationFilter>): Promise<ListResult<NotificationDto>> {
    const { rows, total, totalEstimated } = await this.repo.findPageForUser(userId, q);
    return { rows: rows.map(toNotificationDto), total, totalEstimated };
  }

  async getMine(userId: string, id: string): Promise<NotificationDto> {
    const n = await this.repo.findOwned(userId, id);
    if (!n) throw CommonError.notFound('Notification');
    return toNotificationDto(n);
  }

  unreadCount(userId: string): Promise<number> {
    return this.repo.countUnread(userId);
  }

  async markRead(userId: string, id: string, read: boolean): Promise<NotificationDto> {
    const n = await this.repo.setRead(userId, id, read, this.clock.now());
    if (!n) throw CommonError.notFound('Notification');
    return toNotificationDto(n);
  }

  markAllRead(userId: string): Promise<number> {
    return this.repo.markAllRead(userId, this.clock.now());
  }
}

function toRow(n: NewNotification): NotificationRow {
  return { userId: n.userId, kind: n.kind, title: n.title, body: n.body, link: n.link, data: n.data, dedupeKey: n.dedupeKey ?? null };
}
