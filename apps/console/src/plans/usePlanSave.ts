import { useNotify, useRefresh, useUpdate } from 'react-admin';
import { toGoalsBody, type Plan, type PlanGoal } from './planModel';

// Every goal and action edit is one PUT /api/plans/:id with the whole goals array (only while draft or returned).
// Rejects on failure, so the dialog that asked notifies it and puts the field problems under its inputs.
export const usePlanSave = (plan: Plan) => {
  const [update] = useUpdate<Plan>();
  const notify = useNotify();
  const refresh = useRefresh();
  return async (goals: PlanGoal[], done = 'app.plans.saved') => {
    await update(
      'plans',
      { id: plan.id, data: { goals: toGoalsBody(goals) } as Partial<Plan>, previousData: plan },
      { mutationMode: 'pessimistic', returnPromise: true },
    );
    notify(done, { type: 'info' });
    refresh();
  };
};

// The API names a goal's fields goals.<i>.<field> (or goals[i].field); the dialogs name them <field>.
export const goalServerFields = (index: number, fields: string[]): Record<string, string> =>
  Object.fromEntries(fields.flatMap((f) => [`goals.${index}.${f}`, `goals[${index}].${f}`].map((k) => [k, f])));

export const actionServerFields = (goalIndex: number, actionIndex: number, fields: string[]): Record<string, string> =>
  Object.fromEntries(
    fields.flatMap((f) => [`goals.${goalIndex}.actions.${actionIndex}.${f}`, `goals[${goalIndex}].actions[${actionIndex}].${f}`].map((k) => [k, f])),
  );
