import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MESSAGE_CHANNELS = ['sms', 'telegram'] as const;
export type MessageChannelKind = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_DIRECTIONS = ['out', 'in'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];
export const MESSAGE_KINDS = ['appointment_reminder', 'tb_checkin', 'monitoring', 'free', 'system', 'reply'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const MESSAGE_LANGUAGES = ['ky', 'ru', 'en'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];
export const MESSAGE_SOURCE_TYPES = ['follow_up', 'case', 'checkin', 'monitoring', 'message'] as const;
export type MessageSourceType = (typeof MESSAGE_SOURCE_TYPES)[number];
export type MessageEncoding = 'gsm7' | 'ucs2';

// One message to or from a returnee: the outbox row the worker relays (direction 'out') or a reply received
// (direction 'in', status 'received'). The text is sealed (body_enc, AAD message.body); last_error never holds
// personal data.
@Entity('message')
export class Message {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'text' }) channel: MessageChannelKind;
  @Column({ type: 'text' }) direction: MessageDirection;
  @Column({ type: 'text' }) kind: MessageKind;
  @Column({ type: 'text', nullable: true }) templateKey: string | null;
  @Column({ type: 'text', nullable: true }) language: MessageLanguage | null;
  @Column({ type: 'text' }) bodyEnc: string;
  @Column({ type: 'text' }) status: MessageStatus;
  @Column({ type: 'timestamptz' }) fireAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ type: 'int' }) attempts: number;
  @Column({ type: 'timestamptz', nullable: true }) claimedAt: Date | null;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'int', nullable: true }) segments: number | null;
  @Column({ type: 'text', nullable: true }) encoding: MessageEncoding | null;
  @Column({ type: 'text', nullable: true }) providerId: string | null;
  @Column({ type: 'text', nullable: true }) sourceType: MessageSourceType | null;
  @Column({ type: 'uuid', nullable: true }) sourceId: string | null;
  @Column({ type: 'text', nullable: true }) dedupeKey: string | null;
  @Column({ type: 'uuid', nullable: true }) replyTo: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
}
