import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { CASE_PRIORITIES, CASE_TYPES, CasePriority, CaseType } from '../case-file.entity';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const TIMESTAMP = { strict: true, strictSeparator: true } as const;

export class CreateCaseDto {
  @IsUUID('all', { message: 'must be a UUID' }) returneeId: string;
  @ApiProperty({ enum: CASE_TYPES }) @IsIn(CASE_TYPES) type: CaseType;
  @Transform(trim) @IsString() @Length(1, 200) title: string;
  @IsOptional() @IsString() @MaxLength(4000) summary?: string | null;
  @ApiProperty({ enum: CASE_PRIORITIES, required: false }) @IsOptional() @IsIn(CASE_PRIORITIES) priority?: CasePriority;
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) assigneeId?: string | null;
  @IsOptional() @IsISO8601(TIMESTAMP, { message: 'must be an ISO 8601 date-time' }) dueAt?: string | null;
  // checked per `type` by parseDetails (class per type), so errors read "details.<field>"
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() details: Record<string, unknown>;
}
