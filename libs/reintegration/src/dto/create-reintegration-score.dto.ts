import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsUUID } from 'class-validator';
import { OCCASIONS, Occasion } from '../reintegration-score.entity';

// Which questions and options are valid is the survey's business: the service checks `answers` against it.
export class CreateReintegrationScoreDto {
  @IsUUID('all', { message: 'must be a UUID' }) returneeId: string;
  @ApiProperty({ enum: OCCASIONS }) @IsIn(OCCASIONS, { message: `must be one of: ${OCCASIONS.join(', ')}` }) occasion: Occasion;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'questionId → optionId, every question of the survey' })
  @IsObject({ message: 'must be an object of questionId → optionId' })
  answers: Record<string, string>;
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) followUpId?: string;
}
