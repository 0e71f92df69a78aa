import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length } from 'class-validator';
import { trim } from './create-case.dto';

export const BULK_REASSIGN_MAX = 200;

// POST /api/cases/reassign: all or nothing, one transaction.
export class ReassignCasesDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(BULK_REASSIGN_MAX) @IsUUID('all', { each: true, message: 'each must be a UUID' }) caseIds: string[];
  @IsUUID('all', { message: 'must be a UUID' }) assigneeId: string;
  @Transform(trim) @IsString() @Length(1, 2000) reason: string;
}
