import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageChannelKind } from './message.entity';

// How a returnee is reached: the linked Telegram chat (sealed, AAD message_contact.telegram_chat_id, matched through
// telegram_chat_hmac), the preferred channel, and the opt-out (STOP) state.
@Entity('message_contact')
export class MessageContact {
  @PrimaryColumn({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'text', nullable: true }) telegramChatIdEnc: string | null;
  @Column({ type: 'text', nullable: true }) telegramChatHmac: string | null;
  @Column({ type: 'text', nullable: true }) preferredChannel: MessageChannelKind | null;
  @Column({ type: 'timestamptz', nullable: true }) optedOutAt: Date | null;
  @Column({ type: 'text', nullable: true }) optedOutChannel: MessageChannelKind | null;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
