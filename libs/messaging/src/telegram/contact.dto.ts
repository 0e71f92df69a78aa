import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { ContactRow } from './telegram-link.repository';

export const CONTACT_CHANNELS = ['sms', 'telegram'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

// How a returnee is reached: the preferred channel, whether a Telegram chat is linked (never the chat id itself), and
// the opt-out the returnee sent (STOP), which only the returnee can lift (START).
export type ContactDto = {
  returneeId: string;
  preferredChannel: ContactChannel | null;
  telegramLinked: boolean;
  telegramAvailable: boolean;
  optedOut: boolean;
  optedOutAt: string | null;
  optedOutChannel: ContactChannel | null;
  updatedAt: string | null;
};

export function toContactDto(returneeId: string, row: ContactRow | null, telegramAvailable: boolean): ContactDto {
  return {
    returneeId,
    preferredChannel: row?.preferredChannel ?? null,
    telegramLinked: !!row?.telegramChatHmac,
    telegramAvailable,
    optedOut: !!row?.optedOutAt,
    optedOutAt: row?.optedOutAt?.toISOString() ?? null,
    optedOutChannel: row?.optedOutChannel ?? null,
    updatedAt: row?.updatedAt?.toISOString() ?? null,
  };
}

export class UpdateContactDto {
  // null: no preference (the messaging rules choose)
  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, nullable: true })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS, { message: `must be one of: ${CONTACT_CHANNELS.join(', ')}` })
  preferredChannel?: ContactChannel | null;

  // false unlinks the Telegram chat; a chat is linked only by the returnee opening a link code
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  telegramLinked?: boolean;
}
