import { Column, Entity } from 'typeorm';
import { BaseEntityColumns, Oblast } from '@kaytuu/shared';

export const ORGANIZATION_KINDS = ['ngo', 'state', 'international'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
// The services an organisation provides are the case types it can take referrals for.
export const SERVICES = ['health_referral', 'legal_aid', 'job_placement', 'pension_claim'] as const;
export type Service = (typeof SERVICES)[number];

@Entity('organization')
export class Organization extends BaseEntityColumns {
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) kind: OrganizationKind;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) services: Service[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) oblasts: Oblast[];
  @Column({ type: 'text' }) contactEmail: string;
  @Column({ type: 'text', nullable: true }) webhookUrl: string | null;
  // HMAC key for webhook signatures: written by admins, never returned by the API
  @Column({ type: 'text', nullable: true, select: false }) webhookSecret: string | null;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
}
