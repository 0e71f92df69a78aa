import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import { NOTE_KINDS, NoteKind } from '../returnee-note.entity';
import { MAX_NOTE_MINUTES, MAX_NOTE_TEXT } from './create-note.dto';
import { IsDateOnly, NotInFuture } from './note-rules';

// The author's own changes within the edit window; the returnee, case and corrected note stay as written. A field may
// be left out but is never null (the columns are NOT NULL): null is a 400.
export class UpdateNoteDto {
  @ApiPropertyOptional({ enum: NOTE_KINDS }) @IfPresent() @IsIn(NOTE_KINDS, { message: `must be one of: ${NOTE_KINDS.join(', ')}` }) kind?: NoteKind;
  @ApiPropertyOptional({ example: '2026-12-01' }) @IfPresent() @IsDateOnly() @NotInFuture() date?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_NOTE_MINUTES }) @IfPresent() @IsInt() @Min(0) @Max(MAX_NOTE_MINUTES) durationMinutes?: number;
  @ApiPropertyOptional({ maxLength: MAX_NOTE_TEXT })
  @IfPresent()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_NOTE_TEXT)
  text?: string;
  @ApiPropertyOptional() @IfPresent() @IsBoolean() confidential?: boolean;
}
