import { IsOptional, IsString, MaxLength } from 'class-validator';
import { TrimToNull } from './validators';

export class WithdrawConsentDto {
  @IsOptional() @TrimToNull() @IsString() @MaxLength(500) reason?: string | null;
}
