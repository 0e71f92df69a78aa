import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

// A one-time Telegram deep-link code: only its keyed hash is stored.
@Entity('telegram_link_code')
export class TelegramLinkCode {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) codeHmac: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
}
