import { legalDeadlineDueAt, planFor, planItems } from './follow-up-plans';

const health = (details: Record<string, unknown>) => ({ type: 'health_referral', details: { urgency: 'soon', ...details } });

describe('planFor', () => {
  it('should offer the intensive plan when a TB case is in the intensive phase or has no stage yet', () => {
    expect(planFor(health({ condition: 'tb', tbTreatmentStage: 'intensive' }))).toBe('tb_intensive');
    expect(planFor(health({ condition: 'tb' }))).toBe('tb_intensive');
    expect(planFor(health({ condition: 'tb', tbTreatmentStage: null }))).toBe('tb_intensive');
  });

  it('should offer the continuation plan when a TB case is in the continuation phase', () => {
    expect(planFor(health({ condition: 'tb', tbTreatmentStage: 'continuation' }))).toBe('tb_continuation');
  });

  it('should offer no plan when the treatment is completed, the condition is not TB, the type differs or details are hidden', () => {
    expect(planFor(health({ condition: 'tb', tbTreatmentStage: 'completed' }))).toBeNull();
    expect(planFor(health({ condition: 'hiv' }))).toBeNull();
    expect(planFor({ type: 'legal_aid', details: { condition: 'tb', issue: 'documents' } })).toBeNull();
    expect(planFor({ type: 'health_referral', details: null })).toBeNull();
  });
});

describe('planItems', () => {
  it('should plan eight weekly check-ins from tomorrow 10:00 Bishkek when the plan is intensive', () => {
    // 2026-11-26 20:00 UTC is already 27 November (02:00) in Bishkek, so "tomorrow" is 28 November
    const items = planItems('tb_intensive', new Date('2026-11-26T20:00:00Z'));
    expect(items).toHaveLength(8);
    expect(items.every((i) => i.kind === 'check_in')).toBe(true);
    expect(items.slice(0, 3).map((i) => i.dueAt.toISOString())).toEqual(['2026-11-28T04:00:00.000Z', '2026-12-05T04:00:00.000Z', '2026-12-12T04:00:00.000Z']);
    expect(items[7].dueAt.toISOString()).toBe('2027-01-16T04:00:00.000Z');
    expect(items.map((i) => i.label)).toEqual(['week_1', 'week_2', 'week_3', 'week_4', 'week_5', 'week_6', 'week_7', 'week_8']);
  });

  it('should plan four monthly check-ins falling back to the month’s last day when tomorrow is the 31st', () => {
    const items = planItems('tb_continuation', new Date('2027-01-30T08:00:00Z'));
    expect(items.map((i) => [i.label, i.dueAt.toISOString()])).toEqual([
      ['month_1', '2027-01-31T04:00:00.000Z'],
      ['month_2', '2027-02-28T04:00:00.000Z'],
      ['month_3', '2027-03-31T04:00:00.000Z'],
      ['month_4', '2027-04-30T04:00:00.000Z'],
    ]);
  });
});

describe('legalDeadlineDueAt', () => {
  const now = new Date('2026-11-26T06:00:00Z'); // 12:00 in Bishkek

  it('should be due at 10:00 Bishkek three days before the deadline when that is ahead', () => {
    expect(legalDeadlineDueAt('2026-12-10', now).toISOString()).toBe('2026-12-07T04:00:00.000Z');
  });

  it('should be due tomorrow at 10:00 when 10:00 three days before the deadline has passed', () => {
    expect(legalDeadlineDueAt('2026-11-28', now).toISOString()).toBe('2026-11-27T04:00:00.000Z');
    expect(legalDeadlineDueAt('2026-11-29', now).toISOString()).toBe('2026-11-27T04:00:00.000Z');
    expect(legalDeadlineDueAt('2020-01-01', now).toISOString()).toBe('2026-11-27T04:00:00.000Z');
  });

  it('should keep today’s 10:00 three days ahead of the deadline while that time is still to come', () => {
    const early = new Date('2026-11-26T03:00:00Z'); // 09:00 in Bishkek
    expect(legalDeadlineDueAt('2026-11-29', early).toISOString()).toBe('2026-11-26T04:00:00.000Z');
  });
});
