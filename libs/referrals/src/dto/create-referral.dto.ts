import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { SHARED_FIELDS, SharedField } from '../referral.entity';

const TIMESTAMP = { strict: true, strictSeparator: true };
const TIMESTAMP_MESSAGE = { message: 'must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z' };

export class CreateReferralDto {
  @IsUUID('all', { message: 'must be a UUID' }) caseId: string;
  @IsUUID('all', { message: 'must be a UUID' }) organizationId: string;
  @IsString() @Length(1, 2000) reason: string;
  // default: 5 working days from now (weekends and Kyrgyz public holidays skipped)
  @IsOptional() @IsISO8601(TIMESTAMP, TIMESTAMP_MESSAGE) respondBy?: string;
  // default: name and phone
  @ApiProperty({ enum: SHARED_FIELDS, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SHARED_FIELDS.length)
  @IsIn(SHARED_FIELDS, { each: true, message: `each must be one of: ${SHARED_FIELDS.join(', ')}` })
  sharedFields?: SharedField[];
}
