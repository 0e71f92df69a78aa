import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { OCCASIONS, Occasion } from '../reintegration-score.entity';

// Which questions and options are valid is the form version's business: the service checks `answers` against it.
export class CreateAssessmentDto {
  @IsUUID('all', { message: 'must be a UUID' }) returneeId: string;
  @ApiProperty({ example: 'na-kg-2', description: 'The form version the answers were given under (GET /api/assessments/form)' })
  @IsString()
  @MaxLength(40)
  formVersion: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'questionId → optionId, every question of the form' })
  @IsObject({ message: 'must be an object of questionId → optionId' })
  answers: Record<string, string>;
  @ApiPropertyOptional({ description: 'The returnee filled it in alone (not an interview)' }) @IsOptional() @IsBoolean() selfReported?: boolean;
  @ApiProperty({ enum: OCCASIONS }) @IsIn(OCCASIONS, { message: `must be one of: ${OCCASIONS.join(', ')}` }) occasion: Occasion;
  @ApiPropertyOptional({ description: "One of the returnee's follow-ups (the monitoring contact it was taken at)" })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  followUpId?: string;
  @ApiPropertyOptional({ description: 'When it was taken (default: now); not in the future' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date and time' })
  @Matches(/T.*(Z|[+-]\d\d:?\d\d)$/, { message: 'must be an ISO 8601 time with its zone (Z or ±hh:mm)' })
  takenAt?: string;
}
