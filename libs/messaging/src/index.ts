export { MessagingModule } from './messaging.module';
// the Telegram bot, its channel and a returnee's contact settings (issue 18, M2)
export * from './telegram';
// what the messages are for: appointment reminders, TB check-ins, self-reported monitoring (issue 18, M3)
export * from './outreach';
export { TelegramChannel, TELEGRAM_CHANNEL, telegramChannelProvider, toChannelError, inlineKeyboard } from './channels/telegram.channel';
export {
  MessagingService,
  normalisePhone,
  inboundFingerprint,
  type EnqueueMessage,
  type CancelPending,
  type Inbound,
  type Reply,
  type ReplyHandler,
  type AwaitedMessage,
  type ReceiveOutcome,
  type ClaimedMessage,
  type ChannelSentRecord,
  type PreparedMessage,
} from './messaging.service';
export { messagingConfig, loadMessagingConfig, type MessagingConfig, type SmppConfig } from './messaging.config';
export { MessagingError, MessagingErrorCode } from './messaging.errors';
export {
  TEMPLATES,
  TEMPLATE_KEYS,
  pickLanguage,
  renderTemplate,
  containsHealthWords,
  parseKeyword,
  afterQuietHours,
  isQuietHour,
  bishkekDayStart,
  BISHKEK_OFFSET_MS,
  type TemplateDef,
} from './messaging-rules';
export {
  Message,
  MESSAGE_CHANNELS,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  MESSAGE_LANGUAGES,
  MESSAGE_SOURCE_TYPES,
  type MessageChannelKind,
  type MessageDirection,
  type MessageKind,
  type MessageStatus,
  type MessageLanguage,
  type MessageSourceType,
  type MessageEncoding,
} from './entities/message.entity';
export { MessageContact } from './entities/message-contact.entity';
export { TelegramLinkCode } from './entities/telegram-link-code.entity';
export { CheckinSchedule, Checkin, CHECKIN_FREQUENCIES, CHECKIN_ANSWERS, type CheckinFrequency, type CheckinAnswer } from './entities/checkin.entity';
export { ChannelRegistry } from './channels/channel-registry';
export { ChannelError, type MessageChannel, type ChannelSendOptions, type ChannelSent, type ChannelState } from './channels/message-channel';
export { SmppChannel, parseReceipt, type SmppReceipt, type SmppMo, type SmppInbound } from './channels/smpp.channel';
export { planSms, countSegments, type SmsPlan, type SmsEncoding } from './channels/segments';
export { MessagesService } from './messages.service';
export { SendMessageDto, MessageStatsQueryDto, type MessageDto, type MessageStatsDto } from './dto/message.dto';
