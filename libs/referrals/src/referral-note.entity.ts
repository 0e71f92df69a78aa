import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type NoteSide = 'organization' | 'office';

// A service note on a referral: what the organisation did or needs, or what the office tells it.
@Entity('referral_note')
export class ReferralNote {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) referralId: string;
  @Column({ type: 'uuid' }) authorId: string;
  @Column({ type: 'text' }) side: NoteSide;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' }) createdAt: Date;
}
