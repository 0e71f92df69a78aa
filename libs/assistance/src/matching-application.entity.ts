import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BusinessStatus, Currency, IncomeBand, MatchingStatus, MatchLimit, SurvivalMilestone } from './assistance.types';

// A "1+1" application: the business plan, the returnee's own contribution and the match computed from the
// programme's terms (kept as they were when proposed). The rejection reason is sealed (AAD
// matching_application.rejection_reason).
@Entity('matching_application')
export class MatchingApplication {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'uuid' }) programmeId: string;
  @Column({ type: 'uuid' }) budgetLineId: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'uuid', nullable: true }) planGoalId: string | null;
  @Column({ type: 'text' }) currency: Currency;
  @Column({ type: 'text' }) sector: string;
  @Column({ type: 'text' }) oblast: string;
  @Column({ type: 'text' }) district: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'bigint' }) totalCostMinor: string;
  @Column({ type: 'bigint' }) expectedMonthlyIncomeMinor: string;
  @Column({ type: 'int' }) jobsForOthers: number;
  @Column({ type: 'bigint' }) ownContributionMinor: string;
  @Column({ type: 'uuid', nullable: true }) ownEvidenceDocumentId: string | null;
  @Column({ type: 'int' }) matchRatioPercent: number;
  @Column({ type: 'bigint', nullable: true }) matchCapMinor: string | null;
  @Column({ type: 'bigint' }) matchedMinor: string;
  @Column({ type: 'text', nullable: true }) matchLimitedBy: MatchLimit | null;
  @Column({ type: 'int' }) firstTranchePercent: number;
  @Column({ type: 'text' }) status: MatchingStatus;
  @Column({ type: 'uuid', nullable: true }) supervisorApprovedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) supervisorApprovedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) adminApprovedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) adminApprovedAt: Date | null;
  @Column({ type: 'text', nullable: true }) rejectionReasonEnc: string | null;
  @Column({ type: 'uuid', nullable: true }) rejectedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) rejectedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) assistanceItemId: string | null;
  @Column({ name: 'follow_up_3m_id', type: 'uuid', nullable: true }) followUp3mId: string | null;
  @Column({ name: 'follow_up_6m_id', type: 'uuid', nullable: true }) followUp6mId: string | null;
  @Column({ name: 'follow_up_12m_id', type: 'uuid', nullable: true }) followUp12mId: string | null;
  @Column({ type: 'uuid' }) proposedBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'int' }) version: number;
}

// One per milestone; the note is sealed (AAD business_survival_check.note).
@Entity('business_survival_check')
export class BusinessSurvivalCheck {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) applicationId: string;
  @Column({ type: 'text' }) milestone: SurvivalMilestone;
  @Column({ type: 'date' }) checkedOn: string;
  @Column({ type: 'text' }) businessStatus: BusinessStatus;
  @Column({ type: 'text' }) monthlyIncomeBand: IncomeBand;
  @Column({ type: 'int' }) peopleEmployed: number;
  @Column({ type: 'text', nullable: true }) noteEnc: string | null;
  @Column({ type: 'uuid', nullable: true }) followUpId: string | null;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
