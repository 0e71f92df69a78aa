import { Column, Entity } from 'typeorm';
import { BaseEntityColumns } from '@kaytuu/shared';

export const REFERRAL_STATUSES = ['sent', 'accepted', 'in_service', 'completed', 'declined', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ['sent', 'accepted', 'in_service'];

// Which returnee data the organisation may see, ticked in the "Refer" dialog. 'documents' is the migration history
// (countries, dates, entry ban); 'healthDetails' the health case's details and needs consent scope share_health.
export const SHARED_FIELDS = ['name', 'phone', 'pin', 'address', 'birthDate', 'sex', 'documents', 'healthDetails'] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];
export const DEFAULT_SHARED_FIELDS: SharedField[] = ['name', 'phone'];

@Entity('referral')
export class Referral extends BaseEntityColumns {
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'uuid' }) organizationId: string;
  @Column({ type: 'uuid' }) consentId: string;
  @Column({ type: 'text', default: 'sent' }) status: ReferralStatus;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text', array: true }) sharedFields: SharedField[];
  @Column({ type: 'timestamptz' }) sentAt: Date;
  @Column({ type: 'timestamptz' }) respondBy: Date;
  @Column({ type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) inServiceAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) declinedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'text', nullable: true }) declinedReason: string | null;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ type: 'text', nullable: true }) cancelReason: string | null;
  @Column({ type: 'timestamptz', nullable: true }) escalatedAt: Date | null;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'int', default: 1 }) version: number;
}
