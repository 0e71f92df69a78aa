import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CHECKIN_FREQUENCIES, CheckinAnswer, CheckinFrequency, CheckinSchedule } from '../../entities/checkin.entity';
import { MESSAGE_CHANNELS, MessageChannelKind } from '../../entities/message.entity';
import type { CheckinRow } from '../checkin.repository';
import { Adherence } from '../outreach-rules';

const DATE_ONLY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

// PUT /api/cases/:id/checkin-schedule: the whole schedule (a second PUT replaces it; active false pauses it).
export class PutCheckinScheduleDto {
  @ApiProperty({ enum: CHECKIN_FREQUENCIES })
  @IsIn(CHECKIN_FREQUENCIES, { message: `must be one of: ${CHECKIN_FREQUENCIES.join(', ')}` })
  frequency: CheckinFrequency;
  @ApiProperty({ required: false, minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday; required for weekly' })
  @ValidateIf((o: PutCheckinScheduleDto) => o.frequency === 'weekly' || (o.weekday !== undefined && o.weekday !== null))
  @IsInt({ message: 'must be a whole number from 1 (Monday) to 7 (Sunday)' })
  @Min(1, { message: 'must be a whole number from 1 (Monday) to 7 (Sunday)' })
  @Max(7, { message: 'must be a whole number from 1 (Monday) to 7 (Sunday)' })
  weekday?: number | null;
  @ApiProperty({ example: '09:00', description: 'HH:MM, Asia/Bishkek' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:MM' })
  localTime: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS, required: false, nullable: true, description: 'absent or null: the returnee’s preferred channel' })
  @IsOptional()
  @IsIn(MESSAGE_CHANNELS, { message: `must be one of: ${MESSAGE_CHANNELS.join(', ')}` })
  channel?: MessageChannelKind | null;
  @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ required: false, description: 'YYYY-MM-DD (Bishkek); today when absent' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'must be a date in the form YYYY-MM-DD' })
  startsOn?: string;
}

export type CheckinScheduleDto = {
  caseId: string;
  frequency: CheckinFrequency;
  weekday: number | null;
  localTime: string;
  channel: MessageChannelKind | null;
  active: boolean;
  startsOn: string;
  updatedAt: string;
};

export function toScheduleDto(s: CheckinSchedule): CheckinScheduleDto {
  return {
    caseId: s.caseId,
    frequency: s.frequency,
    weekday: s.weekday,
    localTime: s.localTime,
    channel: s.channel,
    active: s.active,
    startsOn: s.startsOn,
    updatedAt: s.updatedAt.toISOString(),
  };
}

// `sent`: the question reached the returnee's channel (false while queued, or when they could not be reached).
export type CheckinDto = { id: string; dueAt: string; sent: boolean; answer: CheckinAnswer | null; answeredAt: string | null; escalatedAt: string | null };
export type CheckinListDto = { adherence: Adherence; checkins: CheckinDto[] };

export function toCheckinDto(c: CheckinRow): CheckinDto {
  return {
    id: c.id,
    dueAt: c.dueAt.toISOString(),
    sent: c.sent,
    answer: c.answer,
    answeredAt: c.answeredAt ? c.answeredAt.toISOString() : null,
    escalatedAt: c.escalatedAt ? c.escalatedAt.toISOString() : null,
  };
}
