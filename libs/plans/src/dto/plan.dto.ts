import { ActionKind, ActionStatus, GoalDimension, GoalStatus, PlanStatus } from '../plan.entity';

export type PlanActionDto = {
  id: string;
  kind: ActionKind;
  refId: string | null;
  refLabel: string | null;
  text: string | null;
  ownerUserId: string | null;
  ownerOrganizationId: string | null;
  ownerName: string | null;
  dueAt: string | null;
  status: ActionStatus;
  refStatus: string | null;
};

export type PlanGoalDto = {
  id: string;
  dimension: GoalDimension;
  text: string;
  targetDate: string;
  status: GoalStatus;
  droppedReason: string | null;
  lastProgress: string | null;
  actions: PlanActionDto[];
};

export type PlanDto = {
  id: string;
  returneeId: string;
  returneeCode: string | null;
  returneeName: string | null;
  officeId: string;
  version: number;
  status: PlanStatus;
  current: boolean;
  inForce: boolean;
  previousVersionId: string | null;
  goals: PlanGoalDto[];
  signedAt: string | null;
  submittedAt: string | null;
  approvedById: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  returnedComment: string | null;
  returnedAt: string | null;
  completedAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  createdById: string;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  lastReviewedAt: string | null;
};

export type PlanVersionSummaryDto = Omit<PlanDto, 'goals' | 'returneeCode' | 'returneeName'>;

export type PlanReviewDto = {
  id: string;
  planId: string;
  followUpId: string | null;
  reviewedOn: string;
  noteIds: string[];
  reviewedById: string;
  reviewedByName: string | null;
  createdAt: string;
  goals: Array<{ goalId: string; status: GoalStatus; progress: string }>;
};
