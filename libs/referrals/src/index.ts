export { ReferralsModule } from './referrals.module';
export { ReferralService, DEFAULT_RESPONSE_WORKING_DAYS } from './referral.service';
export { REFERRAL_STATUSES, type ReferralStatus, SHARED_FIELDS, type SharedField } from './referral.entity';
export { ReferralsError, ReferralsErrorCode } from './referrals.errors';
export type { ReferralDto } from './dto/referral.dto';
export { ReferralMessageService, type MessageDeliveryResult } from './referral-message.service';
