import { useEffect } from 'react';
import { useGetList } from 'react-admin';
import { ReviewDialog } from './PlanReviewDialog';
import type { Plan } from './planModel';

// The last step of marking a monitoring follow-up done: the plan version in force (approved or under review; while a
// revision is drafted, the approved one it revises) is reviewed at that contact. Without one there is nothing to
// review, and the step closes at once.
export const PlanReviewStep = ({ returneeId, followUpId, onClose }: { returneeId: string; followUpId: string; onClose: () => void }) => {
  const { data, isPending, error } = useGetList<Plan>('plans', {
    filter: { returneeId, status: ['approved', 'under_review'] },
    sort: { field: 'createdAt', order: 'DESC' },
    pagination: { page: 1, perPage: 5 },
  });
  const plan = data?.find((p) => p.inForce);
  const none = !!error || (!isPending && !plan);
  useEffect(() => {
    if (none) onClose();
  }, [none, onClose]);
  if (!plan) return null;
  return <ReviewDialog plan={{ ...plan, goals: plan.goals ?? [] }} followUpId={followUpId} onClose={onClose} />;
};
