import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReturneesModule } from '@kaytuu/returnees';
import { ChannelRegistry } from './channels/channel-registry';
import { Checkin, CheckinSchedule } from './entities/checkin.entity';
import { MessageContact } from './entities/message-contact.entity';
import { Message } from './entities/message.entity';
import { TelegramLinkCode } from './entities/telegram-link-code.entity';
import { MessageRepository } from './message.repository';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { messagingConfig } from './messaging.config';
import { MessagingService } from './messaging.service';

// Reaching the returnee (issue 18): the message outbox, its rules and the inbound dispatcher. Imported by the API and
// by the worker (which holds the channels' connections and relays the outbox).
const MessagingConfigModule = ConfigModule.forFeature(messagingConfig);

@Module({
  imports: [MessagingConfigModule, TypeOrmModule.forFeature([Message, MessageContact, TelegramLinkCode, CheckinSchedule, Checkin]), ReturneesModule],
  controllers: [MessagesController],
  providers: [MessagingService, ChannelRegistry, MessagesService, MessageRepository],
  exports: [MessagingService, ChannelRegistry, TypeOrmModule, MessagingConfigModule],
})
export class MessagingModule {}
