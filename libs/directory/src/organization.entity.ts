import { Column, Entity } from 'typeorm';
import { BaseEntityColumns, Oblast } from '@kaytuu/shared';

export const ORGANIZATION_KINDS = ['ngo', 'state', 'international'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
// The services an organisation provides are the case types it can take referrals for.
export const SERVICES = ['health_referral', 'legal_aid', 'job_placement', 'pension_claim'] as const;
export type Service = (typeof SERVICES)[number];
// The job sectors a job-placement partner places people in. A copy of the returnees context's SECTORS (migration
// episode sector, job case targetSectors): the directory stays independent of returnees; an e2e test keeps them equal.
export const JOB_SECTORS = ['construction', 'trade', 'services', 'domestic_work', 'transport', 'agriculture', 'manufacturing', 'other'] as const;
export type JobSector = (typeof JOB_SECTORS)[number];

@Entity('organization')
export class Organization extends BaseEntityColumns {
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) kind: OrganizationKind;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) services: Service[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) oblasts: Oblast[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) sectors: JobSector[];
  // places (or clients) a month; null: not stated
  @Column({ type: 'integer', nullable: true }) capacity: number | null;
  @Column({ type: 'text' }) contactEmail: string;
  @Column({ type: 'text', nullable: true }) webhookUrl: string | null;
  // HMAC key for webhook signatures: written by admins, never returned by the API
  @Column({ type: 'text', nullable: true, select: false }) webhookSecret: string | null;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
}
