import { IsBoolean } from 'class-validator';
import { Notification, NotificationKind } from './notification.entity';

export class MarkNotificationReadDto {
  @IsBoolean({ message: 'must be true or false' }) read: boolean;
}

export type NotificationDto = {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
};

export function toNotificationDto(n: Notification): NotificationDto {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    data: n.data,
    readAt: n.readAt ? n.readAt.toISOString() : null,
    createdAt: n.createdAt.toISOString(),
  };
}
