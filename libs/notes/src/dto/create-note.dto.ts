import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { NOTE_KINDS, NoteKind } from '../returnee-note.entity';
import { IsDateOnly, NotInFuture } from './note-rules';

export const MAX_NOTE_TEXT = 10_000;
export const MAX_NOTE_MINUTES = 600;

// The returnee is the route's; a case, when given, must be one of that returnee's (checked by the service).
export class CreateNoteDto {
  @ApiProperty({ enum: NOTE_KINDS }) @IsIn(NOTE_KINDS, { message: `must be one of: ${NOTE_KINDS.join(', ')}` }) kind: NoteKind;
  @ApiProperty({ example: '2026-12-01', description: 'The day of the contact (YYYY-MM-DD), not in the future' })
  @IsDateOnly()
  @NotInFuture()
  date: string;
  @ApiProperty({ minimum: 0, maximum: MAX_NOTE_MINUTES }) @IsInt() @Min(0) @Max(MAX_NOTE_MINUTES) durationMinutes: number;
  @ApiProperty({ maxLength: MAX_NOTE_TEXT, description: 'Stored encrypted; never logged' })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_NOTE_TEXT)
  text: string;
  @ApiPropertyOptional({ description: 'Visible only to its author and the office supervisors' }) @IsOptional() @IsBoolean() confidential?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) caseId?: string;
  @ApiPropertyOptional({ description: 'The note this one corrects (same returnee)' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  correctsId?: string;
}
