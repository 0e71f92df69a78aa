export { ReferralsModule } from './referrals.module';
export { ReferralService, DEFAULT_RESPONSE_WORKING_DAYS, type ReferralPlanLink } from './referral.service';
export { REFERRAL_STATUSES, type ReferralStatus, SHARED_FIELDS, type SharedField } from './referral.entity';
export { ReferralsError, ReferralsErrorCode } from './referrals.errors';
export type { ReferralDto } from './dto/referral.dto';
export { ReferralMessageService, type MessageDeliveryResult } from './referral-message.service';
export type { OrganizationMatchDto, MatchReason } from './dto/organization-matches.dto';
export { CreateReferralDto } from './dto/create-referral.dto';
export { UpdateReferralDto } from './dto/update-referral.dto';
