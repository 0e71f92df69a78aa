import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import { REFERRAL_STATUSES, ReferralStatus } from '../referral.entity';

// A status change on the closed loop, carrying what that step needs: declinedReason (→ declined), outcome
// (→ completed), cancelReason (→ cancelled, optional). Who may take which step is in referral-access.ts.
export class UpdateReferralDto {
  @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: REFERRAL_STATUSES, required: false })
  @IfPresent()
  @IsIn(REFERRAL_STATUSES, { message: `must be one of: ${REFERRAL_STATUSES.join(', ')}` })
  status?: ReferralStatus;
  @IsOptional() @IsString() @Length(1, 2000) declinedReason?: string;
  @IsOptional() @IsString() @Length(1, 4000) outcome?: string;
  @IsOptional() @IsString() @Length(1, 2000) cancelReason?: string;
}
