import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { MESSAGE_CHANNELS, type MessageChannelKind } from '../entities/message.entity';
import { TEMPLATE_KEYS, TEMPLATES } from '../messaging-rules';

// One message as the API shows it (the text opened from body_enc).
export type MessageDto = {
  id: string;
  returneeId: string;
  officeId: string;
  channel: string;
  direction: string;
  kind: string;
  templateKey: string | null;
  language: string | null;
  text: string;
  status: string;
  fireAt: string;
  expiresAt: string | null;
  attempts: number;
  lastError: string | null;
  segments: number | null;
  encoding: string | null;
  sourceType: string | null;
  sourceId: string | null;
  replyTo: string | null;
  createdBy: string | null;
  // the staff member who sent it (null: sent by Kaytuu itself) or, for a reply, the returnee
  senderName: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
};

// templates a caseworker may send by hand (the system's STOP/START confirmations are not among them)
export const SENDABLE_TEMPLATE_KEYS = TEMPLATE_KEYS.filter((k) => !k.startsWith('system.'));

@ValidatorConstraint({ name: 'templateParams' })
class TemplateParams implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length <= 10 && entries.every(([k, x]) => /^[a-zA-Z_]{1,40}$/.test(k) && typeof x === 'string' && x.length <= 200);
  }
  defaultMessage(): string {
    return 'must map at most 10 placeholder names to strings of at most 200 characters';
  }
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

// A message from the caseworker: a template with its placeholders, or a free text (one of the two).
export class SendMessageDto {
  @ApiPropertyOptional({ enum: MESSAGE_CHANNELS, description: "default: the returnee's preferred or linked channel" })
  @IsOptional()
  @IsIn(MESSAGE_CHANNELS, { message: `must be one of: ${MESSAGE_CHANNELS.join(', ')}` })
  channel?: MessageChannelKind;

  @ApiPropertyOptional({ enum: SENDABLE_TEMPLATE_KEYS })
  @IsOptional()
  @IsIn(SENDABLE_TEMPLATE_KEYS, { message: `must be one of: ${SENDABLE_TEMPLATE_KEYS.join(', ')}` })
  templateKey?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  @Validate(TemplateParams)
  params?: Record<string, string>;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  text?: string;
}

// GET /api/messages/stats: Asia/Bishkek days from..to (at most a year), one office or all the caller sees.
export class MessageStatsQueryDto {
  @ApiProperty({ example: '2026-12-01' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) to: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) officeId?: string;
}

export type MessageStatsDay = {
  day: string;
  officeId: string;
  channel: string;
  sent: number;
  delivered: number;
  failed: number;
  expired: number;
  segments: number;
};
export type MessageStatsDto = {
  from: string;
  to: string;
  days: MessageStatsDay[];
  failuresByReason: Array<{ officeId: string; reason: string; count: number }>;
  totals: { sent: number; delivered: number; failed: number; expired: number; segments: number; deliveryRate: number | null };
};

// GET /api/message-templates: a template the composer offers (the texts as written, placeholders in braces).
export class MessageTemplateDto {
  @ApiProperty({ example: 'appointment_reminder.evening' }) id: string;
  @ApiProperty({ description: 'speaks of health: on SMS its neutral smsSafe text goes instead (or it is refused)' }) health: boolean;
  @ApiProperty({ type: [String], example: ['date', 'time', 'place'] }) placeholders: string[];
  @ApiProperty({ type: 'object', properties: { ky: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } } })
  text: Record<'ky' | 'ru' | 'en', string>;
  @ApiProperty({ type: 'object', nullable: true, properties: { ky: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } } })
  smsSafe: Record<'ky' | 'ru' | 'en', string> | null;
}

export function toMessageTemplateDto(id: string): MessageTemplateDto {
  const t = TEMPLATES[id];
  const text = { ky: t.ky, ru: t.ru, en: t.en };
  return {
    id,
    health: t.health,
    placeholders: [...new Set([...`${t.ky} ${t.ru} ${t.en}`.matchAll(/\{([a-zA-Z_]+)\}/g)].map((m) => m[1]))],
    text,
    smsSafe: t.smsSafe ? { ky: t.smsSafe.ky, ru: t.smsSafe.ru, en: t.smsSafe.en } : null,
  };
}
