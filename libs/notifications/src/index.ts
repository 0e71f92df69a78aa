export { NotificationsModule } from './notifications.module';
export { NotificationService, type NewNotification } from './notification.service';
export { NOTIFICATION_KINDS, type NotificationKind } from './notification.entity';
export type { NotificationDto } from './notification.dto';
