import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'under_review', 'completed', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const GOAL_DIMENSIONS = ['economic', 'social', 'psychosocial'] as const;
export type GoalDimension = (typeof GOAL_DIMENSIONS)[number];
export const GOAL_STATUSES = ['not_started', 'in_progress', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const ACTION_KINDS = ['case', 'referral', 'follow_up', 'assistance', 'task'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const STORED_ACTION_KINDS = ['case', 'referral', 'follow_up', 'assistance', 'task'] as const;
export const ACTION_STATUSES = ['pending', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

// One version of a returnee's plan. The versions of one plan share seriesId; `isCurrent` marks the newest,
// `inForce` the approved (or under review) version whose goals are being worked on.
@Entity('plan_version')
export class PlanVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) seriesId: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text' }) status: PlanStatus;
  @Column({ type: 'boolean' }) isCurrent: boolean;
  @Column({ type: 'boolean' }) inForce: boolean;
  @Column({ type: 'uuid', nullable: true }) previousVersionId: string | null;
  @Column({ type: 'date', nullable: true }) signedOn: string | null;
  @Column({ type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) submittedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) approvedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) approvedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) returnedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) returnedBy: string | null;
  @Column({ type: 'text', nullable: true }) returnedComment: string | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'text', nullable: true }) closeReason: string | null;
  @Column({ type: 'timestamptz', nullable: true }) lastReviewedAt: Date | null;
  @Column({ type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('plan_goal')
export class PlanGoal {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) planVersionId: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'text' }) dimension: GoalDimension;
  @Column({ type: 'text' }) textEnc: string;
  @Column({ type: 'date' }) targetDate: string;
  @Column({ type: 'text' }) status: GoalStatus;
  @Column({ type: 'text', nullable: true }) droppedReason: string | null;
  @Column({ type: 'text', nullable: true }) lastProgressEnc: string | null;
  @Column({ type: 'timestamptz', nullable: true }) achievedAt: Date | null;
}

// `organizationId`: the partner organisation the action involves (the task's owner organisation, or the linked
// referral's organisation); what NGO staff's view filters on.
@Entity('plan_action')
export class PlanAction {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) goalId: string;
  @Column({ type: 'uuid' }) planVersionId: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'text' }) kind: ActionKind;
  @Column({ type: 'uuid', nullable: true }) refId: string | null;
  @Column({ type: 'text', nullable: true }) textEnc: string | null;
  @Column({ type: 'uuid', nullable: true }) ownerUserId: string | null;
  @Column({ type: 'uuid', nullable: true }) ownerOrganizationId: string | null;
  @Column({ type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ type: 'date', nullable: true }) dueOn: string | null;
  @Column({ type: 'text' }) status: ActionStatus;
}

@Entity('plan_review')
export class PlanReview {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) planVersionId: string;
  @Column({ type: 'uuid', nullable: true }) followUpId: string | null;
  @Column({ type: 'date' }) reviewedOn: string;
  @Column({ type: 'uuid', array: true }) noteIds: string[];
  @Column({ type: 'uuid' }) reviewedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('plan_review_goal')
export class PlanReviewGoal {
  @Column({ type: 'uuid', primary: true }) reviewId: string;
  @Column({ type: 'uuid', primary: true }) goalId: string;
  @Column({ type: 'text' }) status: GoalStatus;
  @Column({ type: 'text' }) progressEnc: string;
}
