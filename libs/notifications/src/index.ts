export { NotificationsModule } from './notifications.module';
export { NotificationService, type NewNotification } from './notification.service';
export { NOTIFICATION_KINDS, type NotificationKind } from './notification.entity';
export type { NotificationDto } from './notification.dto';
export { MailService, type OutgoingMail } from './mail.service';
export {
  WebhookService,
  WebhookDeliveryError,
  signWebhook,
  verifyWebhook,
  type WebhookEvent,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DELIVERY_HEADER,
} from './webhook.service';
