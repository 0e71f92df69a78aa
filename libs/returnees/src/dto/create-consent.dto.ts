import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CONSENT_SCOPES, ConsentScope } from '../returnee.types';
import { IsZonedTimestamp, UniqueItems } from './validators';

// Dates are checked for format here; "not in the future" and "expires after given" are checked by the service
// against the Clock (422 with the field named).
export class CreateConsentDto {
  @IsUUID('all', { message: 'must be a UUID' }) returneeId: string;

  @ApiProperty({ enum: CONSENT_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONSENT_SCOPES.length)
  @IsIn(CONSENT_SCOPES, { each: true, message: `each must be one of: ${CONSENT_SCOPES.join(', ')}` })
  @UniqueItems()
  scope: ConsentScope[];

  @IsZonedTimestamp() givenAt: string;
  @IsOptional() @IsZonedTimestamp() expiresAt?: string | null;
}
