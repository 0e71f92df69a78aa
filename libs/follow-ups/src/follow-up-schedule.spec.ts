import { bishkekSummaryBounds, monitoringSchedule, planReminders } from './follow-up-schedule';

describe('planReminders', () => {
  const now = new Date('2026-03-10T06:00:00Z');

  it('should plan 24 h before and at due when both are ahead', () => {
    const due = new Date('2026-03-13T06:00:00Z');
    expect(planReminders(due, now, [1440, 0])).toEqual([
      { kind: 'before_due', fireAt: new Date('2026-03-12T06:00:00Z') },
      { kind: 'at_due', fireAt: due },
    ]);
  });

  it('should keep only the at-due reminder when the earlier fire time has passed', () => {
    const due = new Date('2026-03-10T12:00:00Z');
    expect(planReminders(due, now, [1440, 0])).toEqual([{ kind: 'at_due', fireAt: due }]);
  });

  it('should add the at-due reminder when the offsets leave out 0', () => {
    const due = new Date('2026-03-20T06:00:00Z');
    expect(planReminders(due, now, [60]).map((r) => r.kind)).toEqual(['before_due', 'at_due']);
  });
});

describe('monitoringSchedule', () => {
  it('should schedule 1/3/6/12 calendar months later at 09:00 Bishkek when closed mid-month', () => {
    // 2026-01-15 20:00 UTC is already 16 January in Bishkek
    const got = monitoringSchedule(new Date('2026-01-15T20:00:00Z'));
    expect(got.map((m) => [m.kind, m.dueAt.toISOString()])).toEqual([
      ['monitoring_1m', '2026-02-16T03:00:00.000Z'],
      ['monitoring_3m', '2026-04-16T03:00:00.000Z'],
      ['monitoring_6m', '2026-07-16T03:00:00.000Z'],
      ['monitoring_12m', '2027-01-16T03:00:00.000Z'],
    ]);
  });

  it('should fall back to the month’s last day when closed on the 31st', () => {
    const got = monitoringSchedule(new Date('2026-01-31T05:00:00Z'));
    expect(got[0].dueAt.toISOString()).toBe('2026-02-28T03:00:00.000Z');
    expect(got[1].dueAt.toISOString()).toBe('2026-04-30T03:00:00.000Z');
  });
});

describe('bishkekSummaryBounds', () => {
  it('should end today at Bishkek midnight and the week on Sunday night when it is Wednesday', () => {
    // Wednesday 2026-03-11 23:30 in Bishkek
    const b = bishkekSummaryBounds(new Date('2026-03-11T17:30:00Z'));
    expect(b.startOfTomorrow.toISOString()).toBe('2026-03-11T18:00:00.000Z');
    expect(b.startOfNextWeek.toISOString()).toBe('2026-03-15T18:00:00.000Z');
  });
});
