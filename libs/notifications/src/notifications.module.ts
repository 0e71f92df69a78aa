import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationController } from './notification.controller';
import { Notification } from './notification.entity';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';
import { MailService } from './mail.service';
import { WebhookService } from './webhook.service';

@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  controllers: [NotificationController],
  providers: [NotificationService, NotificationRepository, MailService, WebhookService],
  exports: [NotificationService, MailService, WebhookService],
})
export class NotificationsModule {}
