import { planStep, toFollowUpPlan, toPlanApply } from '../../apps/console/src/follow-ups/followUpPlanModel';

const plan = toFollowUpPlan({
  plan: 'tb_intensive',
  applied: false,
  items: [
    { kind: 'check_in', dueAt: '2030-03-05T04:00:00.000Z', label: 'week_1' },
    { kind: 'check_in', dueAt: '2030-03-12T04:00:00.000Z', label: 'week_2' },
    { kind: 'check_in', dueAt: '2030-03-19T04:00:00.000Z', label: 'week_3' },
  ],
});

describe('TB follow-up plan in the console', () => {
  it('should send only the dates still ticked, in the order offered, when some are unticked', () => {
    expect(toPlanApply('c1', plan, new Set(['2030-03-12T04:00:00.000Z']))).toEqual({
      caseId: 'c1',
      plan: 'tb_intensive',
      items: ['2030-03-05T04:00:00.000Z', '2030-03-19T04:00:00.000Z'],
    });
    expect(toPlanApply('c1', plan, new Set()).items).toHaveLength(3);
  });

  it('should offer nothing when the API answers no plan or an unexpected shape', () => {
    expect(toFollowUpPlan({ plan: null, items: [], applied: false })).toEqual({ plan: null, items: [], applied: false });
    expect(toFollowUpPlan({ plan: 'hiv_weekly', items: [{}] }).plan).toBeNull();
    expect(toFollowUpPlan(null).items).toEqual([]);
  });

  it('should read the step unit and number from the API label when it is week_N or month_N', () => {
    expect(planStep('week_3')).toEqual({ unit: 'week', n: 3 });
    expect(planStep('month_12')).toEqual({ unit: 'month', n: 12 });
  });
});
