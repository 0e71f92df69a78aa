import { DEMO_PLAN_STATES, demoPlans } from './demo-plans';

describe('demo reintegration plans', () => {
  it('should give every fifth returnee a plan, every state several times, one to three goals each', () => {
    const plans = demoPlans(300);
    expect(plans).toHaveLength(60);
    expect(plans.every((p) => p.returneeIndex % 5 === 1)).toBe(true);
    for (const s of DEMO_PLAN_STATES) expect(plans.filter((p) => p.state === s).length).toBeGreaterThan(3);
    expect(plans.every((p) => p.goals.length >= 1 && p.goals.length <= 3 && p.goals.every((g) => g.targetInDays >= 60))).toBe(true);
    expect(demoPlans(300)).toEqual(plans);
  });
});
